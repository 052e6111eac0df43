"""Pure cryptographic core of ballot_service (docs/PROTOCOL.md is the specification).

Bottom-up: errors → group → hashing → elgamal → proofs/disjunctive → credentials →
ballot_types → ballot_encrypt / ballot_verify; dkg → share_transport/keyfile → threshold.
The fast path of verification is private (_batch, over _montgomery): group.multiply_public,
group.combine_public and ballot_verify's default mode use it; ballot_verify's reference mode
does not. No module here imports Flask or SQLAlchemy.
"""
