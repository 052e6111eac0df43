"""Shared fixtures and hypothesis strategies for the crypto tests."""

from __future__ import annotations

import hashlib
from functools import cache

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from ballot_service.crypto import dkg
from ballot_service.crypto.elgamal import KeyPair
from ballot_service.crypto.group import BASE, ORDER, Point, Scalar
from ballot_service.crypto.share_transport import (
    EncryptedShare,
    TransportKeyPair,
    decrypt_share,
    encrypt_share,
)

settings.register_profile("crypto", max_examples=25, deadline=None)
settings.load_profile("crypto")

FP = hashlib.sha256(b"tests/crypto election").digest()

scalars = st.integers(min_value=0, max_value=ORDER - 1).map(Scalar)
nonzero_scalars = st.integers(min_value=1, max_value=ORDER - 1).map(Scalar)


@pytest.fixture(scope="session")
def election() -> KeyPair:
    return KeyPair.generate()


@cache
def ceremony(n: int, k: int) -> tuple[list[dkg.DkgCommitment], dict[int, Scalar], Point]:
    """Run a full DKG through share transport; return commitments, secrets s_m, K."""
    polys = [dkg.Polynomial.generate(k) for _ in range(n)]
    tkeys = [TransportKeyPair.generate() for _ in range(n)]
    commits = [dkg.make_commitment(FP, i + 1, polys[i], tkeys[i].public) for i in range(n)]
    for c in commits:
        dkg.verify_commitment(dkg.DkgCommitment.from_dict(c.to_dict()), FP, trustees=n, threshold=k)
    secrets_: dict[int, Scalar] = {}
    for m in range(1, n + 1):
        received = {}
        for i in range(1, n + 1):
            msg = (
                encrypt_share(FP, i, tkeys[i - 1], m, tkeys[m - 1].public, polys[i - 1].evaluate(m))
                if i != m
                else None
            )
            share = (
                polys[m - 1].evaluate(m)
                if msg is None
                else decrypt_share(
                    FP, EncryptedShare.from_dict(msg.to_dict()), tkeys[m - 1], tkeys[i - 1].public
                )
            )
            dkg.verify_share(m, share, commits[i - 1])
            received[i] = share
        secrets_[m] = dkg.combine_received_shares(received, n)
        assert secrets_[m] * BASE == dkg.verification_key(m, commits)
    return commits, secrets_, dkg.election_key(commits)
