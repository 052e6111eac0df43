"""The prime-order subgroup of Ed25519 (order ℓ, base point B) over libsodium.

Symbols: ℓ = 2^252 + 27742317777372353535851937790883648493, B the RFC 8032 base point,
O the identity (encoding 01 00…00). Scalars are integers mod ℓ encoded as 32 bytes little-endian;
points are 32-byte RFC 8032 encodings.

libsodium edges handled here: scalar multiplication raises on a zero scalar, on the identity and
on any point outside the prime-order subgroup (it re-validates its input point), while add/sub
only check that the inputs are on the curve and may return O.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Sequence
from typing import Final, final

from nacl import bindings as sodium
from nacl.exceptions import RuntimeError as SodiumError

from .curve import FIELD_PRIME as FIELD_PRIME  # re-exported: the group's public constants
from .curve import ORDER as ORDER
from .errors import InvalidPoint, InvalidScalar, MalformedInput

Rng = Callable[[int], bytes]
"""A source of randomness: rng(n) returns n uniformly random bytes."""

SCALAR_BYTES: Final = 32
POINT_BYTES: Final = 32
_IDENTITY_BYTES: Final = b"\x01" + bytes(31)


def _check_bytes(data: object, length: int, what: str) -> bytes:
    if not isinstance(data, bytes | bytearray):
        raise MalformedInput(f"{what}: expected bytes, got {type(data).__name__}")
    if len(data) != length:
        raise MalformedInput(f"{what}: expected {length} bytes, got {len(data)}")
    return bytes(data)


@final
class Scalar:
    """An integer mod ℓ; immutable; 32-byte little-endian canonical encoding."""

    __slots__ = ("_b",)
    _b: bytes

    def __init__(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedInput(f"scalar: expected int, got {type(value).__name__}")
        object.__setattr__(self, "_b", (value % ORDER).to_bytes(SCALAR_BYTES, "little"))

    @classmethod
    def _raw(cls, data: bytes) -> Scalar:
        s = object.__new__(cls)
        object.__setattr__(s, "_b", data)
        return s

    @classmethod
    def decode(cls, data: bytes, *, what: str = "scalar") -> Scalar:
        """Decode 32 bytes little-endian; reject any value ≥ ℓ (non-canonical)."""
        raw = _check_bytes(data, SCALAR_BYTES, what)
        if int.from_bytes(raw, "little") >= ORDER:
            raise InvalidScalar(f"{what}: encoding {raw.hex()} is not reduced mod ℓ")
        return cls._raw(raw)

    @classmethod
    def from_hex(cls, text: str, *, what: str = "scalar") -> Scalar:
        """Decode a 64-character lowercase hex string (see decode)."""
        return cls.decode(hex_to_bytes(text, SCALAR_BYTES, what), what=what)

    @classmethod
    def reduce(cls, data: bytes) -> Scalar:
        """Reduce 64 bytes, read little-endian, mod ℓ (as RFC 8032 does with SHA-512 output)."""
        raw = _check_bytes(data, 64, "wide scalar")
        return cls._raw(sodium.crypto_core_ed25519_scalar_reduce(raw))

    @classmethod
    def random(cls, *, rng: Rng = secrets.token_bytes) -> Scalar:
        """Uniform non-zero scalar: draw 64 bytes, reduce mod ℓ; draw again on 0."""
        while True:
            s = cls.reduce(rng(64))
            if not s.is_zero():
                return s

    def encode(self) -> bytes:
        """32-byte little-endian encoding."""
        return self._b

    def hex(self) -> str:
        """Lowercase hex of encode()."""
        return self._b.hex()

    def __int__(self) -> int:
        return int.from_bytes(self._b, "little")

    def is_zero(self) -> bool:
        """True for the scalar 0."""
        return hmac.compare_digest(self._b, _ZERO_BYTES)

    # Arithmetic goes through libsodium so secret-dependent scalars use constant-time code.
    def __add__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented
        return Scalar._raw(sodium.crypto_core_ed25519_scalar_add(self._b, other._b))

    def __sub__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented
        return Scalar._raw(sodium.crypto_core_ed25519_scalar_sub(self._b, other._b))

    def __mul__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented
        return Scalar._raw(sodium.crypto_core_ed25519_scalar_mul(self._b, other._b))

    def __neg__(self) -> Scalar:
        return Scalar._raw(sodium.crypto_core_ed25519_scalar_negate(self._b))

    def inverse(self) -> Scalar:
        """s⁻¹ mod ℓ; raises InvalidScalar for 0."""
        if self.is_zero():
            raise InvalidScalar("scalar 0 has no inverse mod ℓ")
        return Scalar._raw(sodium.crypto_core_ed25519_scalar_invert(self._b))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scalar):
            return NotImplemented
        return hmac.compare_digest(self._b, other._b)

    def __hash__(self) -> int:
        return hash(self._b)

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        # Pickled as its canonical bytes (the verification pool's answers, process to process).
        return (Scalar._raw, (self._b,))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Scalar is immutable")

    def __repr__(self) -> str:
        return f"Scalar({self._b[:4].hex()}…)"


_ZERO_BYTES: Final = bytes(SCALAR_BYTES)


@final
class Point:
    """An element of the prime-order subgroup of Ed25519; immutable; 32-byte encoding.

    A point is born *checked* or *pending* and stays so: nothing changes a Point once made.
    ``decode`` (and ``from_hex``) checks it fully. ``decode_deferred`` checks only the length
    and the identity rule and gives a pending point (``checked`` False), for sums of points
    already verified elsewhere and for the crypto package's own parsing of a received ballot,
    which ``ballot_verify.verify_ballot`` turns into a checked Ballot. A multiplication by
    libsodium checks its input point every time; ``validate()`` checks one now.
    """

    __slots__ = ("_b", "_checked")
    _b: bytes
    _checked: bool

    def __init__(self) -> None:
        raise TypeError("use Point.decode, Point.decode_deferred or group operations")

    @classmethod
    def _raw(cls, data: bytes, checked: bool) -> Point:
        p = object.__new__(cls)
        object.__setattr__(p, "_b", data)
        object.__setattr__(p, "_checked", checked)
        return p

    @classmethod
    def decode(cls, data: bytes, *, allow_identity: bool = False, what: str = "point") -> Point:
        """Decode and validate: canonical, on the curve, in the subgroup, O only if allowed."""
        p = cls.decode_deferred(data, allow_identity=allow_identity, what=what)
        if p.checked:  # O
            return p
        p.validate(what=what)
        return cls._raw(p._b, True)

    @classmethod
    def decode_deferred(
        cls, data: bytes, *, allow_identity: bool = False, what: str = "point"
    ) -> Point:
        """Decode checking length and the identity rule only; see the class docstring."""
        raw = _check_bytes(data, POINT_BYTES, what)
        if raw == _IDENTITY_BYTES:
            if not allow_identity:
                raise InvalidPoint(f"{what}: the identity is not allowed here")
            return cls._raw(raw, True)
        return cls._raw(raw, False)

    @classmethod
    def from_hex(cls, text: str, *, allow_identity: bool = False, what: str = "point") -> Point:
        """Decode a 64-character lowercase hex string (see decode)."""
        raw = hex_to_bytes(text, POINT_BYTES, what)
        return cls.decode(raw, allow_identity=allow_identity, what=what)

    def validate(self, *, what: str = "point") -> None:
        """Run the full check now (nothing to do for a checked point); raise InvalidPoint
        naming the fault. The point itself does not change: see ``checked``."""
        if self._checked:
            return
        if not sodium.crypto_core_ed25519_is_valid_point(self._b):
            raise InvalidPoint(f"{what}: {self._b.hex()} is {_diagnose(self._b)}")

    @property
    def checked(self) -> bool:
        """True if the point was made known to be a valid subgroup element (or O)."""
        return self._checked

    def encode(self) -> bytes:
        """32-byte RFC 8032 encoding."""
        return self._b

    def hex(self) -> str:
        """Lowercase hex of encode()."""
        return self._b.hex()

    def is_identity(self) -> bool:
        """True for O."""
        return self._b == _IDENTITY_BYTES

    def __add__(self, other: Point) -> Point:
        if not isinstance(other, Point):
            return NotImplemented
        if self.is_identity():
            return other
        if other.is_identity():
            return self
        try:
            out = sodium.crypto_core_ed25519_add(self._b, other._b)
        except SodiumError:
            raise InvalidPoint(
                f"point addition: an operand is not on the curve "
                f"({self._b.hex()}, {other._b.hex()})"
            ) from None
        return Point._raw(out, self._checked and other._checked)

    def __sub__(self, other: Point) -> Point:
        if not isinstance(other, Point):
            return NotImplemented
        if other.is_identity():
            return self
        try:
            out = sodium.crypto_core_ed25519_sub(self._b, other._b)
        except SodiumError:
            raise InvalidPoint(
                f"point subtraction: an operand is not on the curve "
                f"({self._b.hex()}, {other._b.hex()})"
            ) from None
        return Point._raw(out, self._checked and other._checked)

    def __neg__(self) -> Point:
        return IDENTITY - self

    def __rmul__(self, scalar: Scalar) -> Point:
        """s·P; s·P = O when s = 0 or P = O; B uses libsodium's fixed-base table."""
        if not isinstance(scalar, Scalar):
            return NotImplemented
        if self.is_identity():
            return self
        if scalar.is_zero():
            self.validate()  # libsodium is not called, so validate here
            return IDENTITY
        if self._b == _BASE_BYTES:
            return Point._raw(sodium.crypto_scalarmult_ed25519_base_noclamp(scalar.encode()), True)
        try:
            out = sodium.crypto_scalarmult_ed25519_noclamp(scalar.encode(), self._b)
        except SodiumError:
            # 0 < s < ℓ and P ≠ O, so the only cause is an invalid P.
            self.validate()
            raise AssertionError("libsodium rejected a valid point") from None
        return Point._raw(out, True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Point):
            return NotImplemented
        return self._b == other._b

    def __hash__(self) -> int:
        return hash(self._b)

    def __reduce__(self) -> tuple[object, tuple[bytes, bool]]:
        # Pickled with its checked flag: pickle is for the service's own worker processes only
        # (services/verify_pool.py); an untrusted party's bytes are never unpickled.
        return (Point._raw, (self._b, self._checked))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Point is immutable")

    def __repr__(self) -> str:
        return f"Point({self._b[:4].hex()}…)"


def multiply_public(pairs: Sequence[tuple[Scalar, Point]]) -> list[Point]:
    """[s·P for (s, P) in pairs], for **public** scalars (verification): variable time.

    The same points as ``s * P``, each a checked Point, computed by the private fast path
    (crypto._batch: the X25519 ladder, which checks on the way that P is in the prime-order
    subgroup; libsodium where the ladder gives no product). It returns only if **every** P is
    a valid subgroup element (or O), and raises InvalidPoint otherwise; the P themselves do not
    change (a pending P stays pending: its caller knows from the return that it is valid).
    """
    from . import _batch  # the fast path loads on first use, not with the group

    return _batch.Batch().multiply(pairs)


def combine_public(sums: Sequence[Sequence[tuple[int, Point]]]) -> list[Point]:
    """[Σ sign·P for each list of (sign ±1, P)], for verification: the same points as libsodium's
    sums, computed by the private fast path (crypto._batch: on coordinates, one inversion for
    the batch). A result is checked when all its terms are (torsion may cancel in a sum, so a
    valid sum says nothing of its terms); a term that is not on the curve raises InvalidPoint.
    """
    from . import _batch

    return _batch.Batch().combine(sums)


def _point(data: bytes, *, checked: bool) -> Point:
    """A Point from an encoding whose status the caller vouches for: for the crypto package's
    fast path (crypto._batch) and for ballot_verify, which make checked points from products
    and from points their multiplications checked."""
    return Point._raw(data, checked)


def _diagnose(raw: bytes) -> str:
    """Say why libsodium rejected an encoding (only called on failure)."""
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    if y >= FIELD_PRIME:
        return "a non-canonical encoding (y ≥ p)"
    if y in (1, FIELD_PRIME - 1) and raw[31] >> 7:
        return "a non-canonical encoding (x = 0 with the sign bit set)"
    try:
        p2 = sodium.crypto_core_ed25519_add(raw, raw)
    except SodiumError:
        return "not on the curve"
    p8 = sodium.crypto_core_ed25519_add(p2, p2)
    p8 = sodium.crypto_core_ed25519_add(p8, p8)
    if p8 == _IDENTITY_BYTES:
        return "a small-order (torsion) point"
    return "not in the prime-order subgroup (mixed order)"


def hex_to_bytes(text: object, length: int | None, what: str) -> bytes:
    """Decode lowercase hex, checking the type and (when given) the decoded length."""
    if not isinstance(text, str):
        raise MalformedInput(f"{what}: expected a hex string, got {type(text).__name__}")
    if text != text.lower():
        raise MalformedInput(f"{what}: hex must be lowercase")
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise MalformedInput(f"{what}: not a hex string: {text[:16]!r}") from None
    if len(raw) * 2 != len(text):
        raise MalformedInput(f"{what}: hex contains whitespace")
    if length is not None and len(raw) != length:
        raise MalformedInput(f"{what}: expected {length} bytes, got {len(raw)}")
    return raw


_BASE_BYTES: Final = bytes.fromhex(
    "5866666666666666666666666666666666666666666666666666666666666666"
)
BASE: Final = Point._raw(_BASE_BYTES, True)
"""B, the RFC 8032 base point (y = 4/5, x even)."""
IDENTITY: Final = Point._raw(_IDENTITY_BYTES, True)
"""O, the neutral element (x = 0, y = 1)."""
ZERO: Final = Scalar(0)
ONE: Final = Scalar(1)


def small_multiple(m: int) -> Point:
    """m·B for a non-negative integer m (m = 0 gives O)."""
    if isinstance(m, bool) or not isinstance(m, int) or m < 0:
        raise MalformedInput(f"small multiple: expected an int ≥ 0, got {m!r}")
    return Scalar(m) * BASE
