"""A member does the key ceremony in the page (headless Chromium) while the two others use
`ballot-trustee`: the key is fixed, the browser's key file opens in Python with its passphrase,
the QR key card is drawn, and the page's witness cosigns, refusing a wrong passphrase."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from ballot_service import db
from ballot_service.crypto import dkg, keyfile
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.models import Poll
from ballot_service.services import cards, ceremony, lifecycle, witness
from ballot_service.trustee import cli
from tests.browser.pages_support import (
    browser_marks,
    chromium,
    live_server,
    log_in,
    new_page,
    overflow,
)
from tests.helpers import PASSWORD, make_poll

pytestmark = browser_marks
BROWSER_PASSPHRASE = "cụm mật khẩu của trình duyệt"
CONSOLE_PASSPHRASE = "cụm mật khẩu của máy trạm"


def _setup() -> dict[str, object]:
    poll = make_poll(level="commune")  # 3 members, threshold 3
    lifecycle.transition(poll, "key_ceremony")
    seats = sorted(poll.trustees, key=lambda t: t.index)
    return {"poll": poll.id, "users": [t.user.username for t in seats]}


def test_a_member_in_the_browser_alongside_two_on_the_console(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BALLOT_PASSWORD", PASSWORD)
    monkeypatch.setenv("BALLOT_KEY_PASSPHRASE", CONSOLE_PASSPHRASE)
    with live_server(tmp_path, _setup) as live, chromium() as browser:
        poll_id, (first, *others) = live.data["poll"], live.data["users"]
        codes: dict[str, int] = {}

        def console(user: str) -> None:
            codes[user] = cli.main(
                ["--server", live.url, "--user", user, "--lang", "en", "ceremony",
                 "--poll", str(poll_id), "--key-file", str(tmp_path / f"{user}.json"),
                 "--yes", "--log-n", "14", "--timeout", "120"]
            )  # fmt: skip

        threads = [threading.Thread(target=console, args=(u,), daemon=True) for u in others]
        for t in threads:
            t.start()
        with new_page(browser, accept_downloads=True) as page:
            log_in(page, live.url, first)
            page.goto(f"{live.url}/lang/en?next=/committee/")
            page.goto(f"{live.url}/committee/polls/{poll_id}")
            page.click(f"a[href='/committee/polls/{poll_id}/ceremony']")
            page.fill("#ceremony-passphrase", BROWSER_PASSPHRASE)
            page.fill("#ceremony-passphrase2", BROWSER_PASSPHRASE)
            page.click(".ceremony-start button")
            # a reload between steps: the sealed secrets come back only with the passphrase
            mine = page.locator(".ceremony-members tr.me td:nth-child(3)", has_text="Yes")
            mine.wait_for(timeout=60_000)  # the commitments are posted
            page.reload()
            page.wait_for_selector(".ceremony-unlock:not(.hidden)", timeout=30_000)
            page.fill("#ceremony-unlock-passphrase", "not the passphrase")
            page.click(".ceremony-unlock button")
            page.locator(".ceremony-status", has_text="Wrong passphrase").wait_for(timeout=30_000)
            page.fill("#ceremony-unlock-passphrase", BROWSER_PASSPHRASE)
            page.click(".ceremony-unlock button")
            page.wait_for_selector(".ceremony-compare:not(.hidden)", timeout=60_000)
            prints = page.locator(".ceremony-members tbody td:nth-child(2)").all_inner_texts()
            assert len(prints) == 3 and all(len(p.split()) == 8 for p in prints), prints
            page.set_viewport_size({"width": 412, "height": 915})  # found in review: 905 px
            assert overflow(page) == []
            page.set_viewport_size({"width": 1280, "height": 720})
            page.click(".ceremony-compare button")  # not ticked: refused, nothing sent
            assert "Tick the box" in page.inner_text(".ceremony-status")
            page.check("#ceremony-compared")
            page.click(".ceremony-compare button")
            page.locator(
                ".ceremony-status", has_text="your device cosigned its checkpoint"
            ).wait_for(timeout=90_000)
            assert page.locator(".key-card-qr svg path").count() == 1
            with page.expect_download() as download:
                page.click(".ceremony-download")
            key_path = tmp_path / "browser.key.json"
            download.value.save_as(key_path)
            for t in threads:
                t.join(timeout=120)
            assert codes == dict.fromkeys(others, 0)

            with live.context():
                poll = db.session.get(Poll, poll_id)
                assert poll.election_key is not None
                sealed = keyfile.KeyFile.from_dict(json.loads(key_path.read_text()))
                assert sealed.trustee == 1 and sealed.election.hex() == poll.fingerprint
                secret = keyfile.open_key(sealed, BROWSER_PASSPHRASE)
                published = list(ceremony.commitments(poll).values())
                assert secret * dkg.BASE == dkg.verification_key(1, published)
                assert sorted(witness.cosigned_sizes(poll)) == ["member-1", "member-2", "member-3"]
                lifecycle.transition(poll, "ready")
                fp = bytes.fromhex(poll.fingerprint)
                cards.issue(poll, [Credential.from_token(fp, new_token()).public.hex()])
                lifecycle.transition(poll, "open")
                db.session.commit()

            # the poll is open: the member cosigns again from the page with the key file
            page.set_input_files("#cosign-file", str(key_path))
            page.fill("#cosign-passphrase", "not the passphrase")
            page.click(".cosign-form button")
            page.locator(".cosign-status", has_text="Wrong passphrase").wait_for(timeout=30_000)
            page.fill("#cosign-passphrase", BROWSER_PASSPHRASE)
            page.click(".cosign-form button")
            page.locator(".cosign-status", has_text="as member-1").wait_for(timeout=30_000)
            with live.context():
                poll = db.session.get(Poll, poll_id)
                assert len(witness.cosigned_sizes(poll)["member-1"]) == 2
