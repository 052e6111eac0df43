"""`ballot-cards`: from a card request to the card sheet and the credentials file; every card's
printed code derives exactly the uploaded credential; bad input exits 2 with a clear message."""

from __future__ import annotations

import hashlib
import html
import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData

from ballot_service.cardtool.cli import main
from ballot_service.cardtool.files import CardRequest, parse_credentials
from ballot_service.cardtool.tokens import card_id, parse_token
from ballot_service.crypto.ballot_types import short_code
from ballot_service.crypto.credentials import Credential

FP = hashlib.sha256(b"ballot-cards test election").digest()
REQUEST = CardRequest(
    poll=12,
    title="Lấy phiếu tín nhiệm kỳ họp thứ 9",
    council="HĐND tỉnh <Thử>",
    url="https://192.168.1.20:8443/vote/12",
    election=FP,
    count=4,
)


def _write_request(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _cards(sheet: str) -> list[dict[str, str]]:
    found = re.findall(
        r'<article class="ballot-card">.*?<path d="([^"]*)".*?<p class="card-token">([^<]+)</p>'
        r'<p class="card-meta">([^<]+)</p><p class="card-election">([^<]+)</p>',
        sheet,
    )
    return [{"path": p, "token": t, "meta": m, "election": e} for p, t, m, e in found]


def _matrix_from_path(path: str, side: int) -> list[list[bool]]:
    rows = [[False] * side for _ in range(side)]
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        for dx in range(int(run)):
            rows[int(y)][int(x) + dx] = True
    return rows


def test_cards_and_credentials(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = _write_request(tmp_path, REQUEST.to_dict())
    out = tmp_path / "out"
    assert main([str(request), "--count", "3", "--spares", "2", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "5 thẻ phiếu" in said and "credentials-poll12.json" in said
    sheet_path, credentials_path = out / "cards-poll12.html", out / "credentials-poll12.json"
    assert stat.S_IMODE(sheet_path.stat().st_mode) == 0o600  # it holds the card codes
    credentials = json.loads(credentials_path.read_text())
    keys = parse_credentials(credentials, poll=12, election=FP)
    assert len(keys) == 5 and len(set(keys)) == 5
    sheet = sheet_path.read_text(encoding="utf-8")
    assert sheet.startswith("<!doctype html>") and "@page { size: A4 portrait" in sheet
    assert html.escape(REQUEST.council) in sheet and "<script" not in sheet
    cards = _cards(sheet)
    assert len(cards) == 5
    for number, (card, key) in enumerate(zip(cards, keys, strict=True), start=1):
        token = parse_token(card["token"])
        assert Credential.from_token(FP, token).public.hex() == key
        assert card["meta"] == f"Thẻ số {number} · mã nhận dạng {card_id(bytes.fromhex(key))}"
        assert short_code(FP) in card["election"]
        # the QR holds https://<hall>/vote/12#<the code>, as qrcode itself draws it
        url = f"{REQUEST.url}#{card['token'].replace('-', '')}"
        symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        symbol.add_data(QRData(url.encode(), mode=MODE_8BIT_BYTE))
        symbol.make(fit=True)
        expected = symbol.get_matrix()
        assert _matrix_from_path(card["path"], len(expected)) == expected
    assert main([str(request), "--out", str(tmp_path / "again"), "--lang", "en"]) == 0
    assert (
        len(json.loads((tmp_path / "again" / "credentials-poll12.json").read_text())["credentials"])
        == 4
    )
    assert "Card 1 · ID" in (tmp_path / "again" / "cards-poll12.html").read_text()


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err


def test_a_bad_request_file_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = _fails([str(tmp_path / "nope.json")], capsys)
    assert "Không đọc được tệp yêu cầu thẻ phiếu" in missing
    not_json = tmp_path / "x.json"
    not_json.write_text("{not json")
    assert "không phải là yêu cầu thẻ phiếu hợp lệ" in _fails([str(not_json)], capsys)
    good = REQUEST.to_dict()
    for change, words in (
        ({"kind": "ballot-card-credentials"}, "kind"),
        ({"version": 2}, "version"),
        ({"election": "AB" * 32}, "election"),
        ({"election_short": "0000-0000-0000-0000"}, "election_short"),
        ({"url": "https://hall/vote/13"}, "not the url of poll 12"),
        ({"url": "ftp://hall/vote/12"}, "url"),
        ({"count": -1}, "count"),
        ({"extra": 1}, "unexpected fields ['extra']"),
    ):
        path = _write_request(tmp_path, {**good, **change})
        message = _fails([str(path), "--lang", "en", "--out", str(tmp_path / "o")], capsys)
        assert "is not a valid card request" in message and words in message, (change, message)
    assert not (tmp_path / "o").exists()


def test_counts_and_existing_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = _write_request(tmp_path, {**REQUEST.to_dict(), "count": 0})
    assert "from 1 to 5000" in _fails([str(request), "--lang", "en"], capsys)
    assert "from 1 to 5000" in _fails([str(request), "--count", "5001", "--lang", "en"], capsys)
    out = tmp_path / "out"
    assert main([str(request), "--spares", "1", "--out", str(out)]) == 0
    before = (out / "credentials-poll12.json").read_bytes()
    assert "không ghi đè" in _fails([str(request), "--spares", "1", "--out", str(out)], capsys)
    assert (out / "credentials-poll12.json").read_bytes() == before
    with pytest.raises(SystemExit) as exit_info:
        main([str(request), "--count", "-3"])
    assert exit_info.value.code == 2


def test_help_and_the_module_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(  # fixed argv: this Python and our module
        [sys.executable, "-m", "ballot_service.cardtool.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    for option in ("REQUEST", "--count", "--spares", "--out", "--lang"):
        assert option in result.stdout
