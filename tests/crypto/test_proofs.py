"""Schnorr, Chaum–Pedersen and disjunctive proofs: completeness, soundness probes, binding."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot_service.crypto.disjunctive import (
    DisjunctiveProof,
    branch_commitments,
    branch_products,
    prove_one_of,
    prove_zero_or_one,
    verify_one_of,
    verify_zero_or_one,
)
from ballot_service.crypto.elgamal import Ciphertext, KeyPair, encrypt
from ballot_service.crypto.errors import InvalidProof, MalformedInput, VerificationError
from ballot_service.crypto.group import BASE, Point, Scalar, multiply_public
from ballot_service.crypto.proofs import (
    ProofContext,
    SchnorrProof,
    prove_dlog,
    prove_equal_dlogs,
    verify_dlog,
    verify_equal_dlogs,
)

from .conftest import FP, nonzero_scalars

CTX = ProofContext("test/proof", (FP, 1, 2))
ONE = Scalar(1)


def _bump(s: Scalar) -> Scalar:
    return s + ONE


@given(nonzero_scalars)
def test_schnorr(x: Scalar) -> None:
    proof = prove_dlog(x, x * BASE, CTX)
    verify_dlog(x * BASE, proof, CTX, what="t")
    for bad in (
        SchnorrProof(_bump(proof.challenge), proof.response),
        SchnorrProof(proof.challenge, _bump(proof.response)),
    ):
        with pytest.raises(InvalidProof, match="t: challenge mismatch"):
            verify_dlog(x * BASE, bad, CTX, what="t")
    with pytest.raises(InvalidProof):
        verify_dlog((x + ONE) * BASE, proof, CTX, what="t")
    with pytest.raises(InvalidProof):
        verify_dlog(x * BASE, proof, ProofContext("test/proof", (FP, 1, 3)), what="t")


def test_chaum_pedersen() -> None:
    kp = KeyPair.generate()
    ct = encrypt(3, kp.public, Scalar.random())
    d = kp.secret * ct.alpha
    proof = prove_equal_dlogs(kp.secret, BASE, ct.alpha, kp.public, d, CTX)
    verify_equal_dlogs(BASE, ct.alpha, kp.public, d, proof, CTX, what="cp")
    with pytest.raises(InvalidProof, match="cp: Chaum–Pedersen"):
        verify_equal_dlogs(BASE, ct.alpha, kp.public, d + BASE, proof, CTX, what="cp")
    with pytest.raises(InvalidProof):
        verify_equal_dlogs(BASE, ct.beta, kp.public, d, proof, CTX, what="cp")
    with pytest.raises(InvalidProof):
        verify_equal_dlogs(
            BASE,
            ct.alpha,
            kp.public,
            d,
            SchnorrProof(proof.challenge, _bump(proof.response)),
            CTX,
            what="cp",
        )


def _mutations(proof: DisjunctiveProof) -> list[DisjunctiveProof]:
    out = []
    for field in ("challenges", "responses"):
        values = getattr(proof, field)
        for k in range(len(values)):
            changed = list(values)
            changed[k] = _bump(changed[k])
            out.append(dataclasses.replace(proof, **{field: tuple(changed)}))
    return out


@given(st.integers(min_value=0, max_value=1))
def test_zero_or_one_every_field_mutated_fails(m: int) -> None:
    kp = KeyPair.generate()
    r = Scalar.random()
    ct = encrypt(m, kp.public, r)
    proof = prove_zero_or_one(ct, m, r, kp.public, CTX)
    verify_zero_or_one(ct, proof, kp.public, CTX, what="zo")
    for bad in _mutations(proof):
        with pytest.raises(InvalidProof):
            verify_zero_or_one(ct, bad, kp.public, CTX, what="zo")
    for other in (Ciphertext(ct.alpha + BASE, ct.beta), Ciphertext(ct.alpha, ct.beta + BASE)):
        with pytest.raises(InvalidProof):
            verify_zero_or_one(other, proof, kp.public, CTX, what="zo")


@given(st.integers(min_value=0, max_value=1))
def test_zero_or_one_with_batched_commitments(m: int) -> None:
    kp = KeyPair.generate()
    r = Scalar.random()
    ct = encrypt(m, kp.public, r)
    proof = prove_zero_or_one(ct, m, r, kp.public, CTX)

    def batched(p: DisjunctiveProof) -> list[Point]:
        return branch_commitments([(p, multiply_public(branch_products(ct, p, kp.public, 1)))])[0]

    done = batched(proof)
    # the batch gives the reference path's commitments (libsodium, one operation at a time)
    reference = [s * p for s, p in branch_products(ct, proof, kp.public, 1)]
    assert done == [
        proof.responses[0] * BASE - reference[0],
        reference[2] - reference[1],
        proof.responses[1] * BASE - reference[3],
        reference[5] - reference[4],
    ]
    verify_zero_or_one(ct, proof, kp.public, CTX, what="zo", commitments=done)
    for bad in _mutations(proof):  # commitments recomputed from the mutated proof
        with pytest.raises(InvalidProof):
            verify_zero_or_one(ct, bad, kp.public, CTX, what="zo", commitments=batched(bad))
    for k in range(len(done)):  # any commitment that is not the right one fails
        wrong = list(done)
        wrong[k] = wrong[k] + BASE
        with pytest.raises(InvalidProof):
            verify_zero_or_one(ct, proof, kp.public, CTX, what="zo", commitments=wrong)
    with pytest.raises(MalformedInput, match="commitments"):
        verify_zero_or_one(ct, proof, kp.public, CTX, what="zo", commitments=done[:3])
    with pytest.raises(MalformedInput, match="products"):
        branch_commitments([(proof, reference[:5])])


def test_cannot_prove_two_is_zero_or_one() -> None:
    kp = KeyPair.generate()
    r = Scalar.random()
    ct = encrypt(2, kp.public, r)
    for claimed in (0, 1):  # an honest prover run on a false statement yields a bad proof
        proof = prove_zero_or_one(ct, claimed, r, kp.public, CTX)
        with pytest.raises(InvalidProof):
            verify_zero_or_one(ct, proof, kp.public, CTX, what="zo")


@given(st.integers(min_value=0, max_value=3))
def test_one_of_general(m: int) -> None:
    kp = KeyPair.generate()
    r = Scalar.random()
    ct = encrypt(m, kp.public, r)
    proof = prove_one_of(ct, m, r, kp.public, 3, CTX)
    verify_one_of(ct, proof, kp.public, 3, CTX, what="r3")
    with pytest.raises(MalformedInput, match="branches"):
        verify_one_of(ct, proof, kp.public, 2, CTX, what="r3")
    for bad in _mutations(proof):
        with pytest.raises(InvalidProof):
            verify_one_of(ct, bad, kp.public, 3, CTX, what="r3")


def test_proof_dict_round_trip_and_strictness() -> None:
    kp = KeyPair.generate()
    r = Scalar.random()
    ct = encrypt(1, kp.public, r)
    proof = prove_zero_or_one(ct, 1, r, kp.public, CTX)
    assert DisjunctiveProof.from_dict(proof.to_dict(), bound=1, what="p") == proof
    with pytest.raises(MalformedInput, match="2 items, expected 4"):
        DisjunctiveProof.from_dict(proof.to_dict(), bound=3, what="p")
    with pytest.raises(VerificationError):
        DisjunctiveProof.from_dict({**proof.to_dict(), "extra": 1}, bound=1, what="p")
