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


_BASE_BYTES = BASE.encode()
_IDENTITY_BYTES = IDENTITY.encode()


class Batch:
    """Products and sums for one piece of verification work (see the module docstring)."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        # Coordinates by encoding (None from _decode: not on the curve, or the point of order 2;
        # coordinates say nothing about the subgroup).
        self._known: dict[bytes, _montgomery.Extended] = {_IDENTITY_BYTES: _montgomery.IDENTITY}

    def multiply(self, pairs: Sequence[tuple[Scalar, Point]]) -> list[Point]:
        """[s·P for (s, P) in pairs] as checked Points; InvalidPoint unless every P is valid.

        Products go through the X25519 ladder (``_montgomery.multiples``), which checks on the
        way that P is in the prime-order subgroup. Where it gives no product (O, B, a zero or
        edge scalar, or an invalid point) libsodium's Edwards multiplication is used, which
        raises InvalidPoint for an invalid point.
        """
        products = [IDENTITY] * len(pairs)  # every entry is replaced below
        ladder: list[tuple[int, _montgomery.Extended]] = []
        known, decode = self._known, _decode
        for k, (s, p) in enumerate(pairs):
            coordinates = None
            encoding = p.encode()
            if encoding != _IDENTITY_BYTES and encoding != _BASE_BYTES and not s.is_zero():
                coordinates = known.get(encoding) or decode(encoding)
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
                known[encoding] = coordinates
                products[k] = _point(encoding, checked=True)
        return products

    def combine(self, sums: Sequence[Sequence[tuple[int, Point]]]) -> list[Point]:
        """[Σ sign·P for each list of (sign ±1, P)], on coordinates with one inversion for the
        batch. A result is checked when all its terms are. A list with a term that has no
        coordinates (not on the curve, or the point of order 2) is summed by libsodium, which
        raises InvalidPoint for a point not on the curve."""
        results = [IDENTITY] * len(sums)  # every entry is replaced below
        computed: list[tuple[int, _montgomery.Extended, bool]] = []
        seen, decode = self._known, _decode
        for k, terms in enumerate(sums):
            known = [
                c for _, p in terms if (c := seen.get(e := p.encode()) or decode(e)) is not None
            ]
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
            seen[encoding] = c
            results[k] = _point(encoding, checked=checked)
        return results
