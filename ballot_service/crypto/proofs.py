"""Schnorr and Chaum–Pedersen proofs with strong Fiat–Shamir challenges.

Every challenge is c = H_tag(context…, statement…, commitments…) mod ℓ, where the context
carries the election fingerprint, the credential or trustee, and the indices (ProofContext).
Proofs are stored as (c, z) and verified by recomputing the commitments.

Schnorr, knowledge of x with P = x·G:   U = w·G; z = w + c·x;   check U' = z·G − c·P.
Chaum–Pedersen, x with P = x·G, Q = x·H: U = w·G, V = w·H; z = w + c·x;
                                        check U' = z·G − c·P, V' = z·H − c·Q.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from .codec import expect_keys, scalar_field
from .errors import InvalidProof, VerificationError
from .group import BASE, Point, Rng, Scalar
from .hashing import HashPart, hash_to_scalar


@dataclass(frozen=True, slots=True)
class ProofContext:
    """The domain tag and leading hash parts of a challenge (fingerprint, keys, indices)."""

    tag: str
    parts: tuple[HashPart, ...]

    def challenge(self, *rest: HashPart) -> Scalar:
        """c = H_tag(parts…, rest…) mod ℓ."""
        return hash_to_scalar(self.tag, *self.parts, *rest)


@dataclass(frozen=True, slots=True)
class SchnorrProof:
    """A Schnorr proof (c, z) of knowledge of log_G(P); also the ballot signature."""

    challenge: Scalar
    response: Scalar

    def to_dict(self) -> dict[str, str]:
        """{"challenge": hex, "response": hex}."""
        return {"challenge": self.challenge.hex(), "response": self.response.hex()}

    @classmethod
    def from_dict(cls, data: Mapping[str, object], *, what: str) -> SchnorrProof:
        """Parse {"challenge", "response"} (canonical scalars)."""
        expect_keys(data, {"challenge", "response"}, what)
        return cls(scalar_field(data, "challenge", what), scalar_field(data, "response", what))


ChaumPedersenProof = SchnorrProof
"""A Chaum–Pedersen proof has the same (c, z) shape."""


def prove_dlog(
    secret: Scalar,
    public: Point,
    context: ProofContext,
    *,
    generator: Point = BASE,
    rng: Rng = secrets.token_bytes,
) -> SchnorrProof:
    """Prove knowledge of x with P = x·G: U = w·G, c = H(ctx, G, P, U), z = w + c·x."""
    w = Scalar.random(rng=rng)
    c = context.challenge(generator, public, w * generator)
    return SchnorrProof(c, w + c * secret)


def verify_dlog(
    public: Point,
    proof: SchnorrProof,
    context: ProofContext,
    *,
    what: str,
    generator: Point = BASE,
    error: type[VerificationError] = InvalidProof,
) -> None:
    """Check a Schnorr proof: U' = z·G − c·P and c = H(ctx, G, P, U'). 1 mult + 1 (base) mult."""
    commitment = proof.response * generator - proof.challenge * public
    if proof.challenge != context.challenge(generator, public, commitment):
        raise error(f"{what}: challenge mismatch")


def prove_equal_dlogs(
    secret: Scalar,
    g: Point,
    h: Point,
    p: Point,
    q: Point,
    context: ProofContext,
    *,
    rng: Rng = secrets.token_bytes,
) -> ChaumPedersenProof:
    """Prove x with P = x·G and Q = x·H: c = H(ctx, G, H, P, Q, U, V), z = w + c·x."""
    w = Scalar.random(rng=rng)
    c = context.challenge(g, h, p, q, w * g, w * h)
    return SchnorrProof(c, w + c * secret)


def verify_equal_dlogs(
    g: Point,
    h: Point,
    p: Point,
    q: Point,
    proof: ChaumPedersenProof,
    context: ProofContext,
    *,
    what: str,
) -> None:
    """Check U' = z·G − c·P, V' = z·H − c·Q, c = H(ctx, G, H, P, Q, U', V'). 4 mults."""
    z, c = proof.response, proof.challenge
    u = z * g - c * p
    v = z * h - c * q
    if c != context.challenge(g, h, p, q, u, v):
        raise InvalidProof(f"{what}: Chaum–Pedersen challenge mismatch")
