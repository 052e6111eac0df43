"""`ballot-verify --challenge FILE`: the cast-as-intended (Benaloh) check of an opened ballot.

Challenges are made here with encrypt_ballot (it returns the nonces); the JS-made ones are in
tests/device_js/test_cross.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.ballot_types import Ballot
from ballot_service.crypto.credentials import Credential, sign
from ballot_service.crypto.elgamal import KeyPair
from ballot_service.crypto.group import Scalar
from ballot_service.verifier.cli import main
from tests.vectors.make_crypto_vectors import Drbg

FINGERPRINT = hashlib.sha256(b"benaloh challenge tests").digest()
KEY = KeyPair.generate(rng=Drbg("benaloh-key"))
OTHER = KeyPair.generate(rng=Drbg("benaloh-other-key"))
TOKEN = bytes(range(16))
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def make_challenge(
    choices: list[int | None], levels: int = 3, *, names: list[str] | None = NAMES
) -> dict[str, Any]:
    """The challenge file of a ballot encrypted here (docs/PROTOCOL.md §7)."""
    ballot, nonces = encrypt_ballot(
        FINGERPRINT, KEY.public, TOKEN, choices, levels, rng=Drbg(str(choices))
    )
    out: dict[str, Any] = {
        "version": 1,
        "election_key": KEY.public.hex(),
        "ballot": ballot.to_dict(),
        "nonces": nonces.to_dict()["nonces"],
    }
    if names is not None:
        out["officials"] = names[: len(choices)]
    return out


def check(tmp_path: Path, data: object, lang: str = "en") -> tuple[int, str]:
    """Run `ballot-verify --challenge` on this JSON (or these bytes): (exit status, output)."""
    path = tmp_path / "challenge.json"
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--challenge", str(path), "--lang", lang])
    return code, out.getvalue()


def test_a_valid_challenge_opens_to_its_choices_in_english(tmp_path: Path) -> None:
    data = make_challenge([0, None, 2])
    code, out = check(tmp_path, data)
    assert code == 0, out
    assert out.startswith("OPENED: the ballot encrypts exactly the choices below")
    assert f"Election fingerprint: {FINGERPRINT.hex()}" in out
    assert f"Election key: {KEY.public.hex()}" in out
    assert "Row 1 (Nguyễn Văn An): High confidence\n" in out
    assert "Row 2 (Trần Thị Bình): blank\n" in out
    assert "Row 3 (Lê Văn Cường): Low confidence\n" in out


def test_a_valid_challenge_in_vietnamese_without_names_and_a_vote(tmp_path: Path) -> None:
    code, out = check(tmp_path, make_challenge([1, 0, None], names=None), "vi")
    assert code == 0, out
    assert out.startswith("MỞ ĐƯỢC")
    assert "Dòng 1: Tín nhiệm\nDòng 2: Tín nhiệm cao\nDòng 3: để trống\n" in out
    code, out = check(tmp_path, make_challenge([1, None], levels=2, names=None), "vi")
    assert code == 0 and "Dòng 1: Không tín nhiệm\nDòng 2: để trống\n" in out


def test_a_tampered_nonce_is_refused_naming_the_cell(tmp_path: Path) -> None:
    data = make_challenge([0, None, 2])
    r = Scalar.from_hex(data["nonces"][1][2])
    data["nonces"][1][2] = (r + Scalar(1)).hex()
    code, out = check(tmp_path, data)
    assert code == 1
    assert (
        "INVALID: challenge: ballot" in out and "official 1 level 2: nonce does not match α" in out
    )


def test_nonces_of_another_ballot_do_not_open_it(tmp_path: Path) -> None:
    data = make_challenge([0, None, 2])
    data["nonces"] = make_challenge([2, 1, 0])["nonces"]
    code, out = check(tmp_path, data)
    assert code == 1 and "official 0 level 0: nonce does not match α" in out


def test_a_tampered_ballot_is_refused_by_its_signature_or_its_proofs(tmp_path: Path) -> None:
    data = make_challenge([0, None, 2])
    cells = data["ballot"]["rows"][0]["cells"]
    cells[0], cells[1] = cells[1], cells[0]  # the same cells, moved: every proof is bound
    code, out = check(tmp_path, data)
    assert code == 1 and "INVALID: challenge: ballot" in out and "signature" in out
    # a tablet knows the credential, so it can sign the moved cells again: the proofs refuse
    moved = Ballot.from_dict(data["ballot"])
    credential = Credential.from_token(FINGERPRINT, TOKEN)
    data["ballot"] = moved.with_signature(
        sign(FINGERPRINT, credential, moved.message_hash(), rng=Drbg("resign"))
    ).to_dict()
    code, out = check(tmp_path, data)
    assert code == 1 and "official 0 level 0: 0/1 proof" in out, out


def test_a_ballot_under_another_key_is_refused(tmp_path: Path) -> None:
    data = make_challenge([0, None, 2])
    data["election_key"] = OTHER.public.hex()
    code, out = check(tmp_path, data)
    assert code == 1 and "INVALID: challenge:" in out


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("nonces"), "missing fields ['nonces']"),
        (lambda d: d.update(extra=1), "unexpected fields ['extra']"),
        (lambda d: d.update(version=2), "unsupported version 2"),
        (lambda d: d.update(election_key="00" * 32), "challenge: election_key"),
        (lambda d: d.update(officials=[]), "officials: expected a list of names"),
        (lambda d: d["nonces"][0].__delitem__(slice(1, None)), "ballot nonces: official 0"),
    ],
)
def test_a_malformed_challenge_is_unreadable(tmp_path: Path, mutate: Any, message: str) -> None:
    data = make_challenge([0, None, 2])
    mutate(data)
    code, out = check(tmp_path, data)
    assert code == 2, out
    assert out.startswith("UNREADABLE: ") and message in out


def test_an_unreadable_file(tmp_path: Path) -> None:
    code, out = check(tmp_path, b"\xff not json")
    assert code == 2 and "UNREADABLE: challenge: not JSON" in out
    out_buffer = io.StringIO()
    with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(out_buffer):
        code = main(["--challenge", str(tmp_path / "missing.json")])
    assert (
        code == 2 and "KHÔNG ĐỌC ĐƯỢC: tệp kiểm tra mã hóa: không đọc được" in out_buffer.getvalue()
    )


def test_a_wrong_number_of_names_or_nonce_rows_is_refused(tmp_path: Path) -> None:
    data = make_challenge([0, None, 2])
    data["officials"] = NAMES[:2]
    code, out = check(tmp_path, data)
    assert code == 1 and "2 officials named, the ballot has 3" in out
    data = make_challenge([0, None, 2])
    data["nonces"] = data["nonces"][:2]
    code, out = check(tmp_path, data)
    assert code == 1 and "2 nonce rows for 3 officials" in out


def test_a_record_and_a_challenge_together_are_refused(tmp_path: Path) -> None:
    for argv in ([], ["record.zip", "--challenge", "c.json"]):
        with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(io.StringIO()):
            main(argv)
        assert stopped.value.code == 2
