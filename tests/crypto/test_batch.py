"""The private fast path (crypto._batch, crypto._montgomery) behind multiply_public and
combine_public: products through the X25519 ladder identical to libsodium's, never given for a
point outside the prime-order subgroup (the ladder is what validates), sums on coordinates
identical to libsodium's; no input Point changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl import bindings as sodium

from ballot_service.crypto import _montgomery as montgomery
from ballot_service.crypto.errors import InvalidPoint
from ballot_service.crypto.group import (
    BASE,
    IDENTITY,
    ORDER,
    Point,
    Scalar,
    combine_public,
    multiply_public,
)

from .conftest import nonzero_scalars, scalars

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "crypto_group.json").read_text())
INVALID = VECTORS["invalid"]

# 2^255 mod ℓ: both it and its negative have clamped representative t ≥ 2^251 (see the module
# docstring), so the ladder cannot be used and multiply_public must fall back to libsodium.
NO_LADDER = 2**255 % ORDER
EDGE = [0, 1, 2, 3, ORDER - 1, ORDER - 2, 2**251, 2**254 % ORDER, NO_LADDER, ORDER - NO_LADDER]


def libsodium_product(s: int, point: Point) -> bytes:
    if s == 0 or point.is_identity():
        return IDENTITY.encode()
    return sodium.crypto_scalarmult_ed25519_noclamp(s.to_bytes(32, "little"), point.encode())


@given(
    st.lists(st.tuples(scalars, st.integers(min_value=0, max_value=3)), min_size=1, max_size=8),
    st.lists(nonzero_scalars, min_size=4, max_size=4),
)
def test_products_equal_libsodium(pairs: list[tuple[Scalar, int]], logs: list[Scalar]) -> None:
    points = [log * BASE for log in logs]  # decoded-and-validated points: all on the ladder
    requests = [(s, points[k]) for s, k in pairs]
    got = multiply_public(requests)
    assert [p.encode() for p in got] == [libsodium_product(int(s), p) for s, p in requests]
    assert all(p.checked for p in got)


@pytest.mark.parametrize("s", EDGE)
def test_edge_scalars_equal_libsodium(s: int) -> None:
    point = Scalar(7) * BASE
    assert multiply_public([(Scalar(s), point)])[0].encode() == libsodium_product(s, point)


def test_edge_scalars_take_the_fallback_not_the_ladder() -> None:
    point = montgomery.decode((Scalar(7) * BASE).encode())
    assert point is not None
    scalars_ = [0, 1, ORDER - 1, NO_LADDER, ORDER - NO_LADDER, 2]
    out = montgomery.multiples([(point, s) for s in scalars_])
    assert out[:5] == [None] * 5 and out[5] is not None


@given(st.integers(min_value=2, max_value=ORDER - 2))
def test_ladder_scalars_are_clamped_and_congruent(s: int) -> None:
    pair = montgomery._ladder_scalars(s)  # the clamped representatives are the subtle part
    if pair is None:
        return
    for k, target in zip(pair, (s, (s + 1) % ORDER), strict=True):
        value = int.from_bytes(k, "little")
        assert value & 7 == 0 and value >> 254 == 1  # already clamped: X25519 leaves it
        assert value % ORDER in (target, ORDER - target)


def test_identity_zero_and_base_take_the_libsodium_path() -> None:
    p = Scalar(99) * BASE
    got = multiply_public(
        [(Scalar(5), IDENTITY), (Scalar(0), p), (Scalar(5), BASE), (Scalar(5), p)]
    )
    assert got == [IDENTITY, IDENTITY, Scalar(5) * BASE, Scalar(5) * p]


def test_unchecked_point_gives_checked_products_and_stays_as_it_was() -> None:
    raw = (Scalar(1234) * BASE).encode()
    p = Point.decode_deferred(raw)
    assert not p.checked
    got = multiply_public([(Scalar(3), p), (Scalar(4), p)])  # both on the ladder
    assert got == [Scalar(3 * 1234) * BASE, Scalar(4 * 1234) * BASE]
    assert all(q.checked for q in got)
    assert not p.checked  # a Point never changes: the return is what says p is valid


def test_the_fast_path_does_not_load_with_the_group() -> None:
    code = (
        "import sys, ballot_service.crypto.group as g;"
        "assert not {'ballot_service.crypto._batch', 'ballot_service.crypto._montgomery'}"
        " & set(sys.modules);"
        "g.multiply_public([(g.Scalar(3), g.Scalar(5) * g.BASE)]);"
        "assert 'ballot_service.crypto._montgomery' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("key", ["small_order", "mixed_order", "off_curve", "non_canonical"])
def test_invalid_points_are_refused(key: str) -> None:
    for text in INVALID[key]:
        raw = bytes.fromhex(text)
        if raw == IDENTITY.encode():
            continue
        p = Point.decode_deferred(raw, allow_identity=True)
        with pytest.raises(InvalidPoint):
            multiply_public([(Scalar(3), p), (Scalar(5), p)])
        assert not p.checked


TORSION = [bytes.fromhex(text) for text in INVALID["small_order"]]
"""The seven points T ≠ O of order dividing 8, one canonical encoding each."""


@given(nonzero_scalars, st.sampled_from(TORSION), st.integers(min_value=2, max_value=ORDER - 2))
def test_the_ladder_gives_no_product_for_a_mixed_order_point(
    log: Scalar,
    torsion: bytes,
    s: int,
) -> None:
    # P = P_G + T: the ladder computes u(s·P_G) and u((s+1)·P_G), the recovered point is off
    # the curve, so no product comes back (the module docstring's argument), for every s.
    valid = log * BASE
    mixed = sodium.crypto_core_ed25519_add(valid.encode(), torsion)
    coordinates = montgomery.decode(mixed)
    assert coordinates is not None  # a mixed point decodes: only the ladder can refuse it
    assert montgomery.multiples([(coordinates, s)]) == [None]
    valid_coordinates = montgomery.decode(valid.encode())
    assert valid_coordinates is not None
    product = montgomery.multiples([(valid_coordinates, s)])[0]
    assert product is None or product[0] == libsodium_product(s, valid)


@given(nonzero_scalars, st.sampled_from(TORSION))
def test_a_sum_with_a_mixed_order_term_is_refused_by_its_product(
    log: Scalar,
    torsion: bytes,
) -> None:
    # As for β − B: a sum computed on coordinates before any check, then multiplied.
    mixed = sodium.crypto_core_ed25519_add((log * BASE).encode(), torsion)
    beta = Point.decode_deferred(mixed)
    shifted = combine_public([[(1, beta), (-1, BASE)]])[0]
    assert not shifted.checked
    with pytest.raises(InvalidPoint):
        multiply_public([(Scalar(12345), shifted)])
    assert not shifted.checked and not beta.checked


NO_LADDER_SET = [7, 8, 15, 16, 8 * 12345, ORDER - 8, ORDER - 9, NO_LADDER]
"""s or s + 1 ≡ ±8·m (mod ℓ) with m ≤ ℓ − 2^252: no clamped representative (a prover can pick
such simulated challenges and responses)."""


@pytest.mark.parametrize("s", NO_LADDER_SET)
def test_scalars_without_a_clamped_form_fall_back_to_libsodium(s: int) -> None:
    p = Scalar(7) * BASE
    coordinates = montgomery.decode(p.encode())
    assert coordinates is not None
    assert montgomery.multiples([(coordinates, s)]) == [None]
    assert multiply_public([(Scalar(s), p)])[0].encode() == libsodium_product(s, p)


MIXED_SCALARS = [
    2,
    3,
    7,
    8,
    9,
    ORDER - 2,
    ORDER - 3,
    (ORDER - 1) // 2,
    (ORDER + 1) // 2,
    2**252 % ORDER,
    2**254 % ORDER,
    NO_LADDER,
]


@pytest.mark.parametrize("torsion", TORSION)
@pytest.mark.parametrize("s", MIXED_SCALARS)
def test_every_torsion_point_with_every_edge_scalar_is_refused(torsion: bytes, s: int) -> None:
    valid = (Scalar(987654321) * BASE).encode()
    mixed = sodium.crypto_core_ed25519_add(valid, torsion)
    coordinates = montgomery.decode(mixed)
    assert coordinates is not None
    assert montgomery.multiples([(coordinates, s)]) == [None]
    p = Point.decode_deferred(mixed)
    with pytest.raises(InvalidPoint):  # also when batched behind a valid point
        multiply_public([(Scalar(s), Point.decode_deferred(valid)), (Scalar(s), p)])
    assert not p.checked


@pytest.mark.parametrize("torsion", TORSION)
def test_cancelling_torsion_validates_the_sum_not_its_terms(torsion: bytes) -> None:
    negated = sodium.crypto_core_ed25519_sub(IDENTITY.encode(), torsion)
    a = Point.decode_deferred(sodium.crypto_core_ed25519_add((Scalar(5) * BASE).encode(), torsion))
    b = Point.decode_deferred(sodium.crypto_core_ed25519_add((Scalar(6) * BASE).encode(), negated))
    total = combine_public([[(1, a), (1, b)]])[0]
    assert total == Scalar(11) * BASE and not total.checked
    product = multiply_public([(Scalar(3), total)])
    assert product == [Scalar(33) * BASE] and product[0].checked
    assert not total.checked and not a.checked and not b.checked
    with pytest.raises(InvalidPoint):  # the terms themselves are refused by their products
        multiply_public([(Scalar(3), a)])


def test_points_without_a_ladder_form_are_not_decoded() -> None:
    p = (Scalar(5) * BASE).encode()
    y = int.from_bytes(p, "little") & ((1 << 255) - 1)
    flipped = (int.from_bytes(p, "little") ^ (1 << 255)).to_bytes(32, "little")
    assert montgomery.decode(p) is not None
    assert montgomery.decode(flipped) is not None  # −P: the other sign is a point too
    non_canonical = (y + montgomery.FIELD).to_bytes(32, "little") if y < 19 else None
    for raw in (
        IDENTITY.encode(),
        bytes.fromhex(INVALID["small_order"][3]),  # O, (0, −1)
        (1 | 1 << 255).to_bytes(32, "little"),  # x = 0 with the sign bit set
        *(bytes.fromhex(t) for t in INVALID["off_curve"] + INVALID["non_canonical"]),
    ):
        assert montgomery.decode(raw) is None, raw.hex()
    assert non_canonical is None  # 5·B's y is not below 19, so it has no second encoding


def test_x_recovered_through_the_order_four_point() -> None:
    xyzt = montgomery.decode(BASE.encode())
    assert xyzt is not None
    x, y, z, t = xyzt
    assert z == 1 and t == x * y % montgomery.FIELD
    assert y == 4 * pow(5, -1, montgomery.FIELD) % montgomery.FIELD
    # RFC 8032 §5.1: the base point's x
    assert x == 15112221349535400772501151409588531511454012693041857206046113283949847762202


def test_small_order_input_never_raises_from_the_ladder() -> None:
    # Outside the precondition (multiply_public never sends it): no exception, no product.
    for text in INVALID["small_order"]:
        raw = bytes.fromhex(text)
        if raw == IDENTITY.encode():
            continue
        coordinates = montgomery.decode(raw)
        if coordinates is not None:
            assert montgomery.multiples([(coordinates, 5)]) == [None]


@given(
    st.lists(
        st.tuples(st.sampled_from([1, -1]), st.integers(min_value=0, max_value=4)),
        min_size=1,
        max_size=6,
    ),
    st.lists(nonzero_scalars, min_size=5, max_size=5),
)
def test_combine_equals_libsodium_sums(terms: list[tuple[int, int]], logs: list[Scalar]) -> None:
    points = [Point.decode((log * BASE).encode()) for log in logs]
    expected = IDENTITY
    for sign, k in terms:
        expected = expected + points[k] if sign > 0 else expected - points[k]
    got = combine_public([[(sign, points[k]) for sign, k in terms]])[0]
    assert got == expected and got.checked
    # and its coordinates feed the ladder: the same products as libsodium's
    if not got.is_identity():
        assert multiply_public([(Scalar(5), got)]) == [Scalar(5) * expected]


def test_combine_cancelling_terms_give_the_identity() -> None:
    p = Scalar(77) * BASE
    assert combine_public([[(1, p), (-1, p)], [(1, p), (1, BASE), (-1, BASE)]]) == [IDENTITY, p]


def test_combine_with_an_unvalidated_point_stays_unvalidated() -> None:
    p = Point.decode_deferred((Scalar(5) * BASE).encode())
    got = combine_public([[(1, p), (1, BASE)]])[0]
    assert got == Scalar(6) * BASE and not got.checked and not p.checked


def test_combine_with_a_point_off_the_curve_uses_libsodium_which_refuses_it() -> None:
    p = Point.decode_deferred(bytes.fromhex(INVALID["off_curve"][0]))
    with pytest.raises(InvalidPoint):
        combine_public([[(1, p), (1, BASE)]])
