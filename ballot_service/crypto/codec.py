"""Strict parsing of the JSON-able dict forms: exact keys, typed fields, lowercase hex.

Every helper names the object (``what``) and the field in its error message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .errors import MalformedInput
from .group import Point, Scalar, hex_to_bytes

FORMAT_VERSION = 1
"""The ``version`` field of every artifact in this protocol version."""


def expect_mapping(data: object, what: str) -> Mapping[str, object]:
    """Check that data is a dict (JSON object)."""
    if not isinstance(data, Mapping):
        raise MalformedInput(f"{what}: expected an object, got {type(data).__name__}")
    return data


def expect_keys(data: Mapping[str, object], keys: set[str], what: str) -> None:
    """Check that data has exactly these keys."""
    if not isinstance(data, Mapping):
        raise MalformedInput(f"{what}: expected an object, got {type(data).__name__}")
    present = set(data.keys())
    if present != keys:
        missing, extra = sorted(keys - present), sorted(present - keys)
        raise MalformedInput(f"{what}: missing fields {missing}, unexpected fields {extra}")


def expect_version(data: Mapping[str, object], what: str) -> None:
    """Check data["version"] == FORMAT_VERSION."""
    version = data.get("version")
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise MalformedInput(f"{what}: unsupported version {version!r} (want {FORMAT_VERSION})")


def int_field(data: Mapping[str, object], key: str, what: str, *, lo: int, hi: int) -> int:
    """An int field with lo ≤ value ≤ hi."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedInput(f"{what}: {key} must be an integer, got {value!r}")
    if not lo <= value <= hi:
        raise MalformedInput(f"{what}: {key} = {value} outside [{lo}, {hi}]")
    return value


def bytes_field(data: Mapping[str, object], key: str, what: str, length: int | None) -> bytes:
    """A lowercase-hex field decoded to bytes (of the given length when not None)."""
    return hex_to_bytes(data.get(key), length, f"{what}: {key}")


def point_field(
    data: Mapping[str, object],
    key: str,
    what: str,
    *,
    allow_identity: bool = False,
    deferred: bool = False,
) -> Point:
    """A point field (validated now, or deferred to its first multiplication)."""
    raw = bytes_field(data, key, what, 32)
    if deferred:
        return Point.decode_deferred(raw, allow_identity=allow_identity, what=f"{what}: {key}")
    return Point.decode(raw, allow_identity=allow_identity, what=f"{what}: {key}")


def scalar_field(data: Mapping[str, object], key: str, what: str) -> Scalar:
    """A canonical scalar field."""
    return Scalar.decode(bytes_field(data, key, what, 32), what=f"{what}: {key}")


def list_field(
    data: Mapping[str, object],
    key: str,
    what: str,
    *,
    length: int | None = None,
    lo: int = 0,
    hi: int = 1 << 16,
) -> Sequence[object]:
    """A list field with an exact length, or a length in [lo, hi]."""
    value = data.get(key)
    if not isinstance(value, list):
        raise MalformedInput(f"{what}: {key} must be a list, got {type(value).__name__}")
    if length is not None and len(value) != length:
        raise MalformedInput(f"{what}: {key} has {len(value)} items, expected {length}")
    if not lo <= len(value) <= hi:
        raise MalformedInput(f"{what}: {key} has {len(value)} items, outside [{lo}, {hi}]")
    return value


def scalar_list(items: Sequence[object], what: str) -> tuple[Scalar, ...]:
    """A list of canonical scalars in hex."""
    return tuple(
        Scalar.decode(hex_to_bytes(x, 32, f"{what}[{i}]"), what=f"{what}[{i}]")
        for i, x in enumerate(items)
    )
