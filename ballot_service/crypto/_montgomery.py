"""Products s·P of public scalars through the X25519 ladder: the arithmetic of crypto._batch.

Why: libsodium's Edwards multiplication (crypto_scalarmult_ed25519_noclamp) re-validates its
input point on every call — a second full multiplication, by ℓ. Verifying a ballot multiplies
each point several times (α by two challenges, the election key K by every response), so after
the first product, which validates the point, that check is waste. libsodium's X25519 ladder
does no such check and costs about a third as much, but returns only the Montgomery
u-coordinate. Two ladders, u(s·P) and u((s+1)·P), give the full point by the Okeya–Sakurai
y-recovery. Field inversions are shared by the whole batch (Montgomery's trick).

Maps (RFC 7748 §4.1): Curve25519 v² = u³ + A·u² + u (A = 486662) and Ed25519 are linked by
u = (1 + y)/(1 − y), v = c·u/x and back x = c·u/v, y = (u − 1)/(u + 1), with c a fixed square
root of −(A + 2) (either root gives a group isomorphism; the same one is used both ways).

x of a point without a square root in Python: for T₄ = (i, 0), i = √−1 (a point of order 4),
the Edwards addition law gives P + T₄ = (i·y, i·x), so the y-field of libsodium's encoding of
P + T₄ is i·x, and x = −i·(that field).

y-recovery (Okeya–Sakurai, CHES 2001, for B = 1): for P = (u_P, v_P), Q = s·P with u_Q ≠ u_P
known and u_R of R = Q + P,
    2·v_P·v_Q = (u_P·u_Q + 1)(u_P + u_Q + 2A) − 2A − (u_P − u_Q)²·u_R.

Scalars: X25519 clamps its scalar k (bits 0–2 cleared, bit 254 set, bit 255 cleared), so k
ranges over 2^254 + 8·t, 0 ≤ t < 2^251. P has order ℓ, so k·P = s·P when k ≡ s (mod ℓ), and
u is the same for ±s·P. One of ±s has such a k unless s ≡ ±8·m (mod ℓ) with
0 ≤ m ≤ ℓ − 2^252 ≈ 2^124.4 (7, 8, 15, 16, …, ℓ − 8, 2^255 mod ℓ, …): a chance of about
2^−126 for a hash output, but a prover may choose such simulated challenges or responses.
For those (s or s + 1 in that set) and for s ∈ {0, 1, −1}, ``multiples`` returns None for
that product and the caller uses libsodium's Edwards multiplication instead: the same
result at about three times the cost.

Validation on the way. The ladder kills any torsion component (k ≡ 0 mod 8), so for a point
P = P_G + T of mixed order it returns u(s·P_G) and u((s+1)·P_G). The y-recovery formula is the
addition law solved for v_Q: for fixed u_P ≠ u_Q and v_P ≠ 0 it is a bijection between u_R and
v_Q, and it sends exactly u(P + Q) and u(P − Q) to the two square roots of u_Q³ + A·u_Q² + u_Q.
With T ≠ O neither P + s·P_G nor P − s·P_G has the u of ±(s+1)·P_G, so the recovered (u_Q, v_Q)
is off the curve. ``multiples`` checks that curve equation for every product: a product comes
back only if P is in the prime-order subgroup, so a point's first product validates it, at the
cost of two ladders instead of libsodium's check (a full multiplication by ℓ) plus product.
A point of small order gives the ladder an all-zero result, which libsodium refuses.

Preconditions: every P is given by coordinates of a point **on the curve** (``decode``, or the
group law applied to such points) other than O and the point of order 2 (x ≠ 0). Variable time
(Python integers): **public scalars only**. The results are the same points libsodium computes;
tests/crypto/test_batch.py checks it, and that points outside the subgroup get no product.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from nacl import bindings as sodium
from nacl.exceptions import RuntimeError as SodiumError

from .curve import FIELD_PRIME as FIELD
from .curve import ORDER

_A: Final = 486662
_LOW_255: Final = (1 << 255) - 1
_K_BASE: Final = 1 << 254
_T_BOUND: Final = 1 << 251
_INV8: Final = pow(8, -1, ORDER)


def _even_root(a: int) -> int:
    """The even square root of a mod p (p ≡ 5 mod 8); a must be a square."""
    a %= FIELD
    r = pow(a, (FIELD + 3) // 8, FIELD)
    if r * r % FIELD != a:
        r = r * pow(2, (FIELD - 1) // 4, FIELD) % FIELD
    if r * r % FIELD != a:
        raise AssertionError("no square root where one must exist")
    return r if r & 1 == 0 else FIELD - r


_I: Final = _even_root(-1)
"""i = √−1, the even root: T₄ = (i, 0) is encoded as 32 zero bytes."""
_T4: Final = bytes(32)
_C: Final = _even_root(-(_A + 2))
"""c = √−486664, the even root (RFC 7748's birational map constant)."""
_INV_2C: Final = pow(2 * _C, -1, FIELD)


Extended = tuple[int, int, int, int]
"""A point in extended coordinates (X : Y : Z : T): x = X/Z, y = Y/Z, x·y = T/Z."""

IDENTITY: Final[Extended] = (0, 1, 1, 0)
"""O in extended coordinates."""
_D2: Final = 2 * (-121665 * pow(121666, -1, FIELD)) % FIELD
"""2d, d = −121665/121666 the Ed25519 curve constant."""


def decode(encoding: bytes) -> Extended | None:
    """The coordinates of a canonical encoding of a point on the curve with x ≠ 0, x from
    libsodium's P + T₄ (see the module docstring); None for anything else (y ≥ p, off the
    curve, a sign bit that does not match, O or the point of order 2). This is not a subgroup
    check: ``multiples`` makes that one."""
    n = int.from_bytes(encoding, "little")
    y = n & _LOW_255
    if y >= FIELD:
        return None
    try:
        shifted = sodium.crypto_core_ed25519_add(encoding, _T4)
    except SodiumError:
        return None
    x = (FIELD - _I) * (int.from_bytes(shifted, "little") & _LOW_255) % FIELD
    if x == 0 or x & 1 != n >> 255:  # the sign bit must agree
        return None
    return x, y, 1, x * y % FIELD


def add(p: Extended, q: Extended) -> Extended:
    """P + Q (complete formulas for a = −1: Hisil–Wong–Carter–Dawson 2008, "add-2008-hwcd-3")."""
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % FIELD
    b = (y1 + x1) * (y2 + x2) % FIELD
    c = t1 * _D2 % FIELD * t2 % FIELD
    d = 2 * z1 * z2 % FIELD
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % FIELD, g * h % FIELD, f * g % FIELD, e * h % FIELD


def negate(p: Extended) -> Extended:
    """−P = (−x, y)."""
    x, y, z, t = p
    return -x % FIELD, y, z, -t % FIELD


def encode_all(points: Sequence[Extended]) -> list[bytes]:
    """RFC 8032 encodings, with one inversion for the batch (Z ≠ 0 for every point on Ed25519)."""
    inverses = _invert_all([z for _, _, z, _ in points])
    if inverses is None:
        raise AssertionError("Z = 0 cannot occur with the complete addition formulas")
    out = []
    for (x, y, _, _), inverse in zip(points, inverses, strict=True):
        x, y = x * inverse % FIELD, y * inverse % FIELD
        out.append((y | (x & 1) << 255).to_bytes(32, "little"))
    return out


def _invert_all(values: Sequence[int]) -> list[int] | None:
    """[1/v mod p for v in values] with one inversion; None if any v ≡ 0."""
    prefix = [1]
    for v in values:
        prefix.append(prefix[-1] * v % FIELD)
    if prefix[-1] == 0:
        return None
    inverse = pow(prefix[-1], -1, FIELD)
    out = [0] * len(values)
    for k in range(len(values) - 1, -1, -1):
        out[k] = inverse * prefix[k] % FIELD
        inverse = inverse * values[k] % FIELD
    return out


_NEGATE: Final = -2 * _K_BASE * _INV8 % ORDER
"""t(−m) = _NEGATE − t(m) (mod ℓ), where t(m) = (m − 2^254)/8 mod ℓ."""


def _ladder_scalars(s: int) -> tuple[bytes, bytes] | None:
    """Clamped X25519 scalars k ≡ ±s and k' ≡ ±(s + 1) (mod ℓ), little-endian, or None
    (see the module docstring): k = 2^254 + 8·t with t = t(±s) < 2^251."""
    t_s = (s - _K_BASE) * _INV8 % ORDER
    t_next = t_s + _INV8  # t(s + 1) = t(s) + 1/8
    if t_next >= ORDER:
        t_next -= ORDER
    out = []
    for t in (t_s, t_next):
        if t >= _T_BOUND:
            t = _NEGATE - t
            if t < 0:
                t += ORDER
            if t >= _T_BOUND:
                return None
        out.append((_K_BASE + 8 * t).to_bytes(32, "little"))
    return out[0], out[1]


def _bases(points: Sequence[Extended]) -> list[tuple[bytes, int, int] | None]:
    """For each point: (u as 32 bytes, u, 1/(2v)), or None where x = 0 (O and the point of
    order 2 have no ladder form)."""
    usable = [(x, y, z) for x, y, z, _ in points if x % FIELD != 0]
    inverses = _invert_all([d for _, y, z in usable for d in ((z - y) % FIELD, z * (z + y))])
    if inverses is None:  # y = ±1 only where x = 0: cannot happen here
        return [None] * len(points)
    pending = iter(inverses)

    def prepare(x: int, y: int, z: int) -> tuple[bytes, int, int]:
        u = (z + y) * next(pending) % FIELD  # (1 + y)/(1 − y)
        # 1/(2v) with v = c·u/x:  x/(2c·u) = X·(Z − Y)/(2c·Z·(Z + Y))
        half_inv_v = x * (z - y) % FIELD * next(pending) % FIELD * _INV_2C % FIELD
        return u.to_bytes(32, "little"), u, half_inv_v

    return [prepare(x, y, z) if x % FIELD != 0 else None for x, y, z, _ in points]


Product = tuple[bytes, Extended]
"""s·P as its RFC 8032 encoding and its coordinates (Z = 1)."""


def multiples(requests: Sequence[tuple[Extended, int]]) -> list[Product | None]:
    """s·P for each (P, s) — P on the curve, x ≠ 0 (see the preconditions), s an integer in
    [0, ℓ) — or None where the ladder cannot be used (the scalars of the module docstring) or
    where P is not in the prime-order subgroup (the recovered point is off the curve)."""
    distinct = list(dict.fromkeys(p for p, _ in requests))
    prepared = dict(zip(distinct, _bases(distinct), strict=True))
    recovered: list[tuple[int, int] | None] = []
    for point, s in requests:
        base = prepared[point]
        scalars = _ladder_scalars(s) if base is not None and 1 < s < ORDER - 1 else None
        if base is None or scalars is None:
            recovered.append(None)
            continue
        k_s, k_next = scalars
        u_bytes, u_p, half_inv_v = base
        try:
            u_q = int.from_bytes(sodium.crypto_scalarmult(k_s, u_bytes), "little")
            u_r = int.from_bytes(sodium.crypto_scalarmult(k_next, u_bytes), "little")
        except SodiumError:  # an all-zero result: P has small order
            recovered.append(None)
            continue
        d = u_p - u_q
        numerator = (u_p * u_q + 1) * (u_p + u_q + 2 * _A) - 2 * _A - d * d * u_r
        v_q = numerator % FIELD * half_inv_v % FIELD
        if (v_q * v_q - ((u_q + _A) * u_q + 1) * u_q) % FIELD != 0:
            recovered.append(None)  # off the curve: P has a torsion component
            continue
        recovered.append((u_q, v_q))
    done = [item for item in recovered if item is not None]
    inverses = _invert_all([(u_q + 1) * v_q % FIELD for u_q, v_q in done])
    if inverses is None:  # u_Q = −1 or v_Q = 0 only for points of order 2 or 4: never here
        return [None] * len(requests)
    pending = iter(inverses)

    def finish(u_q: int, v_q: int) -> Product:
        both = next(pending)  # 1 / ((u_Q + 1)·v_Q)
        y = (u_q - 1) * v_q % FIELD * both % FIELD
        x = _C * u_q % FIELD * (u_q + 1) % FIELD * both % FIELD
        return (y | (x & 1) << 255).to_bytes(32, "little"), (x, y, 1, x * y % FIELD)

    return [None if item is None else finish(*item) for item in recovered]
