"""Exponential ElGamal over the Ed25519 subgroup.

Key pair (s, K = s·B). Enc_K(m; r) = (α, β) = (r·B, m·B + r·K). Homomorphic:
Enc(m₁; r₁) + Enc(m₂; r₂) = Enc(m₁ + m₂; r₁ + r₂). Partial decryption D = s·α;
decryption to a point β − s·α = m·B (the small discrete log is in threshold.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .codec import expect_keys, point_field
from .errors import MalformedInput
from .group import BASE, IDENTITY, Point, Rng, Scalar, small_multiple


@dataclass(frozen=True, slots=True)
class KeyPair:
    """An ElGamal key pair: secret s, public K = s·B."""

    secret: Scalar
    public: Point

    @classmethod
    def generate(cls, *, rng: Rng = secrets.token_bytes) -> KeyPair:
        """Random s ≠ 0 and K = s·B."""
        s = Scalar.random(rng=rng)
        return cls(s, s * BASE)

    def __repr__(self) -> str:
        return f"KeyPair(public={self.public!r})"


@dataclass(frozen=True, slots=True)
class Ciphertext:
    """An ElGamal ciphertext (α, β)."""

    alpha: Point
    beta: Point

    @classmethod
    def zero(cls) -> Ciphertext:
        """(O, O): the neutral element, the sum of no ciphertexts."""
        return cls(IDENTITY, IDENTITY)

    def __add__(self, other: Ciphertext) -> Ciphertext:
        if not isinstance(other, Ciphertext):
            return NotImplemented
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def encode(self) -> bytes:
        """α ‖ β (64 bytes)."""
        return self.alpha.encode() + self.beta.encode()

    def to_dict(self) -> dict[str, str]:
        """{"alpha": hex, "beta": hex}."""
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, object],
        *,
        allow_identity: bool,
        deferred: bool = False,
        what: str = "ciphertext",
    ) -> Ciphertext:
        """Parse {"alpha", "beta"}; points are validated (or deferred, see Point)."""
        expect_keys(data, {"alpha", "beta"}, what)
        return cls(
            point_field(data, "alpha", what, allow_identity=allow_identity, deferred=deferred),
            point_field(data, "beta", what, allow_identity=allow_identity, deferred=deferred),
        )


def encrypt(m: int, key: Point, nonce: Scalar) -> Ciphertext:
    """Enc_K(m; r) = (r·B, m·B + r·K) for an integer m ≥ 0."""
    if key.is_identity():
        raise MalformedInput("encryption key is the identity")
    return Ciphertext(nonce * BASE, small_multiple(m) + nonce * key)


def encrypt_random(
    m: int, key: Point, *, rng: Rng = secrets.token_bytes
) -> tuple[Ciphertext, Scalar]:
    """Enc_K(m; r) with a fresh random r; returns the ciphertext and r."""
    r = Scalar.random(rng=rng)
    return encrypt(m, key, r), r


def encrypt_zero(key: Point, nonce: Scalar) -> Ciphertext:
    """Enc_K(0; r) = (r·B, r·K)."""
    return encrypt(0, key, nonce)


def add_all(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    """Σ ciphertexts (homomorphic sum; (O, O) for none)."""
    total = Ciphertext.zero()
    for c in ciphertexts:
        total = total + c
    return total


def partial_decrypt(ciphertext: Ciphertext, secret: Scalar) -> Point:
    """D = s·α."""
    return secret * ciphertext.alpha


def decrypt_to_point(ciphertext: Ciphertext, secret: Scalar) -> Point:
    """β − s·α = m·B."""
    return ciphertext.beta - secret * ciphertext.alpha
