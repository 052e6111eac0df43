"""The group layer: encodings, validation, zero and identity, libsodium cross-checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

from ballot_service.crypto.errors import InvalidPoint, InvalidScalar, MalformedInput
from ballot_service.crypto.group import BASE, IDENTITY, ORDER, Point, Scalar, small_multiple

from .conftest import nonzero_scalars, scalars

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "crypto_group.json").read_text())
INVALID = VECTORS["invalid"]


def test_order_and_base_match_rfc8032() -> None:
    assert ORDER == 2**252 + 27742317777372353535851937790883648493
    assert BASE.hex() == "58" + "66" * 31
    assert Point.decode(BASE.encode()) == BASE
    assert Scalar(ORDER - 1) * BASE == -BASE


def test_scalar_decode_rejects_non_reduced() -> None:
    for text in INVALID["non_reduced_scalars"]:
        with pytest.raises(InvalidScalar, match="not reduced"):
            Scalar.from_hex(text)
    assert int(Scalar.decode((ORDER - 1).to_bytes(32, "little"))) == ORDER - 1
    with pytest.raises(MalformedInput, match="expected 32 bytes"):
        Scalar.decode(b"\x01" * 31)


@given(scalars, scalars)
def test_scalar_arithmetic_matches_integers(a: Scalar, b: Scalar) -> None:
    assert int(a + b) == (int(a) + int(b)) % ORDER
    assert int(a - b) == (int(a) - int(b)) % ORDER
    assert int(a * b) == int(a) * int(b) % ORDER
    assert int(-a) == -int(a) % ORDER


@given(nonzero_scalars)
def test_inverse(a: Scalar) -> None:
    assert int(a * a.inverse()) == 1


def test_zero_has_no_inverse() -> None:
    with pytest.raises(InvalidScalar, match="no inverse"):
        Scalar(0).inverse()


@given(scalars, scalars)
def test_mult_is_linear(a: Scalar, b: Scalar) -> None:
    assert (a + b) * BASE == a * BASE + b * BASE
    p = b * BASE
    assert a * p == (a * b) * BASE
    assert a * BASE - a * BASE == IDENTITY


def test_zero_scalar_and_identity_are_handled() -> None:
    p = Scalar(5) * BASE
    assert Scalar(0) * BASE == IDENTITY
    assert Scalar(0) * p == IDENTITY
    assert Scalar(9) * IDENTITY == IDENTITY
    assert p + IDENTITY == p and IDENTITY + p == p and p - IDENTITY == p
    assert p - p == IDENTITY and (p - p).is_identity()
    assert small_multiple(0) == IDENTITY and small_multiple(1) == BASE


def test_identity_only_where_allowed() -> None:
    with pytest.raises(InvalidPoint, match="identity is not allowed"):
        Point.decode(IDENTITY.encode())
    assert Point.decode(IDENTITY.encode(), allow_identity=True) == IDENTITY


@pytest.mark.parametrize("text", INVALID["small_order"] + INVALID["small_order_sign_bit"])
def test_small_order_points_rejected(text: str) -> None:
    with pytest.raises(InvalidPoint):
        Point.from_hex(text, allow_identity=True)
    with pytest.raises(InvalidPoint):
        Scalar(3) * Point.decode_deferred(bytes.fromhex(text), allow_identity=True)


@pytest.mark.parametrize("text", INVALID["non_canonical"])
def test_non_canonical_rejected(text: str) -> None:
    with pytest.raises(InvalidPoint, match="non-canonical"):
        Point.from_hex(text, allow_identity=True)


@pytest.mark.parametrize("text", INVALID["off_curve"])
def test_off_curve_rejected(text: str) -> None:
    with pytest.raises(InvalidPoint, match="not on the curve"):
        Point.from_hex(text)
    with pytest.raises(InvalidPoint):
        Scalar(3) * Point.decode_deferred(bytes.fromhex(text))


@pytest.mark.parametrize("text", INVALID["mixed_order"])
def test_mixed_order_rejected(text: str) -> None:
    with pytest.raises(InvalidPoint, match="mixed order"):
        Point.from_hex(text)
    deferred = Point.decode_deferred(bytes.fromhex(text))
    with pytest.raises(InvalidPoint):
        Scalar(3) * deferred
    with pytest.raises(InvalidPoint):  # a zero scalar must not skip the check
        Scalar(0) * deferred


@given(nonzero_scalars)
def test_torsion_added_to_valid_point_rejected(a: Scalar) -> None:
    t = Point.decode_deferred(bytes.fromhex(INVALID["small_order"][0]))
    with pytest.raises(InvalidPoint):
        Point.decode((a * BASE + t).encode())


def test_multiplying_an_unchecked_point_gives_a_checked_product_and_changes_nothing() -> None:
    p = Point.decode_deferred((Scalar(11) * BASE).encode())
    assert not p.checked
    product = Scalar(2) * p
    assert product.checked and product == Scalar(22) * BASE
    assert not p.checked
    p.validate()  # checks, and still changes nothing
    assert not p.checked
    with pytest.raises(AttributeError):
        p._checked = True  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["", "zz" * 32, "AB" * 32, "00" * 31, 5, "0 " * 32])
def test_hex_decoding_is_strict(bad: object) -> None:
    with pytest.raises(MalformedInput):
        Point.from_hex(bad)  # type: ignore[arg-type]


def test_points_are_immutable() -> None:
    with pytest.raises(AttributeError):
        BASE._b = b""  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()
