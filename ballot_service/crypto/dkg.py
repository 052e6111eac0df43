"""Pedersen/Feldman distributed key generation, k of n trustees (indices 1…n).

Trustee i draws f_i(z) = a_i0 + a_i1·z + … + a_i,k−1·z^(k−1), publishes A_ij = a_ij·B with a
Schnorr proof of each a_ij (context H_"dkg/coefficient"(fp, i, j, k, E_i), E_i = its X25519
transport key), and sends s_i→m = f_i(m) to trustee m (share_transport.py).
Feldman check: s_i→m·B = Σ_j m^j·A_ij. Election key K = Σ_i A_i0.
Trustee m's secret s_m = Σ_i s_i→m; verification key VK_m = Σ_j m^j·(Σ_i A_ij) = s_m·B.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .codec import (
    FORMAT_VERSION,
    bytes_field,
    expect_keys,
    expect_mapping,
    expect_version,
    int_field,
    list_field,
)
from .errors import InvalidShare, MalformedInput
from .group import BASE, IDENTITY, Point, Rng, Scalar, hex_to_bytes
from .proofs import ProofContext, SchnorrProof, prove_dlog, verify_dlog

COEFFICIENT_TAG = "dkg/coefficient"
MAX_TRUSTEES = 255
TRANSPORT_KEY_BYTES = 32


def check_parameters(trustees: int, threshold: int) -> None:
    """1 ≤ k ≤ n ≤ MAX_TRUSTEES."""
    for name, value in (("trustees", trustees), ("threshold", threshold)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedInput(f"DKG: {name} must be an int, got {value!r}")
    if not 1 <= threshold <= trustees <= MAX_TRUSTEES:
        raise MalformedInput(
            f"DKG: need 1 ≤ threshold ({threshold}) ≤ trustees ({trustees}) ≤ {MAX_TRUSTEES}"
        )


def check_index(index: int, trustees: int, what: str) -> None:
    """1 ≤ index ≤ n."""
    if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= trustees:
        raise MalformedInput(f"{what}: trustee index {index!r} outside [1, {trustees}]")


@dataclass(frozen=True, slots=True)
class Polynomial:
    """A trustee's secret polynomial f_i with coefficients a_i0 … a_i,k−1."""

    coefficients: tuple[Scalar, ...]

    @classmethod
    def generate(cls, threshold: int, *, rng: Rng = secrets.token_bytes) -> Polynomial:
        """k random non-zero coefficients (degree k − 1)."""
        check_parameters(threshold, threshold)
        return cls(tuple(Scalar.random(rng=rng) for _ in range(threshold)))

    def evaluate(self, index: int) -> Scalar:
        """f_i(m) by Horner's rule."""
        x, acc = Scalar(index), Scalar(0)
        for a in reversed(self.coefficients):
            acc = acc * x + a
        return acc

    def __repr__(self) -> str:
        return f"Polynomial(degree={len(self.coefficients) - 1})"


def _context(fp: bytes, trustee: int, j: int, threshold: int, transport: bytes) -> ProofContext:
    return ProofContext(COEFFICIENT_TAG, (fp, trustee, j, threshold, transport))


@dataclass(frozen=True, slots=True)
class DkgCommitment:
    """Trustee i's public DKG message: A_i0…A_i,k−1, their proofs and its transport key E_i."""

    election: bytes
    trustee: int
    threshold: int
    transport_key: bytes
    commitments: tuple[Point, ...]
    proofs: tuple[SchnorrProof, ...]
    version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, object]:
        """The JSON-able form (hex strings)."""
        return {
            "version": self.version,
            "election": self.election.hex(),
            "trustee": self.trustee,
            "threshold": self.threshold,
            "transport_key": self.transport_key.hex(),
            "commitments": [a.hex() for a in self.commitments],
            "proofs": [p.to_dict() for p in self.proofs],
        }

    @classmethod
    def from_dict(cls, data: object) -> DkgCommitment:
        """Parse and validate every field; every A_ij is a non-identity subgroup point."""
        what = "DKG commitment"
        d = expect_mapping(data, what)
        expect_keys(
            d,
            {
                "version",
                "election",
                "trustee",
                "threshold",
                "transport_key",
                "commitments",
                "proofs",
            },
            what,
        )
        expect_version(d, what)
        trustee = int_field(d, "trustee", what, lo=1, hi=MAX_TRUSTEES)
        what = f"DKG commitment of trustee {trustee}"
        k = int_field(d, "threshold", what, lo=1, hi=MAX_TRUSTEES)
        commitments = tuple(
            Point.decode(hex_to_bytes(a, 32, f"{what}: A_{j}"), what=f"{what}: A_{j}")
            for j, a in enumerate(list_field(d, "commitments", what, length=k))
        )
        proofs = tuple(
            SchnorrProof.from_dict(
                expect_mapping(p, f"{what}: proof {j}"), what=f"{what}: proof {j}"
            )
            for j, p in enumerate(list_field(d, "proofs", what, length=k))
        )
        return cls(
            bytes_field(d, "election", what, None),
            trustee,
            k,
            bytes_field(d, "transport_key", what, TRANSPORT_KEY_BYTES),
            commitments,
            proofs,
        )


def make_commitment(
    election_fingerprint: bytes,
    trustee: int,
    polynomial: Polynomial,
    transport_key: bytes,
    *,
    rng: Rng = secrets.token_bytes,
) -> DkgCommitment:
    """A_ij = a_ij·B for each j with a Schnorr proof bound to (fp, i, j, k, E_i)."""
    k = len(polynomial.coefficients)
    check_index(trustee, MAX_TRUSTEES, "DKG commitment")
    if len(transport_key) != TRANSPORT_KEY_BYTES:
        raise MalformedInput(f"DKG commitment: transport key of {len(transport_key)} bytes")
    points, proofs = [], []
    for j, a in enumerate(polynomial.coefficients):
        big_a = a * BASE
        points.append(big_a)
        proofs.append(
            prove_dlog(
                a, big_a, _context(election_fingerprint, trustee, j, k, transport_key), rng=rng
            )
        )
    return DkgCommitment(
        election_fingerprint, trustee, k, transport_key, tuple(points), tuple(proofs)
    )


def verify_commitment(
    message: DkgCommitment, election_fingerprint: bytes, *, trustees: int, threshold: int
) -> None:
    """Check election, index, threshold, and the Schnorr proof of every A_ij."""
    check_parameters(trustees, threshold)
    what = f"DKG commitment of trustee {message.trustee}"
    check_index(message.trustee, trustees, what)
    if message.election != election_fingerprint:
        raise MalformedInput(f"{what}: made for another election")
    if (
        message.threshold != threshold
        or len(message.commitments) != threshold
        or len(message.proofs) != threshold
    ):
        raise MalformedInput(
            f"{what}: threshold {message.threshold} with "
            f"{len(message.commitments)} commitments, expected {threshold}"
        )
    for j, (big_a, proof) in enumerate(zip(message.commitments, message.proofs, strict=True)):
        if big_a.is_identity():
            raise InvalidShare(f"{what}: A_{j} is the identity")
        ctx = _context(election_fingerprint, message.trustee, j, threshold, message.transport_key)
        verify_dlog(big_a, proof, ctx, what=f"{what}: proof of A_{j}")


def _evaluate_in_exponent(index: int, points: Sequence[Point]) -> Point:
    """Σ_j m^j·P_j by Horner's rule (k − 1 multiplications)."""
    x, acc = Scalar(index), IDENTITY
    for p in reversed(points):
        acc = x * acc + p
    return acc


def verify_share(
    recipient: int, share: Scalar, commitment: DkgCommitment, *, what: str = "DKG share"
) -> None:
    """Feldman check s_i→m·B = Σ_j m^j·A_ij; raise InvalidShare naming sender and recipient."""
    check_index(recipient, MAX_TRUSTEES, what)
    if share * BASE != _evaluate_in_exponent(recipient, commitment.commitments):
        raise InvalidShare(
            f"{what}: share from trustee {commitment.trustee} to trustee "
            f"{recipient} fails the Feldman check"
        )


def _check_set(commitments: Sequence[DkgCommitment]) -> None:
    if not commitments:
        raise MalformedInput("DKG: no commitments")
    indices = [c.trustee for c in commitments]
    if len(set(indices)) != len(indices):
        raise MalformedInput(f"DKG: duplicate trustee indices {sorted(indices)}")
    if len({c.threshold for c in commitments}) != 1:
        raise MalformedInput("DKG: commitments disagree on the threshold")


def election_key(commitments: Sequence[DkgCommitment]) -> Point:
    """K = Σ_i A_i0 (raises if the sum is the identity)."""
    _check_set(commitments)
    key = IDENTITY
    for c in commitments:
        key = key + c.commitments[0]
    if key.is_identity():
        raise InvalidShare("DKG: the election key is the identity")
    return key


def aggregate_commitments(commitments: Sequence[DkgCommitment]) -> tuple[Point, ...]:
    """C_j = Σ_i A_ij for j < k (C_0 = K)."""
    _check_set(commitments)
    k = commitments[0].threshold
    out = []
    for j in range(k):
        total = IDENTITY
        for c in commitments:
            total = total + c.commitments[j]
        out.append(total)
    return tuple(out)


def verification_key(trustee: int, commitments: Sequence[DkgCommitment]) -> Point:
    """VK_m = Σ_j m^j·C_j = s_m·B."""
    check_index(trustee, MAX_TRUSTEES, "verification key")
    return _evaluate_in_exponent(trustee, aggregate_commitments(commitments))


def combine_received_shares(shares: Mapping[int, Scalar], trustees: int) -> Scalar:
    """s_m = Σ_i s_i→m over all n senders (after each passed verify_share)."""
    if sorted(shares) != list(range(1, trustees + 1)):
        raise MalformedInput(f"DKG: shares received from {sorted(shares)}, expected 1..{trustees}")
    total = Scalar(0)
    for s in shares.values():
        total = total + s
    return total
