"""Python ↔ JavaScript cross-check of the browser's decryption: the device crypto opens a key
file sealed by crypto/keyfile.py and makes decryption shares that the service's own
verification accepts (and refuses once a byte changes); a key file it seals opens in Python.
The vectors file is rebuilt exactly."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ballot_service.crypto.elgamal import Ciphertext, encrypt
from ballot_service.crypto.errors import VerificationError
from ballot_service.crypto.group import BASE, IDENTITY, Scalar
from ballot_service.crypto.keyfile import KeyFile, open_key, seal_key
from ballot_service.crypto.threshold import DecryptionShare, verify_decryption_share
from tests.vectors import make_counting_vectors
from tests.vectors.make_crypto_vectors import Drbg

NODE = shutil.which("node")
SCRIPT = Path(__file__).resolve().parents[1] / "device_js" / "make_shares.mjs"
FP = bytes(range(32))
PASSPHRASE = "cụm mật khẩu dài"


def test_the_vectors_file_is_up_to_date() -> None:
    path = make_counting_vectors.HERE / make_counting_vectors.NAME
    assert path.read_text(encoding="utf-8") == make_counting_vectors.render(
        make_counting_vectors.build()
    )


def _node(request: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(  # fixed argv: the node binary and our script; input on stdin
        [str(NODE), str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_python_verifies_the_shares_the_device_makes() -> None:
    rng = Drbg("device-decryption")
    secret = Scalar.random(rng=rng)
    key = Scalar.random(rng=rng) * BASE
    officials, levels = 4, 3
    cells = [
        [encrypt(i + j, key, Scalar.random(rng=rng)) for j in range(levels)]
        for i in range(officials)
    ]
    cells[3][2] = Ciphertext(IDENTITY, IDENTITY)  # an empty tally cell (no ballot)
    sealed = seal_key(FP, 3, secret, PASSPHRASE, log_n=14, rng=rng)
    answer = _node(
        {
            "election": FP.hex(),
            "key_file": sealed.to_dict(),
            "passphrase": PASSPHRASE,
            "tally": {"cells": [[c.to_dict() for c in row] for row in cells]},
            "officials": officials,
            "levels": levels,
            "seal": "một cụm khác nữa",
        }
    )
    vk = secret * BASE
    for i, row in enumerate(answer["shares"]):
        for j, item in enumerate(row):
            share = DecryptionShare.from_dict(item)
            assert share.trustee == 3 and share.share == secret * cells[i][j].alpha
            verify_decryption_share(FP, share, cells[i][j], vk, official=i, level=j)
    with pytest.raises(VerificationError):  # the proof is bound to its cell
        verify_decryption_share(
            FP,
            DecryptionShare.from_dict(answer["shares"][0][0]),
            cells[0][1],
            vk,
            official=0,
            level=1,
        )
    pick = random.Random(7)
    for _ in range(6):
        i, j = pick.randrange(officials), pick.randrange(levels)
        item = json.loads(json.dumps(answer["shares"][i][j]))
        field = pick.choice(["challenge", "response"])
        text = item["proof"][field]
        k = pick.randrange(len(text))
        item["proof"][field] = text[:k] + ("0" if text[k] != "0" else "1") + text[k + 1 :]
        with pytest.raises(VerificationError):
            verify_decryption_share(
                FP, DecryptionShare.from_dict(item), cells[i][j], vk, official=i, level=j
            )
    reopened = open_key(KeyFile.from_dict(answer["sealed"]), "một cụm khác nữa")
    assert reopened == secret
