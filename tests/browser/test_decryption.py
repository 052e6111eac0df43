"""Decryption in the members' browsers, then publication (issue 15.4, 15.5, 15.8), in headless
Chromium against a live server on SQLite and on PostgreSQL.

Two of the three members decrypt in the page (the first types a wrong passphrase first: a
message, nothing posted); the third is absent. The result appears on the committee's results
page, equal to the ballots cast; the public board shows nothing of it until the chair
publishes, then shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ballot_service import db
from ballot_service.models import Poll
from ballot_service.services import counting
from tests.browser.pages_support import browser_marks, chromium, log_in, new_page
from tests.counting.live import PASSPHRASES, Counting, counting_server

pytestmark = browser_marks


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Counting]:
    with counting_server(request.param, tmp_path) as server:
        yield server


def _poll(live: Counting) -> tuple[str, list[int]]:
    with live.app.app_context():  # type: ignore[attr-defined]
        poll = db.session.get(Poll, live.poll_id)
        state, posted = poll.state, sorted(counting.posted_shares(poll))
        db.session.remove()
    return state, posted


def _decrypt(page: Any, live: Counting, member: int, passphrase: str) -> str:
    page.goto(f"{live.url}/committee/polls/{live.poll_id}/decryption")
    page.set_input_files("#key-file", str(live.key_files[member]))
    page.fill("#passphrase", passphrase)
    page.click("#decrypt-form button[type=submit]")
    page.wait_for_selector("#decrypt-message.ok, #decrypt-message.error")
    return str(page.locator("#decrypt-message").get_attribute("class"))


def test_two_members_decrypt_in_the_browser_and_the_chair_publishes(browser, live):
    first, second = 1, 3  # member 2 is absent
    with new_page(browser) as page:
        log_in(page, live.url, live.users[first])
        outcome = _decrypt(page, live, first, "a wrong passphrase")
        assert "error" in outcome
        assert "Sai cụm mật khẩu" in page.locator("#decrypt-message").inner_text()
        assert _poll(live) == ("closed", [])  # nothing posted
        page.set_input_files("#key-file", str(live.key_files[2]))  # another member's file
        page.fill("#passphrase", PASSPHRASES[2])
        page.click("#decrypt-form button[type=submit]")
        page.locator("#decrypt-message.error", has_text="thành viên 2").wait_for()
        assert _poll(live) == ("closed", [])
        page.set_input_files("#key-file", str(live.other_poll_key))  # another poll's file
        page.fill("#passphrase", PASSPHRASES[first])
        page.click("#decrypt-form button[type=submit]")
        page.locator("#decrypt-message.error", has_text="cuộc bỏ phiếu khác").wait_for()
        junk = live.other_poll_key.with_name("junk.json")
        junk.write_text('{"not": "a key file"}', encoding="utf-8")
        page.set_input_files("#key-file", str(junk))
        page.fill("#passphrase", PASSPHRASES[first])
        page.click("#decrypt-form button[type=submit]")
        page.locator("#decrypt-message.error", has_text="không phải là tệp khóa").wait_for()
        assert _poll(live) == ("closed", [])
        page.fill("#passphrase", PASSPHRASES[first])
        page.set_input_files("#key-file", str(live.key_files[first]))
        page.click("#decrypt-form button[type=submit]")
        page.wait_for_selector("#decrypt-message.ok")
        assert "đã được chấp nhận" in page.locator("#decrypt-message").inner_text()
        assert _poll(live) == ("closed", [first])
        page.goto(f"{live.url}/committee/polls/{live.poll_id}/result")
        assert "chưa được giải mã" in page.locator("main").inner_text()
    with new_page(browser) as anonymous:
        anonymous.goto(f"{live.url}/board/polls/{live.poll_id}")
        assert anonymous.locator("#result").count() == 0
    with new_page(browser) as page:
        log_in(page, live.url, live.users[second])
        assert "ok" in _decrypt(page, live, second, PASSPHRASES[second])
        assert "Đã đủ số thành viên" in page.locator("#decrypt-message").inner_text()
        assert _poll(live) == ("tallied", [first, second])
        page.click("#decrypt-result a")
        page.wait_for_selector("#result-table")
        rows = page.locator("#result-table tr.official")
        assert rows.count() == len(live.expected)
        for i, counts in enumerate(live.expected):
            cells = rows.nth(i).locator("td.num")
            shown = [cells.nth(1 + j).inner_text().split("\n")[0] for j in range(len(counts))]
            assert shown == [str(c) for c in counts]
        assert "phiếu thu vào: N = 3" in page.locator("#denominator").inner_text()
        assert page.locator("#bands li").count() == 3
    with new_page(browser) as anonymous:
        anonymous.goto(f"{live.url}/board/polls/{live.poll_id}")
        assert anonymous.locator("#result").count() == 0  # tallied, not yet published
        minutes = anonymous.request.get(f"{live.url}/board/polls/{live.poll_id}/minutes")
        assert minutes.status == 403
    with new_page(browser) as page:
        log_in(page, live.url, live.users[live.chair])
        page.goto(f"{live.url}/committee/polls/{live.poll_id}")
        page.click("form[data-confirm] button[type=submit]")
        dialog = page.locator("#confirm-dialog")
        assert "bảng tin công khai" in dialog.inner_text()
        dialog.locator("button[value=confirm]").click()
        page.wait_for_selector(".flash.ok")
        assert _poll(live)[0] == "published"
    with new_page(browser) as anonymous:
        anonymous.goto(f"{live.url}/board/polls/{live.poll_id}")
        result = anonymous.locator("#result")
        assert result.count() == 1
        assert "Người 0" in result.inner_text()
        assert anonymous.locator("#public-record").count() == 1
        response = anonymous.goto(f"{live.url}/board/polls/{live.poll_id}/minutes")
        assert response is not None and response.status == 200
