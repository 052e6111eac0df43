"""Known-answer vectors: rebuilt exactly, and checked independently of the generator."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from ballot_service.crypto import dkg, threshold
from ballot_service.crypto.ballot_types import Ballot, BallotNonces
from ballot_service.crypto.ballot_verify import open_ballot, verify_ballot
from ballot_service.crypto.credentials import Credential, verify_signature
from ballot_service.crypto.disjunctive import DisjunctiveProof, verify_one_of
from ballot_service.crypto.elgamal import Ciphertext, decrypt_to_point
from ballot_service.crypto.group import BASE, Point, Scalar, small_multiple
from ballot_service.crypto.proofs import ProofContext, SchnorrProof, verify_dlog
from tests.vectors import make_crypto_vectors as make

VECTORS = Path(__file__).parents[1] / "vectors"


def _load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(make.BUILDERS))
def test_vector_file_is_reproduced_exactly(name: str) -> None:
    assert (VECTORS / name).read_text(encoding="utf-8") == make.render(make.BUILDERS[name]())


def test_rfc8032_test1_public_key() -> None:
    """RFC 8032 §7.1 TEST 1: clamp SHA-512(sk)[0:32], multiply B, compare with the RFC's pk."""
    sk = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    h = bytearray(hashlib.sha512(sk).digest()[:32])
    h[0] &= 248
    h[31] = (h[31] & 127) | 64
    pk = Scalar(int.from_bytes(h, "little")) * BASE
    assert pk.hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    assert _load("crypto_group.json")["rfc8032_test1"]["public_key"] == pk.hex()


def test_group_vectors_are_consistent() -> None:
    v = _load("crypto_group.json")
    for case in v["scalar_mults"]:
        assert (Scalar.from_hex(case["scalar"]) * BASE).hex() == case["base_times_scalar"]
    pm = v["point_mult"]
    assert (Scalar.from_hex(pm["scalar"]) * Point.from_hex(pm["point"])).hex() == pm["result"]


def test_elgamal_vectors_decrypt() -> None:
    v = _load("crypto_elgamal.json")
    secret = Scalar.from_hex(v["secret"])
    for case in v["cases"]:
        ct = Ciphertext.from_dict(
            {"alpha": case["alpha"], "beta": case["beta"]}, allow_identity=False
        )
        assert decrypt_to_point(ct, secret) == small_multiple(case["m"])


def test_proof_vectors_verify() -> None:
    v = _load("crypto_proofs.json")
    s = v["schnorr"]
    ctx = ProofContext(
        s["context"]["tag"], (bytes.fromhex(s["context"]["parts"][0]), s["context"]["parts"][1])
    )
    verify_dlog(
        Point.from_hex(s["public"]),
        SchnorrProof.from_dict({"challenge": s["challenge"], "response": s["response"]}, what="v"),
        ctx,
        what="schnorr vector",
    )
    key = Point.from_hex(v["election_key"])
    r3 = v["one_of_0_to_3"]
    verify_one_of(
        Ciphertext.from_dict({"alpha": r3["alpha"], "beta": r3["beta"]}, allow_identity=False),
        DisjunctiveProof.from_dict(r3["proof"], bound=3, what="v"),
        key,
        3,
        ProofContext(r3["context"]["tag"], (bytes.fromhex(r3["context"]["parts"][0]),)),
        what="one-of vector",
    )


def test_credential_and_ballot_vectors_verify() -> None:
    c = _load("crypto_credentials.json")
    fp = bytes.fromhex(c["election"])
    for case in c["cases"]:
        cred = Credential.from_token(fp, bytes.fromhex(case["token"]))
        assert cred.public.hex() == case["public"]
        verify_signature(
            fp,
            cred.public,
            bytes.fromhex(case["message"]),
            SchnorrProof.from_dict(case["signature"], what="v"),
            what="vector",
        )
    b = _load("crypto_ballot.json")
    key = Point.from_hex(b["election_key"])
    for case in b["cases"]:
        ballot = Ballot.from_dict(case["ballot"])
        verify_ballot(
            ballot,
            bytes.fromhex(b["election"]),
            key,
            officials=len(case["choices"]),
            levels=case["levels"],
        )
        opened = open_ballot(ballot, BallotNonces.from_dict(case["nonces"]), key)
        assert list(opened.choices) == case["choices"]
        assert ballot.tracking_code() == case["tracking_code"]


def test_threshold_vectors_decrypt() -> None:
    v = _load("crypto_threshold.json")
    fp = bytes.fromhex(v["election"])
    commits = [dkg.DkgCommitment.from_dict(c) for c in v["commitments"]]
    for c in commits:
        dkg.verify_commitment(c, fp, trustees=v["trustees"], threshold=v["threshold"])
    assert dkg.election_key(commits).hex() == v["election_key"]
    t = v["tally"]
    ct = Ciphertext.from_dict({"alpha": t["alpha"], "beta": t["beta"]}, allow_identity=True)
    shares = {}
    for d in v["decryption_shares"]:
        share = threshold.DecryptionShare.from_dict(d)
        threshold.verify_decryption_share(
            fp,
            share,
            ct,
            dkg.verification_key(share.trustee, commits),
            official=t["official"],
            level=t["level"],
        )
        shares[share.trustee] = share.share
    assert (
        threshold.decrypt_with_shares(ct, shares, v["threshold"], threshold.DiscreteLog(10))
        == t["count"]
    )
