"""Domain-separated, unambiguous hashing: H_tag(parts) with SHA-512.

H_tag(x₁, …, xₙ) = SHA-512( "ballot_service/v1/" ‖ tag ‖ len(e₁) ‖ e₁ ‖ … ‖ len(eₙ) ‖ eₙ )
where eᵢ is the typed encoding of xᵢ (bytes as is, Point and Scalar as their 32 bytes, int as
8 bytes big-endian, str as UTF-8) and len is 4 bytes big-endian. Tags are ASCII [a-z0-9/-], so
they never contain the 0x00 that starts every length prefix (parts are < 2^24 bytes): the split
between tag and parts is unambiguous. Each tag has one fixed sequence of part types
(docs/PROTOCOL.md lists them), so the typed encodings need no type byte.

hash_to_scalar = H_tag read little-endian mod ℓ; hash32 = the first 32 bytes of H_tag.
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Final

from .errors import MalformedInput
from .group import Point, Scalar

DOMAIN: Final = b"ballot_service/v1/"
HashPart = bytes | Point | Scalar | int | str
_TAG = re.compile(r"[a-z0-9][a-z0-9/-]*")
_MAX_PART: Final = 1 << 24


def encode_part(part: HashPart) -> bytes:
    """Typed encoding e(x) of one part (without its length prefix)."""
    if isinstance(part, Point | Scalar):
        return part.encode()
    if isinstance(part, bytes):
        return part
    if isinstance(part, bool):
        raise MalformedInput("hash part: bool is not an encodable type")
    if isinstance(part, int):
        if not 0 <= part < 1 << 64:
            raise MalformedInput(f"hash part: int {part} outside [0, 2^64)")
        return part.to_bytes(8, "big")
    if isinstance(part, str):
        return part.encode("utf-8")
    raise MalformedInput(f"hash part: unsupported type {type(part).__name__}")


@functools.lru_cache(maxsize=64)
def _tagged_prefix(tag: str) -> bytes:
    if not _TAG.fullmatch(tag):
        raise MalformedInput(f"hash tag {tag!r} is not [a-z0-9/-]")
    return DOMAIN + tag.encode("ascii")


def tagged_hash(tag: str, *parts: HashPart) -> bytes:
    """H_tag(parts): the 64-byte SHA-512 digest described in the module docstring."""
    h = hashlib.sha512(_tagged_prefix(tag))
    for part in parts:
        enc = encode_part(part)
        if len(enc) >= _MAX_PART:
            raise MalformedInput(f"hash part of {len(enc)} bytes is too long")
        h.update(len(enc).to_bytes(4, "big"))
        h.update(enc)
    return h.digest()


def hash_to_scalar(tag: str, *parts: HashPart) -> Scalar:
    """H_tag(parts) read as a 512-bit little-endian integer, reduced mod ℓ."""
    return Scalar.reduce(tagged_hash(tag, *parts))


def hash32(tag: str, *parts: HashPart) -> bytes:
    """The first 32 bytes of H_tag(parts) (ballot hashes, tracking codes, fingerprints)."""
    return tagged_hash(tag, *parts)[:32]
