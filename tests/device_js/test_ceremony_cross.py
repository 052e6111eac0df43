"""Python ↔ JavaScript cross-check of the key ceremony's device steps with real randomness: what
the browser makes (commitment, encrypted share, key file, witness cosignature) the Python accepts,
and a byte changed anywhere is refused."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.crypto import dkg, keyfile
from ballot_service.crypto.errors import InvalidShare, WrongPassphrase
from ballot_service.crypto.group import Scalar
from ballot_service.crypto.share_transport import EncryptedShare, TransportKeyPair, decrypt_share
from ballot_service.crypto.witness_key import witness_seed
from ballot_service.ledger.checkpoint import (
    Checkpoint,
    Cosignature,
    cosigner_key_id,
    verify_cosignature,
)

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")
PASSPHRASE = "cụm mật khẩu thử"


def test_the_browser_steps_are_accepted_by_the_python():
    fp = hashlib.sha256(b"ceremony cross-check").digest()
    own = TransportKeyPair.generate()
    body = Checkpoint("ballot_service/poll/3", 9, bytes(32), "2026-11-30T09:00:00Z").body()
    result = subprocess.run(  # fixed argv: node, our script, hex and test strings
        [
            str(NODE),
            str(HERE / "make_ceremony.mjs"),
            fp.hex(),
            own.public.hex(),
            PASSPHRASE,
            body.decode("ascii"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    made = json.loads(result.stdout)
    commitment = dkg.DkgCommitment.from_dict(made["commitment"])
    dkg.verify_commitment(commitment, fp, trustees=3, threshold=2)
    sealed = EncryptedShare.from_dict(made["share"])
    share = decrypt_share(fp, sealed, own, commitment.transport_key)
    assert share.hex() == made["plain"]
    dkg.verify_share(1, share, commitment)
    tampered = EncryptedShare.from_dict(
        dict(made["share"], ciphertext="00" + made["share"]["ciphertext"][2:])
    )
    with pytest.raises(InvalidShare):
        decrypt_share(fp, tampered, own, commitment.transport_key)
    with pytest.raises(InvalidShare):
        dkg.verify_share(2, share, commitment)

    key_file = keyfile.KeyFile.from_dict(made["keyfile"])
    secret = keyfile.open_key(key_file, PASSPHRASE)
    assert secret.hex() == made["own"] and key_file.trustee == 2 and key_file.election == fp
    with pytest.raises(WrongPassphrase):
        keyfile.open_key(key_file, PASSPHRASE + "!")

    witness = Ed25519PrivateKey.from_private_bytes(
        witness_seed(fp, 2, Scalar.decode(bytes.fromhex(made["own"])))
    ).public_key()
    assert witness.public_bytes_raw().hex() == made["witness"]
    cosignature = Cosignature(
        "member-2",
        cosigner_key_id("member-2", witness),
        made["timestamp"],
        bytes.fromhex(made["cosignature"]),
    )
    verify_cosignature(Checkpoint.from_body(body), cosignature, witness, name="member-2")


def test_the_ceremony_vectors_rebuild_exactly():
    from tests.vectors import make_ceremony_vectors as maker
    from tests.vectors.make_crypto_vectors import render

    assert (maker.HERE / maker.NAME).read_text("utf-8") == render(maker.build())
