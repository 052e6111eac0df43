"""RFC 9162 §2.1.1 Merkle tree hashing with SHA-256 (identical to RFC 6962 §2.1).

    MTH({})      = SHA-256()                       (the empty tree)
    leaf hash    = SHA-256(0x00 || d)
    node hash    = SHA-256(0x01 || left || right)

The one-byte prefixes separate leaves from interior nodes, so no leaf can be passed off as a
subtree (second-preimage resistance of the tree).
"""

from __future__ import annotations

import hashlib

HASH_SIZE = 32
"""Length in bytes of every hash in the log."""

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH of the empty tree: SHA-256 of the empty string."""


def hash_leaf(data: bytes) -> bytes:
    """Return the leaf hash SHA-256(0x00 || data) of a log entry's bytes."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """Return the interior node hash SHA-256(0x01 || left || right)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def empty_root() -> bytes:
    """Return MTH({}) = SHA-256(""), the root hash of the tree of size 0."""
    return EMPTY_ROOT
