"""Fixed-base multiples through the X25519 ladder: identical to libsodium's Edwards product."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl import bindings as sodium

from ballot_service.crypto import montgomery
from ballot_service.crypto.errors import InvalidPoint
from ballot_service.crypto.group import BASE, IDENTITY, ORDER, FixedBase, Point, Scalar

from .conftest import nonzero_scalars, scalars

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "crypto_group.json").read_text())
INVALID = VECTORS["invalid"]

# 2^255 mod ℓ: both it and its negative have clamped representative t ≥ 2^251 (see the module
# docstring), so the ladder cannot be used and FixedBase must fall back to libsodium.
NO_LADDER = 2**255 % ORDER
EDGE = [0, 1, 2, 3, ORDER - 1, ORDER - 2, 2**251, 2**254 % ORDER, NO_LADDER, ORDER - NO_LADDER]


def libsodium_product(s: int, point: Point) -> bytes:
    if s == 0:
        return IDENTITY.encode()
    return sodium.crypto_scalarmult_ed25519_noclamp(s.to_bytes(32, "little"), point.encode())


@given(nonzero_scalars, st.lists(scalars, min_size=1, max_size=6))
def test_multiples_equal_libsodium(base_log: Scalar, multipliers: list[Scalar]) -> None:
    point = base_log * BASE
    got = FixedBase(point).multiply_all(multipliers)
    assert [p.encode() for p in got] == [libsodium_product(int(s), point) for s in multipliers]
    assert all(p.checked for p in got)


@pytest.mark.parametrize("s", EDGE)
def test_edge_scalars_equal_libsodium(s: int) -> None:
    point = Scalar(7) * BASE
    assert FixedBase(point).multiply_all([Scalar(s)])[0].encode() == libsodium_product(s, point)


def test_edge_scalars_take_the_fallback_not_the_ladder() -> None:
    ladder = montgomery.LadderBase((Scalar(7) * BASE).encode())
    out = ladder.multiples([0, 1, ORDER - 1, NO_LADDER, ORDER - NO_LADDER, 2])
    assert out[:5] == [None] * 5 and out[5] is not None


@given(st.integers(min_value=2, max_value=ORDER - 2))
def test_ladder_scalar_is_clamped_and_congruent(s: int) -> None:
    k = montgomery._ladder_scalar(s)  # noqa: SLF001 — the representative is the subtle part
    if k is None:
        return
    value = int.from_bytes(k, "little")
    assert value & 7 == 0 and value >> 254 == 1  # already clamped: X25519 leaves it as is
    assert value % ORDER in (s, ORDER - s)


def test_batch_with_fallbacks_keeps_order() -> None:
    point = Scalar(12345) * BASE
    multipliers = [Scalar(s) for s in (5, 0, NO_LADDER, 9, 1, ORDER - 1, 2**200)]
    got = FixedBase(point).multiply_all(multipliers)
    assert [p.encode() for p in got] == [libsodium_product(int(s), point) for s in multipliers]


def test_base_point_itself() -> None:
    assert FixedBase(BASE).multiply_all([Scalar(5)]) == [Scalar(5) * BASE]


def test_identity_is_refused() -> None:
    with pytest.raises(InvalidPoint, match="identity"):
        FixedBase(IDENTITY, what="election key")


@pytest.mark.parametrize("key", ["small_order", "mixed_order", "off_curve", "non_canonical"])
def test_invalid_points_are_refused(key: str) -> None:
    for text in INVALID[key]:
        raw = bytes.fromhex(text)
        if raw == IDENTITY.encode():
            continue
        with pytest.raises(InvalidPoint):
            FixedBase(Point.decode_deferred(raw, allow_identity=True))


def test_edwards_decode_matches_rfc8032_base_point() -> None:
    x, y = montgomery.edwards_decode(BASE.encode())
    assert y == 4 * pow(5, -1, montgomery.FIELD) % montgomery.FIELD
    assert x == 15112221349535400772501151409588531511454012693041857206046113283949847762202


@pytest.mark.parametrize("key", ["off_curve", "non_canonical"])
def test_edwards_decode_refuses_bad_encodings(key: str) -> None:
    for text in INVALID[key]:
        with pytest.raises(ValueError, match="curve|non-canonical"):
            montgomery.edwards_decode(bytes.fromhex(text))
