"""Exponential ElGamal: correctness and the homomorphic tally."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ballot_service.crypto.elgamal import (
    Ciphertext,
    KeyPair,
    add_all,
    decrypt_to_point,
    encrypt,
    encrypt_random,
    encrypt_zero,
    partial_decrypt,
)
from ballot_service.crypto.group import BASE, IDENTITY, Scalar, small_multiple
from ballot_service.crypto.threshold import DiscreteLog

from .conftest import nonzero_scalars

DLOG = DiscreteLog(200)


@given(st.integers(min_value=0, max_value=200), nonzero_scalars)
def test_decrypt_encrypt(m: int, r: Scalar) -> None:
    kp = KeyPair.generate()
    ct = encrypt(m, kp.public, r)
    assert ct.alpha == r * BASE
    assert decrypt_to_point(ct, kp.secret) == small_multiple(m)
    assert DLOG.solve(decrypt_to_point(ct, kp.secret)) == m
    assert ct.beta - partial_decrypt(ct, kp.secret) == small_multiple(m)


@given(st.lists(st.integers(min_value=0, max_value=1), min_size=0, max_size=12))
def test_tally_is_sum_of_choices(votes: list[int]) -> None:
    kp = KeyPair.generate()
    total = add_all(encrypt_random(v, kp.public)[0] for v in votes)
    assert DLOG.solve(decrypt_to_point(total, kp.secret)) == sum(votes)


def test_zero_and_empty_tally() -> None:
    kp = KeyPair.generate()
    assert Ciphertext.zero() == Ciphertext(IDENTITY, IDENTITY)
    assert decrypt_to_point(Ciphertext.zero(), kp.secret) == IDENTITY
    ct = encrypt_zero(kp.public, Scalar(3))
    assert decrypt_to_point(ct, kp.secret) == IDENTITY
    assert DLOG.solve(IDENTITY) == 0
