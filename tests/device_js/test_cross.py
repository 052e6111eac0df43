"""Python ↔ JavaScript cross-check of the device crypto (static/js/device).

A node script (make_ballots.mjs) makes ballots with the device crypto; Python's verify_ballot
must accept every one (random marks, blank rows, all blank, K from 1 to 30, L = 2, 3 and 8;
made at once or prepared before the marks) and refuse each one once a byte of it changes. With
the same deterministic draws, the device crypto must make exactly the ballots, credentials,
signatures and tracking codes that the Python makes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.ballot_types import Ballot, BallotNonces
from ballot_service.crypto.ballot_verify import ReceivedBallot, open_ballot, verify_ballot
from ballot_service.crypto.credentials import Credential, sign, verify_signature
from ballot_service.crypto.elgamal import KeyPair
from ballot_service.crypto.errors import VerificationError
from ballot_service.crypto.hashing import hash32
from ballot_service.crypto.proofs import SchnorrProof
from ballot_service.verifier.cli import main as verifier_main
from tests.vectors.make_crypto_vectors import Drbg

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")
FINGERPRINT = hashlib.sha256(b"device crypto cross-check").digest()
KEY = KeyPair.generate(rng=Drbg("device-cross-key"))

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _run_node(request: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(  # fixed argv: the node binary and our script; input on stdin
        [str(NODE), str(HERE / "make_ballots.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def _request(cases: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"election": FINGERPRINT.hex(), "key": KEY.public.hex(), "ballots": cases, **extra}


def _random_cases(rnd: random.Random) -> list[dict[str, Any]]:
    cases = []
    for officials in (1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 23, 30):
        levels = 3 if officials % 4 else 2
        choices = [rnd.choice([None, *range(levels)]) for _ in range(officials)]
        cases.append({"choices": choices, "levels": levels})
    cases += [
        {"choices": [None] * 5, "levels": 3},  # all blank
        {"choices": [2] * 4, "levels": 3},  # the last level everywhere
        {"choices": [0, None], "levels": 8},
    ]
    for k, case in enumerate(cases):
        case["token"] = rnd.randbytes(16).hex()
        case["prepared"] = k % 2 == 1  # half of them prepared before the marks (prepare.js)
    return cases


def _flip(ballot: dict[str, Any], rnd: random.Random) -> tuple[dict[str, Any], str]:
    """The ballot's JSON with one byte of one hex field changed, and where."""
    fields: list[tuple[dict[str, Any] | list[Any], str | int]] = [
        (ballot, "election"),
        (ballot, "credential"),
        (ballot["signature"], "challenge"),
        (ballot["signature"], "response"),
    ]
    for row in ballot["rows"]:
        for owner in (*row["cells"], row):
            proof = owner["proof"]
            fields += [(proof[k], i) for k in ("challenges", "responses") for i in (0, 1)]
        for cell in row["cells"]:
            fields += [(cell, "alpha"), (cell, "beta")]
    changed = json.loads(json.dumps(ballot))
    index = rnd.randrange(len(fields))
    owner, key = fields[index]
    path = _path(ballot, owner)
    target = _follow(changed, path)
    raw = bytearray.fromhex(target[key])
    position = rnd.randrange(len(raw))
    raw[position] ^= rnd.randrange(1, 256)
    target[key] = raw.hex()
    return changed, f"{'/'.join(map(str, path))}/{key} byte {position}"


def _path(root: Any, needle: Any) -> list[str | int]:
    if root is needle:
        return []
    items = root.items() if isinstance(root, dict) else enumerate(root)
    for k, v in items:
        if isinstance(v, dict | list):
            try:
                return [k, *_path(v, needle)]
            except LookupError:
                continue
    raise LookupError


def _follow(root: Any, path: list[str | int]) -> Any:
    for step in path:
        root = root[step]
    return root


def _rejects(data: dict[str, Any], officials: int, levels: int) -> bool:
    try:
        # As the cast service receives a ballot (services/voting.cast).
        received = ReceivedBallot.from_dict(data)
        verify_ballot(received, FINGERPRINT, KEY.public, officials=officials, levels=levels)
    except VerificationError:
        return True
    return False


def test_python_accepts_device_ballots_and_refuses_every_changed_byte() -> None:
    rnd = random.Random(20261130)
    cases = _random_cases(rnd)
    made = _run_node(_request(cases))["ballots"]
    assert len(made) == len(cases)
    codes = set()
    for case, out in zip(cases, made, strict=True):
        officials, levels = len(case["choices"]), case["levels"]
        received = ReceivedBallot.from_dict(out["ballot"])
        shape = {"officials": officials, "levels": levels}
        ballot = verify_ballot(received, FINGERPRINT, KEY.public, **shape)
        # The spec's computation agrees, on the fully parsed ballot.
        parsed = Ballot.from_dict(out["ballot"])
        verify_ballot(parsed, FINGERPRINT, KEY.public, **shape, mode="reference")
        credential = Credential.from_token(FINGERPRINT, bytes.fromhex(case["token"]))
        assert ballot.credential == credential.public
        assert out["secret"] == credential.secret.hex()
        assert out["tracking_code"] == ballot.tracking_code()
        assert out["short_code"] == ballot.short_code()
        assert ballot.to_dict() == out["ballot"]
        opened = open_ballot(ballot, BallotNonces.from_dict(out["nonces"]), KEY.public)
        assert list(opened.choices) == case["choices"]
        codes.add(out["tracking_code"])
        # Small ballots: several changed bytes each; large ones: one each (keeps the test fast).
        for _ in range(6 if officials <= 4 else 1):
            changed, where = _flip(out["ballot"], rnd)
            assert _rejects(changed, officials, levels), f"K={officials}: {where} accepted"
    assert len(codes) == len(cases)


def test_device_ballots_equal_python_ballots_on_the_same_draws() -> None:
    rnd = random.Random(7)
    cases = []
    for k, (officials, levels) in enumerate([(1, 2), (3, 3), (7, 3), (4, 8), (30, 3)]):
        choices = [rnd.choice([None, *range(levels)]) for _ in range(officials)]
        token = rnd.randbytes(16).hex()
        cases.append({"token": token, "choices": choices, "levels": levels, "seed": f"x{k}"})
    made = _run_node(_request(cases))["ballots"]
    for case, out in zip(cases, made, strict=True):
        ballot, nonces = encrypt_ballot(
            FINGERPRINT,
            KEY.public,
            bytes.fromhex(case["token"]),
            case["choices"],
            case["levels"],
            rng=Drbg(case["seed"]),
        )
        assert out["ballot"] == ballot.to_dict()
        assert out["nonces"] == nonces.to_dict()
        assert out["tracking_code"] == ballot.tracking_code()
        assert out["short_code"] == ballot.short_code()


def test_device_credentials_and_signatures_equal_python() -> None:
    rnd = random.Random(11)
    requests = []
    for k in range(12):
        token = rnd.randbytes(16)
        requests.append(
            {
                "token": token.hex(),
                "message": hash32("test/message", token, k).hex(),
                "seed": f"sig{k}",
            }
        )
    made = _run_node(_request([], signatures=requests))["signatures"]
    for request, out in zip(requests, made, strict=True):
        credential = Credential.from_token(FINGERPRINT, bytes.fromhex(request["token"]))
        assert out["secret"] == credential.secret.hex()
        assert out["credential"] == credential.public.hex()
        message = bytes.fromhex(request["message"])
        expected = sign(FINGERPRINT, credential, message, rng=Drbg(request["seed"]))
        assert out["signature"] == expected.to_dict()
        signature = SchnorrProof.from_dict(out["signature"], what="device signature")
        verify_signature(FINGERPRINT, credential.public, message, signature, what="device")


def _challenge_verdict(tmp_path: Path, data: dict[str, Any]) -> tuple[int, str]:
    path = tmp_path / "challenge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = verifier_main(["--challenge", str(path), "--lang", "en"])
    return code, out.getvalue()


def test_a_device_challenge_file_passes_ballot_verify_and_a_tampered_one_fails(
    tmp_path: Path,
) -> None:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    cases = [
        {"token": "ab" * 16, "choices": [0, None, 2, 1], "levels": 3, "officials": names},
        {"token": "cd" * 16, "choices": [None, 1], "levels": 2, "prepared": True},
    ]
    made = _run_node(_request(cases))["ballots"]
    code, out = _challenge_verdict(tmp_path, made[0]["challenge"])
    assert code == 0, out
    assert f"Tracking code: {made[0]['tracking_code']}" in out
    assert (
        "Row 1 (Nguyễn Văn An): High confidence\nRow 2 (Trần Thị Bình): blank\n"
        "Row 3 (Lê Văn Cường): Low confidence\nRow 4 (Phạm Thị Dung): Confidence\n"
    ) in out
    code, out = _challenge_verdict(tmp_path, made[1]["challenge"])
    assert code == 0 and "Row 1: blank\nRow 2: No confidence\n" in out, out
    tampered = json.loads(json.dumps(made[0]["challenge"]))
    tampered["nonces"][3][0] = tampered["nonces"][3][1]
    code, out = _challenge_verdict(tmp_path, tampered)
    assert code == 1 and "official 3 level 0: nonce does not match α" in out, out
    tampered = json.loads(json.dumps(made[0]["challenge"]))
    tampered["ballot"]["rows"][1]["cells"][2]["beta"] = made[0]["ballot"]["rows"][0]["cells"][0][
        "beta"
    ]
    code, out = _challenge_verdict(tmp_path, tampered)
    assert code == 1 and "INVALID: challenge:" in out, out
