"""`/board/check-encryption` in headless Chromium: a challenge file made in Python
(encrypt_ballot returns the nonces) is checked in the page with the device crypto; a valid one
turns green and shows the marks, a tampered one turns red naming the cell. Nothing is posted."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.elgamal import KeyPair
from ballot_service.crypto.group import Scalar
from tests.browser.pages_support import browser_marks, chromium, live_server, new_page
from tests.vectors.make_crypto_vectors import Drbg

pytestmark = browser_marks

FINGERPRINT = hashlib.sha256(b"check-encryption page").digest()
KEY = KeyPair.generate(rng=Drbg("check-encryption-key"))


def challenge(choices: list[int | None], levels: int = 3, **extra: Any) -> dict[str, Any]:
    ballot, nonces = encrypt_ballot(
        FINGERPRINT, KEY.public, bytes(16), choices, levels, rng=Drbg(f"page {choices}")
    )
    return {
        "version": 1,
        "election_key": KEY.public.hex(),
        "ballot": ballot.to_dict(),
        "nonces": nonces.to_dict()["nonces"],
        **extra,
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("check"), lambda: None) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


def _check(page: Any, live: Any, data: object, state: str) -> tuple[str, list[str]]:
    """Paste the challenge, press Check; (status text, the listed marks) once `state` shows."""
    page.goto(f"{live.url}/lang/en?next=/board/check-encryption")
    page.wait_for_selector("#check-encryption[data-state=ready]")
    assert not page.is_visible(".check-facts")  # empty labels stay hidden until a check
    page.fill("#challenge-text", data if isinstance(data, str) else json.dumps(data))
    page.click("#challenge-form button[type=submit]")
    page.wait_for_selector(f"#check-encryption[data-state={state}]")
    status = page.text_content("#check-encryption .check-status")
    return status.strip(), [li.text_content() for li in page.query_selector_all(".check-marks li")]


def test_a_valid_challenge_turns_green_and_shows_the_marks(browser: Any, live: Any) -> None:
    posted: list[str] = []
    with new_page(browser) as page:
        page.on("request", lambda r: posted.append(r.url) if r.method != "GET" else None)
        data = challenge([0, None, 2, 1], officials=["Nguyễn Văn An", "B", "C", "D"])
        status, marks = _check(page, live, data, "verified")
        assert status.startswith("Verified: the encrypted ballot holds exactly these marks")
        assert marks == [
            "Row 1 (Nguyễn Văn An): High confidence",
            "Row 2 (B): blank",
            "Row 3 (C): Low confidence",
            "Row 4 (D): Confidence",
        ]
        assert page.text_content(".check-key") == KEY.public.hex()
        assert page.text_content(".check-fingerprint") == FINGERPRINT.hex()
        color = page.eval_on_selector(".check-status", "e => getComputedStyle(e).color")
        assert color == "rgb(29, 107, 58)"  # --ok, green
    assert posted == []


def test_a_confidence_vote_in_vietnamese_by_file(browser: Any, live: Any, tmp_path: Path) -> None:
    path = tmp_path / "challenge.json"
    path.write_text(json.dumps(challenge([1, None], levels=2)), encoding="utf-8")
    with new_page(browser) as page:
        page.goto(f"{live.url}/lang/vi?next=/board/check-encryption")
        page.wait_for_selector("#check-encryption[data-state=ready]")
        page.set_input_files("#challenge-file", str(path))
        page.wait_for_selector("#check-encryption[data-state=verified]")
        marks = [li.text_content() for li in page.query_selector_all(".check-marks li")]
        assert marks == ["Dòng 1: Không tín nhiệm", "Dòng 2: để trống"]


def test_a_tampered_challenge_turns_red_naming_the_cell(browser: Any, live: Any) -> None:
    with new_page(browser) as page:
        data = challenge([0, None, 2])
        data["nonces"][2][1] = (Scalar.from_hex(data["nonces"][2][1]) + Scalar(1)).hex()
        status, marks = _check(page, live, data, "failed")
        assert status.startswith("NOT verified:")
        assert "official 2 level 1: nonce does not match α" in status
        assert marks == []
        color = page.eval_on_selector(".check-status", "e => getComputedStyle(e).color")
        assert color == "rgb(163, 29, 29)"  # --accent, red
        # then a tampered ballot (cells swapped): its signature refuses it; then not JSON
        data = challenge([0, None, 2])
        cells = data["ballot"]["rows"][0]["cells"]
        cells[0], cells[1] = cells[1], cells[0]
        status, _ = _check(page, live, data, "failed")
        assert "signature" in status
        status, _ = _check(page, live, "{not json", "failed")
        assert status == "NOT verified: the text is not a challenge file (JSON)"
        other = challenge([0, None, 2])
        other["election_key"] = KeyPair.generate(rng=Drbg("another")).public.hex()
        status, _ = _check(page, live, other, "failed")
        assert "official 0 level 0: 0/1 proof" in status
