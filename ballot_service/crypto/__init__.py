"""Pure cryptographic core of ballot_service (docs/PROTOCOL.md is the specification).

Bottom-up: errors → group → hashing → elgamal → proofs/disjunctive → credentials → ballot;
dkg → share_transport/keyfile → threshold. No module here imports Flask or SQLAlchemy.
"""
