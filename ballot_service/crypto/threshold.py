"""Threshold decryption: decryption shares, Lagrange combination, small discrete log.

Trustee m's share of (α, β): D_m = s_m·α with a Chaum–Pedersen proof that
log_B(VK_m) = log_α(D_m), context H_"decryption-share"(fp, m, i, j, β, …) for tally cell (i, j).
For a set S of k trustee indices: λ_m = Π_{j∈S, j≠m} j / (j − m) mod ℓ and
M = β − Σ_{m∈S} λ_m·D_m = t·B; t is found by baby-step giant-step in [0, bound].
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .codec import (
    FORMAT_VERSION,
    expect_keys,
    expect_mapping,
    expect_version,
    int_field,
    point_field,
)
from .dkg import MAX_TRUSTEES, check_index
from .elgamal import Ciphertext
from .errors import DecryptionError, MalformedInput
from .group import BASE, IDENTITY, Point, Rng, Scalar
from .proofs import ChaumPedersenProof, ProofContext, SchnorrProof, prove_equal_dlogs
from .proofs import verify_equal_dlogs as _verify_cp

SHARE_TAG = "decryption-share"
MAX_OFFICIAL_INDEX = 1 << 16


def _context(fp: bytes, trustee: int, official: int, level: int, beta: Point) -> ProofContext:
    for name, value in (("official", official), ("level", level)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value < MAX_OFFICIAL_INDEX
        ):
            raise MalformedInput(f"decryption share: {name} index {value!r} out of range")
    return ProofContext(SHARE_TAG, (fp, trustee, official, level, beta))


@dataclass(frozen=True, slots=True)
class DecryptionShare:
    """D_m = s_m·α for one tally cell, with its Chaum–Pedersen proof."""

    trustee: int
    share: Point
    proof: ChaumPedersenProof
    version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, object]:
        """{"version", "trustee", "share", "proof": {"challenge", "response"}}."""
        return {
            "version": self.version,
            "trustee": self.trustee,
            "share": self.share.hex(),
            "proof": self.proof.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: object) -> DecryptionShare:
        """Parse; D may be the identity (the share of an empty tally's α = O)."""
        what = "decryption share"
        d = expect_mapping(data, what)
        expect_keys(d, {"version", "trustee", "share", "proof"}, what)
        expect_version(d, what)
        trustee = int_field(d, "trustee", what, lo=1, hi=MAX_TRUSTEES)
        what = f"decryption share of trustee {trustee}"
        share = point_field(d, "share", what, allow_identity=True)
        proof = SchnorrProof.from_dict(
            expect_mapping(d["proof"], f"{what}: proof"), what=f"{what}: proof"
        )
        return cls(trustee, share, proof)


def make_decryption_share(
    election_fingerprint: bytes,
    trustee: int,
    secret: Scalar,
    ciphertext: Ciphertext,
    *,
    official: int,
    level: int,
    rng: Rng = secrets.token_bytes,
) -> DecryptionShare:
    """D_m = s_m·α and a proof of log_B(s_m·B) = log_α(D_m)."""
    check_index(trustee, MAX_TRUSTEES, "decryption share")
    d = secret * ciphertext.alpha
    ctx = _context(election_fingerprint, trustee, official, level, ciphertext.beta)
    proof = prove_equal_dlogs(secret, BASE, ciphertext.alpha, secret * BASE, d, ctx, rng=rng)
    return DecryptionShare(trustee, d, proof)


def verify_decryption_share(
    election_fingerprint: bytes,
    share: DecryptionShare,
    ciphertext: Ciphertext,
    verification_key: Point,
    *,
    official: int,
    level: int,
) -> None:
    """Check the Chaum–Pedersen proof of D_m against VK_m; raise InvalidProof."""
    what = f"decryption share of trustee {share.trustee}: official {official} level {level}"
    ctx = _context(election_fingerprint, share.trustee, official, level, ciphertext.beta)
    _verify_cp(BASE, ciphertext.alpha, verification_key, share.share, share.proof, ctx, what=what)


def lagrange_coefficient(index: int, indices: Sequence[int]) -> Scalar:
    """λ_m = Π_{j∈S, j≠m} j / (j − m) mod ℓ (interpolation at 0)."""
    if index not in indices or len(set(indices)) != len(indices):
        raise MalformedInput(f"Lagrange: index {index} not in the distinct set {list(indices)}")
    num, den = Scalar(1), Scalar(1)
    for j in indices:
        if j != index:
            num = num * Scalar(j)
            den = den * Scalar(j - index)
    return num * den.inverse()


def combine_shares(ciphertext: Ciphertext, shares: Mapping[int, Point], threshold: int) -> Point:
    """M = β − Σ_{m∈S} λ_m·D_m using exactly the k lowest trustee indices given."""
    if len(shares) < threshold:
        raise DecryptionError(f"combine: {len(shares)} shares, need {threshold}")
    indices = sorted(shares)[:threshold]
    total = IDENTITY
    for m in indices:
        total = total + lagrange_coefficient(m, indices) * shares[m]
    return ciphertext.beta - total


class DiscreteLog:
    """Baby-step giant-step for t·B with 0 ≤ t ≤ bound; tables are built once and reused."""

    def __init__(self, bound: int) -> None:
        if isinstance(bound, bool) or not isinstance(bound, int) or not 0 <= bound <= 1 << 32:
            raise MalformedInput(f"discrete log: bound {bound!r} outside [0, 2^32]")
        self.bound = bound
        self._step = math.isqrt(bound) + 1
        self._baby: dict[bytes, int] = {}
        point = IDENTITY
        for j in range(self._step):
            self._baby[point.encode()] = j
            point = point + BASE
        self._giant = -point  # −step·B

    def solve(self, target: Point, *, what: str = "discrete log") -> int:
        """t with t·B = target and 0 ≤ t ≤ bound; raise DecryptionError if none."""
        point = target
        for i in range(self._step + 1):
            j = self._baby.get(point.encode())
            if j is not None:
                t = i * self._step + j
                if t <= self.bound:
                    return t
                break
            point = point + self._giant
        raise DecryptionError(f"{what}: {target.hex()} is not t·B for any t in [0, {self.bound}]")


def decrypt_with_shares(
    ciphertext: Ciphertext,
    shares: Mapping[int, Point],
    threshold: int,
    dlog: DiscreteLog,
    *,
    what: str = "tally",
) -> int:
    """Combine k shares and solve the discrete log: the count t."""
    return dlog.solve(combine_shares(ciphertext, shares, threshold), what=what)
