"""s·P for one fixed point P and many public scalars s, through the X25519 Montgomery ladder.

Why: libsodium's Edwards multiplication (crypto_scalarmult_ed25519_noclamp) re-validates its
input point on every call — a second full multiplication, by ℓ — which for a point validated
once and multiplied thousands of times (the election key K in ballot verification) is pure
waste. libsodium's X25519 ladder does no such check and costs about a third as much, but it
returns only the Montgomery u-coordinate. Two ladders, u(s·P) and u((s+1)·P), give the full
point by the Okeya–Sakurai y-recovery, and a batch shares one field inversion.

Maps (RFC 7748 §4.1): Curve25519 v² = u³ + A·u² + u (A = 486662) and Ed25519 are linked by
u = (1 + y)/(1 − y), v = c·u/x and back x = c·u/v, y = (u − 1)/(u + 1), with c a fixed square
root of −(A + 2) (either root gives a group isomorphism; the same one is used both ways).

y-recovery (Okeya–Sakurai, CHES 2001, for B = 1): for P = (u_P, v_P), Q = s·P with u_Q ≠ u_P
known and u_R of R = Q + P,
    2·v_P·v_Q = (u_P·u_Q + 1)(u_P + u_Q + 2A) − 2A − (u_P − u_Q)²·u_R.

Scalars: X25519 clamps its scalar k (bits 0–2 cleared, bit 254 set, bit 255 cleared), so k
ranges over 2^254 + 8·t, 0 ≤ t < 2^251. P has order ℓ, so k·P = s·P when k ≡ s (mod ℓ), and
u is the same for ±s·P; for every s one of ±s has such a k except when t falls in a window of
width about 2^126 (probability ~2^−126): then, and for s ∈ {0, 1, −1}, ``multiples`` returns
None for that scalar and the caller uses libsodium's Edwards multiplication instead.

Variable time (Python integers): **public scalars only**. Nothing here validates the result
against a ladder fault; tests/crypto/test_montgomery.py checks it equals libsodium's
crypto_scalarmult_ed25519_noclamp, and a wrong product could only make a valid proof fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from nacl import bindings as sodium

FIELD: Final = 2**255 - 19
"""p, the field prime."""
ORDER: Final = 2**252 + 27742317777372353535851937790883648493
"""ℓ, the order of the prime-order subgroup."""

_A: Final = 486662
_D: Final = -121665 * pow(121666, -1, FIELD) % FIELD
_SQRT_M1: Final = pow(2, (FIELD - 1) // 4, FIELD)
_LOW_255: Final = (1 << 255) - 1
_K_BASE: Final = 1 << 254
_T_BOUND: Final = 1 << 251
_INV8: Final = pow(8, -1, ORDER)


def _sqrt(a: int) -> int | None:
    """A square root of a mod p, or None when a is not a square (p ≡ 5 mod 8)."""
    a %= FIELD
    r = pow(a, (FIELD + 3) // 8, FIELD)
    if r * r % FIELD == a:
        return r
    r = r * _SQRT_M1 % FIELD
    return r if r * r % FIELD == a else None


def _even_root(a: int) -> int:
    r = _sqrt(a)
    if r is None:
        raise AssertionError("no square root where one must exist")
    return r if r & 1 == 0 else FIELD - r


_C: Final = _even_root(-(_A + 2))
"""c = √−486664, the even root (RFC 7748's birational map constant)."""


def edwards_decode(encoding: bytes) -> tuple[int, int]:
    """(x, y) of an RFC 8032 encoding; ValueError if non-canonical or not on the curve."""
    if len(encoding) != 32:
        raise ValueError("an Edwards point encoding is 32 bytes")
    n = int.from_bytes(encoding, "little")
    y, sign = n & _LOW_255, n >> 255
    if y >= FIELD:
        raise ValueError("non-canonical encoding (y ≥ p)")
    yy = y * y % FIELD
    x = _sqrt((yy - 1) * pow(_D * yy + 1, -1, FIELD))
    if x is None:
        raise ValueError("not on the curve")
    if x == 0 and sign:
        raise ValueError("non-canonical encoding (x = 0 with the sign bit set)")
    return (FIELD - x if x & 1 != sign else x), y


def _ladder_scalar(s: int) -> bytes | None:
    """A clamped X25519 scalar k ≡ ±s (mod ℓ), little-endian, or None (see the docstring)."""
    for m in (s, ORDER - s):
        t = (m - _K_BASE) * _INV8 % ORDER
        if t < _T_BOUND:
            return (_K_BASE + 8 * t).to_bytes(32, "little")
    return None


class LadderBase:
    """A fixed Ed25519 point P (already validated by the caller: in the prime-order subgroup,
    not the identity) prepared for ``multiples``."""

    __slots__ = ("_inv_2v", "_u", "_u_bytes")

    def __init__(self, encoding: bytes) -> None:
        x, y = edwards_decode(encoding)
        if x == 0:
            raise ValueError("the identity and the point of order 2 have no ladder form")
        self._u = (1 + y) * pow(1 - y, -1, FIELD) % FIELD
        v = _C * self._u * pow(x, -1, FIELD) % FIELD
        self._u_bytes = self._u.to_bytes(32, "little")
        self._inv_2v = pow(2 * v, -1, FIELD)

    def multiples(self, scalars: Sequence[int]) -> list[bytes | None]:
        """The encodings of s·P for s in ``scalars`` (integers in [0, ℓ)); None where the
        ladder cannot be used (s ∈ {0, 1, ℓ − 1} or no clamped representative)."""
        u_p, u_bytes, inv_2v = self._u, self._u_bytes, self._inv_2v
        recovered: list[tuple[int, int] | None] = []
        for s in scalars:
            k_s = _ladder_scalar(s) if 1 < s < ORDER - 1 else None
            k_next = None if k_s is None else _ladder_scalar(s + 1)
            if k_s is None or k_next is None:
                recovered.append(None)
                continue
            u_q = int.from_bytes(sodium.crypto_scalarmult(k_s, u_bytes), "little")
            u_r = int.from_bytes(sodium.crypto_scalarmult(k_next, u_bytes), "little")
            d = u_p - u_q
            numerator = (u_p * u_q + 1) * (u_p + u_q + 2 * _A) - 2 * _A - d * d % FIELD * u_r
            recovered.append((u_q, numerator * inv_2v % FIELD))
        # One inversion for the batch (Montgomery's trick) of every (u_Q + 1)·v_Q.
        prefix = [1]
        for item in recovered:
            if item is not None:
                prefix.append(prefix[-1] * (item[0] + 1) % FIELD * item[1] % FIELD)
        if prefix[-1] == 0:  # cannot happen for subgroup points; never divide by zero
            return [None] * len(recovered)
        inverse = pow(prefix[-1], -1, FIELD)
        out: list[bytes | None] = [None] * len(recovered)
        index = len(prefix) - 1
        for position in range(len(recovered) - 1, -1, -1):
            item = recovered[position]
            if item is None:
                continue
            u_q, v_q = item
            index -= 1
            both = inverse * prefix[index] % FIELD  # 1 / ((u_Q + 1)·v_Q)
            inverse = inverse * (u_q + 1) % FIELD * v_q % FIELD
            y = (u_q - 1) * v_q % FIELD * both % FIELD
            x = _C * u_q % FIELD * (u_q + 1) % FIELD * both % FIELD
            out[position] = (y | (x & 1) << 255).to_bytes(32, "little")
        return out
