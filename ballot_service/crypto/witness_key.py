"""A committee member's witness key, derived from its secret share so the key file keeps it.

  seed_m = H32_"witness-key"(fp, m, s_m)        (32 bytes, an Ed25519 private key seed)
The member's device signs checkpoints with the Ed25519 key of that seed (docs/LOG.md §5,
tlog-cosignature/v1); the name it cosigns under is ``member-<m>``. Whoever can open the key file
can cosign; the seed reveals nothing about s_m (a hash), and the key file's format is unchanged.
"""

from __future__ import annotations

from .dkg import MAX_TRUSTEES, check_index
from .group import Scalar
from .hashing import hash32

WITNESS_TAG = "witness-key"


def witness_name(trustee: int) -> str:
    """The witness name of trustee m on its poll's log: ``member-<m>``."""
    check_index(trustee, MAX_TRUSTEES, "witness name")
    return f"member-{trustee}"


def witness_seed(election_fingerprint: bytes, trustee: int, secret: Scalar) -> bytes:
    """seed_m = H32_"witness-key"(fp, m, s_m): the Ed25519 seed of member m's witness key."""
    check_index(trustee, MAX_TRUSTEES, "witness key")
    return hash32(WITNESS_TAG, election_fingerprint, trustee, secret)
