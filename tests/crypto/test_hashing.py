"""Domain-separated hashing: unambiguous, typed, tag-checked."""

from __future__ import annotations

import hashlib

import pytest

from ballot_service.crypto.errors import MalformedInput
from ballot_service.crypto.group import ORDER, Scalar
from ballot_service.crypto.hashing import hash32, hash_to_scalar, tagged_hash


def test_literal_construction() -> None:
    expected = hashlib.sha512(
        b"ballot_service/v1/t"
        + b"\x00\x00\x00\x02ab"
        + b"\x00\x00\x00\x08"
        + (7).to_bytes(8, "big")
    ).digest()
    assert tagged_hash("t", b"ab", 7) == expected
    assert hash32("t", b"ab", 7) == expected[:32]
    assert int(hash_to_scalar("t", b"ab", 7)) == int.from_bytes(expected, "little") % ORDER


def test_parts_are_unambiguous() -> None:
    assert tagged_hash("t", "ab", "c") != tagged_hash("t", "a", "bc")
    assert tagged_hash("t", b"") != tagged_hash("t")
    assert tagged_hash("t", 1) != tagged_hash("t", Scalar(1))
    assert tagged_hash("a", "b") != tagged_hash("ab")


@pytest.mark.parametrize("tag", ["", "Upper", "a b", "a\x00", "é"])
def test_bad_tags(tag: str) -> None:
    with pytest.raises(MalformedInput, match="hash tag"):
        tagged_hash(tag)


@pytest.mark.parametrize("part", [True, -1, 1 << 64, 1.5, None])
def test_bad_parts(part: object) -> None:
    with pytest.raises(MalformedInput):
        tagged_hash("t", part)  # type: ignore[arg-type]
