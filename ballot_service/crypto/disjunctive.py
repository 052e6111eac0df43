"""Disjunctive Chaum–Pedersen (CDS) proof that (α, β) encrypts one of {0, 1, …, R} under K.

Branch j claims ∃r: α = r·B and β − j·B = r·K. The prover knows the true m and r:
  for j ≠ m: random c_j, v_j;  a_j = v_j·B − c_j·α,  b_j = v_j·K − c_j·(β − j·B)
  for j = m: random w;          a_m = w·B,            b_m = w·K
  c = H_tag(ctx…, R, B, K, α, β, a_0, b_0, …, a_R, b_R);  c_m = c − Σ_{j≠m} c_j;  v_m = w + c_m·r
Stored as (c_0…c_R, v_0…v_R). The verifier recomputes every a_j, b_j and checks Σ c_j = c.
Randomness is drawn in branch order: for j ≠ m, c_j then v_j; for j = m, w.
Verification cost per proof: (R+1) base mults, 3(R+1) other mults (branch_products), R
subtractions for β − j·B and 2(R+1) subtractions (``branch_commitments``; a caller's batch
may sum the b_j).
With R = 1 this is the classic 0/1 proof.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .codec import expect_keys, list_field, scalar_list
from .elgamal import Ciphertext
from .errors import InvalidProof, MalformedInput
from .group import BASE, ORDER, ZERO, Point, Rng, Scalar, small_multiple
from .proofs import ProofContext

MAX_BOUND = 64
"""Largest R supported (a ballot row needs R = 1)."""

Combine = Callable[[Sequence[Sequence[tuple[int, Point]]]], list[Point]]
"""Sums of signed points in a batch, as group.combine_public computes them."""


@functools.lru_cache(maxsize=MAX_BOUND + 1)
def _multiple(j: int) -> Point:
    return small_multiple(j)


@dataclass(frozen=True, slots=True)
class DisjunctiveProof:
    """A proof that a ciphertext encrypts one of {0…R}: challenges c_j and responses v_j."""

    challenges: tuple[Scalar, ...]
    responses: tuple[Scalar, ...]

    @property
    def bound(self) -> int:
        """R (the proof has R + 1 branches)."""
        return len(self.challenges) - 1

    def encode(self) -> bytes:
        """c_0 ‖ … ‖ c_R ‖ v_0 ‖ … ‖ v_R (64·(R+1) bytes)."""
        return b"".join(s.encode() for s in (*self.challenges, *self.responses))

    def to_dict(self) -> dict[str, list[str]]:
        """{"challenges": [hex…], "responses": [hex…]}."""
        return {
            "challenges": [c.hex() for c in self.challenges],
            "responses": [v.hex() for v in self.responses],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object], *, bound: int, what: str) -> DisjunctiveProof:
        """Parse with exactly R + 1 canonical challenges and responses."""
        expect_keys(data, {"challenges", "responses"}, what)
        n = bound + 1
        cs = scalar_list(list_field(data, "challenges", what, length=n), f"{what}: challenges")
        vs = scalar_list(list_field(data, "responses", what, length=n), f"{what}: responses")
        return cls(cs, vs)


def _check_bound(bound: int) -> None:
    if isinstance(bound, bool) or not isinstance(bound, int) or not 1 <= bound <= MAX_BOUND:
        raise MalformedInput(f"disjunctive proof: bound R = {bound!r} outside [1, {MAX_BOUND}]")


def prove_one_of(
    ciphertext: Ciphertext,
    plaintext: int,
    nonce: Scalar,
    key: Point,
    bound: int,
    context: ProofContext,
    *,
    rng: Rng = secrets.token_bytes,
) -> DisjunctiveProof:
    """Prove (α, β) = Enc_K(m; r) with m ∈ {0…R} (see the module docstring)."""
    _check_bound(bound)
    if not 0 <= plaintext <= bound:
        raise MalformedInput(f"disjunctive proof: plaintext {plaintext} outside [0, {bound}]")
    alpha, beta = ciphertext.alpha, ciphertext.beta
    simulated: dict[int, tuple[Scalar, Scalar]] = {}
    commitments: list[Point] = []
    w = ZERO
    for j in range(bound + 1):
        if j == plaintext:
            w = Scalar.random(rng=rng)
            commitments += [w * BASE, w * key]
            continue
        c_j, v_j = Scalar.random(rng=rng), Scalar.random(rng=rng)
        commitments += [v_j * BASE - c_j * alpha, v_j * key - c_j * (beta - _multiple(j))]
        simulated[j] = (c_j, v_j)
    c_m = context.challenge(bound, BASE, key, alpha, beta, *commitments)
    for c_j, _ in simulated.values():
        c_m = c_m - c_j
    simulated[plaintext] = (c_m, w + c_m * nonce)
    branches = [simulated[j] for j in range(bound + 1)]
    return DisjunctiveProof(tuple(c for c, _ in branches), tuple(v for _, v in branches))


def branch_products(
    ciphertext: Ciphertext,
    proof: DisjunctiveProof,
    key: Point,
    bound: int,
    *,
    shifted: Sequence[Point] | None = None,
) -> list[tuple[Scalar, Point]]:
    """The 3(R + 1) products a verification needs, in order: for branch j = 0…R,
    c_j·α, c_j·(β − j·B), v_j·K. A caller may compute them in a batch (multiply_public), and
    may pass the points β − j·B for j = 1…R as ``shifted`` when it has them already."""
    alpha, beta = ciphertext.alpha, ciphertext.beta
    if shifted is None:
        shifted = [beta - _multiple(j) for j in range(1, bound + 1)]
    elif len(shifted) != bound:
        raise MalformedInput(f"{len(shifted)} shifted points for bound R = {bound}")
    betas = (beta, *shifted)
    pairs: list[tuple[Scalar, Point]] = []
    for c_j, v_j, beta_j in zip(proof.challenges, proof.responses, betas, strict=True):
        pairs += [(c_j, alpha), (c_j, beta_j), (v_j, key)]
    return pairs


def branch_commitments(
    proofs: Sequence[tuple[DisjunctiveProof, Sequence[Point]]],
    *,
    combine: Combine | None = None,
) -> list[list[Point]]:
    """For each (proof, its branch_products computed by the caller): the commitments
    [a_0, b_0, …, a_R, b_R], a_j = v_j·B − c_j·α and b_j = v_j·K − c_j·(β − j·B). The a_j are
    libsodium's (v_j·B comes from its fixed-base table); the b_j of all the proofs are summed in
    one call of ``combine`` when given (a batch's sums on coordinates), else by libsodium."""
    a_terms: list[Point] = []
    b_terms: list[list[tuple[int, Point]]] = []
    for proof, products in proofs:
        if len(products) != 3 * len(proof.responses):
            raise MalformedInput(f"{len(products)} products for {len(proof.responses)} branches")
        for j, v_j in enumerate(proof.responses):
            c_alpha, c_beta, v_key = products[3 * j : 3 * j + 3]
            a_terms.append(v_j * BASE - c_alpha)
            b_terms.append([(1, v_key), (-1, c_beta)])
    if combine is None:
        b_sums = [v_key - c_beta for (_, v_key), (_, c_beta) in b_terms]
    else:
        b_sums = combine(b_terms)
    a_values, b_values = iter(a_terms), iter(b_sums)
    return [
        [next(values) for _ in range(len(proof.responses)) for values in (a_values, b_values)]
        for proof, _ in proofs
    ]


def verify_one_of(
    ciphertext: Ciphertext,
    proof: DisjunctiveProof,
    key: Point,
    bound: int,
    context: ProofContext,
    *,
    what: str,
    commitments: Sequence[Point] | None = None,
) -> None:
    """Check a proof that (α, β) encrypts one of {0…R}; raise InvalidProof naming ``what``.

    ``commitments`` are [a_0, b_0, …, a_R, b_R] computed by the caller from the
    branch_products (``branch_commitments``); when None they are computed here by libsodium
    alone: each product one at a time (validating its point), each sum by libsodium.
    """
    _check_bound(bound)
    if len(proof.challenges) != bound + 1 or len(proof.responses) != bound + 1:
        raise MalformedInput(
            f"{what}: proof has {len(proof.challenges)} branches, expected {bound + 1}"
        )
    if commitments is None:
        products = [s * p for s, p in branch_products(ciphertext, proof, key, bound)]
        commitments = branch_commitments([(proof, products)])[0]
    elif len(commitments) != 2 * (bound + 1):
        raise MalformedInput(f"{what}: {len(commitments)} commitments for {bound + 1} branches")
    total = sum(int(c_j) for c_j in proof.challenges) % ORDER  # public values: plain ints
    if total != int(
        context.challenge(bound, BASE, key, ciphertext.alpha, ciphertext.beta, *commitments)
    ):
        raise InvalidProof(f"{what}: challenge mismatch")


def prove_zero_or_one(
    ciphertext: Ciphertext,
    plaintext: int,
    nonce: Scalar,
    key: Point,
    context: ProofContext,
    *,
    rng: Rng = secrets.token_bytes,
) -> DisjunctiveProof:
    """The 0/1 proof: prove_one_of with R = 1."""
    return prove_one_of(ciphertext, plaintext, nonce, key, 1, context, rng=rng)


def verify_zero_or_one(
    ciphertext: Ciphertext,
    proof: DisjunctiveProof,
    key: Point,
    context: ProofContext,
    *,
    what: str,
    commitments: Sequence[Point] | None = None,
) -> None:
    """Check the 0/1 proof: verify_one_of with R = 1."""
    verify_one_of(ciphertext, proof, key, 1, context, what=what, commitments=commitments)
