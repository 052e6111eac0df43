"""DKG, share transport, key files, decryption shares, Lagrange combination, discrete log."""

from __future__ import annotations

import dataclasses
import itertools
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot_service.crypto import dkg, threshold
from ballot_service.crypto.elgamal import Ciphertext, add_all, encrypt_random
from ballot_service.crypto.errors import (
    DecryptionError,
    InvalidProof,
    InvalidShare,
    MalformedInput,
    VerificationError,
    WrongPassphrase,
)
from ballot_service.crypto.group import BASE, IDENTITY, Point, Scalar
from ballot_service.crypto.keyfile import KeyFile, open_key, seal_key
from ballot_service.crypto.proofs import SchnorrProof
from ballot_service.crypto.share_transport import (
    EncryptedShare,
    TransportKeyPair,
    decrypt_share,
    encrypt_share,
)

from .conftest import FP


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


def test_dkg_commitment_checks() -> None:
    commits, _, _ = ceremony(3, 2)
    c = commits[0]
    with pytest.raises(MalformedInput, match="another election"):
        dkg.verify_commitment(c, FP + b"x", trustees=3, threshold=2)
    with pytest.raises(MalformedInput, match="threshold"):
        dkg.verify_commitment(c, FP, trustees=3, threshold=3)
    moved = dataclasses.replace(c, trustee=2)
    with pytest.raises(InvalidProof, match="trustee 2: proof of A_0"):
        dkg.verify_commitment(moved, FP, trustees=3, threshold=2)
    other_transport = dataclasses.replace(c, transport_key=bytes(32))
    with pytest.raises(InvalidProof):
        dkg.verify_commitment(other_transport, FP, trustees=3, threshold=2)
    d = c.to_dict()
    d["commitments"] = ["01" + "00" * 31, d["commitments"][1]]  # type: ignore[index]
    with pytest.raises(VerificationError, match="identity"):
        dkg.DkgCommitment.from_dict(d)


def test_feldman_check_rejects_wrong_share() -> None:
    commits, _, _ = ceremony(3, 2)
    poly = dkg.Polynomial.generate(2)
    c = dkg.make_commitment(FP, 1, poly, bytes(32))
    dkg.verify_share(2, poly.evaluate(2), c)
    with pytest.raises(InvalidShare, match="from trustee 1 to trustee 2"):
        dkg.verify_share(2, poly.evaluate(2) + Scalar(1), c)
    with pytest.raises(InvalidShare):
        dkg.verify_share(3, poly.evaluate(2), c)
    assert commits


def test_share_transport_tamper() -> None:
    a, b, c = (TransportKeyPair.generate() for _ in range(3))
    msg = encrypt_share(FP, 1, a, 2, b.public, Scalar(42))
    assert decrypt_share(FP, msg, b, a.public) == Scalar(42)
    tampered = [
        dataclasses.replace(msg, ciphertext=bytes([msg.ciphertext[0] ^ 1]) + msg.ciphertext[1:]),
        dataclasses.replace(msg, nonce=bytes(12)),
        dataclasses.replace(msg, sender=3),
        dataclasses.replace(msg, recipient=3),
    ]
    for bad in tampered:
        with pytest.raises(InvalidShare):
            decrypt_share(FP, bad, b, a.public)
    with pytest.raises(InvalidShare):
        decrypt_share(FP, msg, b, c.public)  # wrong claimed sender key
    with pytest.raises(InvalidShare):
        decrypt_share(FP, msg, c, a.public)  # wrong recipient
    with pytest.raises(InvalidShare, match="another election"):
        decrypt_share(FP + b"x", msg, b, a.public)
    with pytest.raises(InvalidShare, match="low-order"):
        encrypt_share(FP, 1, a, 2, bytes(32), Scalar(1))


def test_key_file() -> None:
    sealed = seal_key(FP, 2, Scalar(77), "correct horse battery", log_n=14)
    parsed = KeyFile.from_dict(sealed.to_dict())
    assert open_key(parsed, "correct horse battery") == Scalar(77)
    with pytest.raises(WrongPassphrase, match="trustee 2"):
        open_key(parsed, "wrong horse battery")
    with pytest.raises(WrongPassphrase):
        open_key(dataclasses.replace(parsed, trustee=3), "correct horse battery")
    with pytest.raises(MalformedInput, match="log_n"):
        KeyFile.from_dict(
            {
                **sealed.to_dict(),
                "kdf": {
                    **sealed.to_dict()["kdf"],  # type: ignore[dict-item]
                    "log_n": 30,
                },
            }
        )
    with pytest.raises(MalformedInput, match="passphrase"):
        seal_key(FP, 2, Scalar(1), "short", log_n=14)


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
