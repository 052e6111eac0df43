"""The private fast path of verification: products and sums of public points in batches.

Behind ``group.multiply_public`` / ``group.combine_public`` and ``ballot_verify``'s fast mode
(docs/PROTOCOL.md §2 gives the method and its soundness argument; ``_montgomery`` the
arithmetic). Every result is the point libsodium computes; ``ballot_verify``'s reference mode
verifies without this module, and tests/crypto/test_ballot_modes.py checks that both agree.

A Batch belongs to one caller for one piece of work (one ballot's verification). It keeps the
coordinates of the points it has met, by encoding: decoded ones, and those of the products and
sums it made, so a product of a sum, or a sum of products, costs no decoding. It keeps no
validation state: whether a Point is checked is fixed when the Point is made, and a product
comes back only if its point is in the prime-order subgroup. Decoding an encoding to
coordinates is a pure function of the encoding, memoised for the process (``_decode``), so the
points of a ballot verified earlier (the verifier's sums per chunk) are not decoded again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from . import _montgomery
from .group import BASE, IDENTITY, Point, Scalar, _point

_DECODED_MAX = 1 << 13
"""Encodings whose coordinates the process remembers (a K = 50, L = 3 chunk of 4 ballots
decodes about 1,200)."""


@functools.lru_cache(maxsize=_DECODED_MAX)
def _decode(encoding: bytes) -> _montgomery.Extended | None:
    """_montgomery.decode, memoised: the same encoding always gives the same coordinates."""
    return _montgomery.decode(encoding)


class Batch:
    """Products and sums for one piece of verification work (see the module docstring)."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[bytes, _montgomery.Extended] = {}

    def coordinates(self, point: Point) -> _montgomery.Extended | None:
        """The point's coordinates, or None for an encoding not on the curve and the point of
        order 2. Coordinates say nothing about the subgroup."""
        encoding = point.encode()
        known = self._known.get(encoding)
        if known is not None:
            return known
        if point.is_identity():
            return _montgomery.IDENTITY
        return _decode(encoding)

    def multiply(self, pairs: Sequence[tuple[Scalar, Point]]) -> list[Point]:
        """[s·P for (s, P) in pairs] as checked Points; InvalidPoint unless every P is valid.

        Products go through the X25519 ladder (``_montgomery.multiples``), which checks on the
        way that P is in the prime-order subgroup. Where it gives no product (O, B, a zero or
        edge scalar, or an invalid point) libsodium's Edwards multiplication is used, which
        raises InvalidPoint for an invalid point.
        """
        products: list[Point | None] = [None] * len(pairs)
        ladder: list[tuple[int, _montgomery.Extended]] = []
        for k, (s, p) in enumerate(pairs):
            coordinates = None
            if not s.is_zero() and not p.is_identity() and p != BASE:
                coordinates = self.coordinates(p)
            if coordinates is None:
                products[k] = s * p  # libsodium: validates p
            else:
                ladder.append((k, coordinates))
        results = _montgomery.multiples([(c, int(pairs[k][0])) for k, c in ladder])
        for (k, _), result in zip(ladder, results, strict=True):
            if result is None:
                s, p = pairs[k]
                products[k] = s * p  # validates p: raises InvalidPoint if it is not valid
            else:
                encoding, coordinates = result  # the ladder's curve check validated p
                self._known[encoding] = coordinates
                products[k] = _point(encoding, checked=True)
        return [_present(p) for p in products]

    def combine(self, sums: Sequence[Sequence[tuple[int, Point]]]) -> list[Point]:
        """[Σ sign·P for each list of (sign ±1, P)], on coordinates with one inversion for the
        batch. A result is checked when all its terms are. A list with a term that has no
        coordinates (not on the curve, or the point of order 2) is summed by libsodium, which
        raises InvalidPoint for a point not on the curve."""
        results: list[Point | None] = [None] * len(sums)
        computed: list[tuple[int, _montgomery.Extended, bool]] = []
        for k, terms in enumerate(sums):
            known = [c for _, p in terms if (c := self.coordinates(p)) is not None]
            if not terms or len(known) != len(terms):
                total = IDENTITY
                for sign, p in terms:
                    total = total + p if sign > 0 else total - p
                results[k] = total
                continue
            signed = [
                c if sign > 0 else _montgomery.negate(c)
                for (sign, _), c in zip(terms, known, strict=True)
            ]
            acc = signed[0]
            for c in signed[1:]:
                acc = _montgomery.add(acc, c)
            computed.append((k, acc, all(p.checked for _, p in terms)))
        encodings = _montgomery.encode_all([c for _, c, _ in computed])
        for (k, c, checked), encoding in zip(computed, encodings, strict=True):
            self._known[encoding] = c
            results[k] = _point(encoding, checked=checked)
        return [_present(p) for p in results]


def _present(point: Point | None) -> Point:
    if point is None:
        raise AssertionError("a batch result was not computed")
    return point
