"""Decryption shares, Lagrange combination and discrete log, over a DKG run through share transport
(tests/crypto/test_dkg.py, test_share_transport.py and test_keyfile.py test those parts)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot_service.crypto import dkg, threshold
from ballot_service.crypto.elgamal import Ciphertext, add_all, encrypt_random
from ballot_service.crypto.errors import (
    DecryptionError,
    InvalidProof,
    MalformedInput,
)
from ballot_service.crypto.group import BASE, IDENTITY, Point, Scalar
from ballot_service.crypto.proofs import SchnorrProof

from .conftest import FP, ceremony


def _shares(ct: Ciphertext, subset: tuple[int, ...], n: int, k: int) -> dict[int, Point]:
    commits, secrets_, _ = ceremony(n, k)
    out = {}
    for m in subset:
        share = threshold.make_decryption_share(FP, m, secrets_[m], ct, official=2, level=1)
        share = threshold.DecryptionShare.from_dict(share.to_dict())
        threshold.verify_decryption_share(
            FP, share, ct, dkg.verification_key(m, commits), official=2, level=1
        )
        out[m] = share.share
    return out


@given(st.lists(st.integers(min_value=0, max_value=1), min_size=1, max_size=6))
def test_any_k_of_n_decrypt_the_same_and_k_minus_1_cannot(votes: list[int]) -> None:
    n, k = 4, 3
    _, _, key = ceremony(n, k)
    tally = add_all(encrypt_random(v, key)[0] for v in votes)
    dlog = threshold.DiscreteLog(len(votes))
    all_shares = _shares(tally, tuple(range(1, n + 1)), n, k)
    for subset in itertools.combinations(range(1, n + 1), k):
        chosen = {m: all_shares[m] for m in subset}
        assert threshold.decrypt_with_shares(tally, chosen, k, dlog) == sum(votes)
    for subset in itertools.combinations(range(1, n + 1), k - 1):
        chosen = {m: all_shares[m] for m in subset}
        with pytest.raises(DecryptionError, match="need 3"):
            threshold.combine_shares(tally, chosen, k)
        # Interpolating with only k − 1 points gives a wrong plaintext point.
        assert threshold.combine_shares(tally, chosen, k - 1) != threshold.combine_shares(
            tally, all_shares, k
        )


def test_empty_tally_decrypts_to_zero() -> None:
    n, k = 3, 2
    shares = _shares(Ciphertext.zero(), (1, 2), n, k)
    assert shares == {1: IDENTITY, 2: IDENTITY}
    assert (
        threshold.decrypt_with_shares(Ciphertext.zero(), shares, k, threshold.DiscreteLog(5)) == 0
    )


def test_decryption_share_mutations_fail() -> None:
    n, k = 3, 2
    commits, secrets_, key = ceremony(n, k)
    ct, _ = encrypt_random(1, key)
    good = threshold.make_decryption_share(FP, 2, secrets_[2], ct, official=0, level=0)
    vk = dkg.verification_key(2, commits)
    threshold.verify_decryption_share(FP, good, ct, vk, official=0, level=0)
    one = Scalar(1)
    bad_shares = [
        dataclasses.replace(good, share=good.share + BASE),
        dataclasses.replace(
            good, proof=SchnorrProof(good.proof.challenge + one, good.proof.response)
        ),
        dataclasses.replace(
            good, proof=SchnorrProof(good.proof.challenge, good.proof.response + one)
        ),
        dataclasses.replace(good, trustee=3),
    ]
    for bad in bad_shares:
        with pytest.raises(InvalidProof):
            threshold.verify_decryption_share(FP, bad, ct, vk, official=0, level=0)
    for kwargs in ({"official": 1, "level": 0}, {"official": 0, "level": 1}):
        with pytest.raises(InvalidProof):
            threshold.verify_decryption_share(FP, good, ct, vk, **kwargs)
    with pytest.raises(InvalidProof):
        threshold.verify_decryption_share(FP + b"x", good, ct, vk, official=0, level=0)
    with pytest.raises(InvalidProof):
        threshold.verify_decryption_share(
            FP, good, ct, dkg.verification_key(1, commits), official=0, level=0
        )


def test_lagrange_and_dlog() -> None:
    lam = [threshold.lagrange_coefficient(m, [1, 2, 3]) for m in (1, 2, 3)]
    assert [int(x) for x in lam[:1]] == [3]  # λ_1 = 2·3 / (1·2) = 3
    total = lam[0] + lam[1] + lam[2]
    assert total == Scalar(1)
    with pytest.raises(MalformedInput):
        threshold.lagrange_coefficient(4, [1, 2, 3])
    dlog = threshold.DiscreteLog(1000)
    for t in (0, 1, 31, 32, 999, 1000):
        assert dlog.solve(Scalar(t) * BASE) == t
    with pytest.raises(DecryptionError, match="not t·B"):
        dlog.solve(Scalar(1001) * BASE)
