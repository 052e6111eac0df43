"""Ballot-card credentials and the Schnorr signature of a ballot.

Card token t (16 random bytes) → x = H_"credential"(fp, t) mod ℓ, X = x·B.
Signature of a 32-byte message M (the ballot hash) under x:
  w random; R = w·B; e = H_"credential-signature"(fp, X, M, B, X, R); s = w + e·x; σ = (e, s).
Verify: R' = s·B − e·X and e = H_"credential-signature"(fp, X, M, B, X, R').
(The context fp, X, M is followed by the Schnorr statement G = B, P = X and commitment R.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from .errors import InvalidScalar, InvalidSignature, MalformedInput
from .group import BASE, Point, Rng, Scalar
from .hashing import hash_to_scalar
from .proofs import ProofContext, SchnorrProof, prove_dlog, verify_dlog

TOKEN_BYTES = 16
CREDENTIAL_TAG = "credential"
SIGNATURE_TAG = "credential-signature"


def new_token(*, rng: Rng = secrets.token_bytes) -> bytes:
    """A fresh 128-bit card token."""
    return rng(TOKEN_BYTES)


@dataclass(frozen=True, slots=True)
class Credential:
    """A ballot credential: secret x and public X = x·B."""

    secret: Scalar
    public: Point

    @classmethod
    def from_token(cls, election_fingerprint: bytes, token: bytes) -> Credential:
        """x = H_"credential"(fp, t) mod ℓ, X = x·B."""
        if not isinstance(token, bytes) or len(token) != TOKEN_BYTES:
            raise MalformedInput(f"credential token: expected {TOKEN_BYTES} bytes")
        return cls.from_secret(hash_to_scalar(CREDENTIAL_TAG, election_fingerprint, token))

    @classmethod
    def from_secret(cls, secret: Scalar) -> Credential:
        """X = x·B for a non-zero x."""
        if secret.is_zero():
            raise InvalidScalar("credential secret is 0")
        return cls(secret, secret * BASE)

    def __repr__(self) -> str:
        return f"Credential(public={self.public!r})"


def _context(election_fingerprint: bytes, public: Point, message: bytes) -> ProofContext:
    if not isinstance(message, bytes) or len(message) != 32:
        raise MalformedInput("signed message: expected a 32-byte hash")
    return ProofContext(SIGNATURE_TAG, (election_fingerprint, public, message))


def sign(
    election_fingerprint: bytes,
    credential: Credential,
    message: bytes,
    *,
    rng: Rng = secrets.token_bytes,
) -> SchnorrProof:
    """σ = (e, s), a Schnorr signature of the 32-byte message M under x."""
    ctx = _context(election_fingerprint, credential.public, message)
    return prove_dlog(credential.secret, credential.public, ctx, rng=rng)


def verify_signature(
    election_fingerprint: bytes,
    public: Point,
    message: bytes,
    signature: SchnorrProof,
    *,
    what: str,
) -> None:
    """Check σ under X; raise InvalidSignature naming ``what``. 1 base + 1 other mult."""
    ctx = _context(election_fingerprint, public, message)
    verify_dlog(public, signature, ctx, what=f"{what}: signature", error=InvalidSignature)
