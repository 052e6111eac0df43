"""The result log: an RFC 9162 Merkle tree of canonical entries with signed checkpoints (pure).

Modules: ``hasher`` (leaf/node hashing), ``tree`` (in-memory tree), ``proofs`` (inclusion and
consistency proofs), ``checkpoint`` (signed tree heads, cosignatures), ``keys`` (the log key on
disk), ``entries`` / ``canonical`` (typed entries, canonical JSON). Spec: docs/LOG.md.
"""

from .errors import (
    CanonicalJSONError,
    CheckpointError,
    ConsistencyProofError,
    CosignatureError,
    EntryError,
    InclusionProofError,
    KeyFileError,
    LedgerError,
    TreeError,
)

__all__ = [
    "CanonicalJSONError",
    "CheckpointError",
    "ConsistencyProofError",
    "CosignatureError",
    "EntryError",
    "InclusionProofError",
    "KeyFileError",
    "LedgerError",
    "TreeError",
]
