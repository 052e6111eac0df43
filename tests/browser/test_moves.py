"""Moves of a poll say where it is now and what comes next, and ask before they cannot be undone
(issue 14, item 10). In headless Chromium against a live server; the confirmation is a <dialog>
driven by js/confirm.js (no inline script: the page's strict CSP stays on)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.security import generate_password_hash

from ballot_service import db
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.devtools import simulation
from ballot_service.services import cards, lifecycle, polls
from tests.browser.pages_support import (
    PASSWORD,
    browser_marks,
    chromium,
    live_server,
    log_in,
    new_page,
)
from tests.helpers import make_poll, make_user

pytestmark = browser_marks


def _ready_poll() -> tuple[int, str]:
    """A poll whose key ceremony is done and cards issued; returns its id and the chair's login."""
    poll = simulation.setup_poll(3, 2, 3, 2)
    simulation.play_ceremony(poll, secrets.token_bytes)
    lifecycle.transition(poll, "ready")
    fingerprint = bytes.fromhex(poll.fingerprint or "")
    cards.issue(poll, [Credential.from_token(fingerprint, new_token()).public.hex() for _ in "abc"])
    chair = next(t.user for t in poll.trustees if t.is_chair)
    chair.password_hash = generate_password_hash(PASSWORD, method="scrypt:4096:8:1")
    db.session.commit()
    return poll.id, chair.username


def _setup() -> dict[str, Any]:
    make_user("thuky", "admin")
    draft = make_poll()  # 7 members, k = 3
    ready, chair = _ready_poll()
    return {"draft": draft.id, "council": draft.council_id, "ready": ready, "chair": chair}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("moves"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


def _state(live: Any, poll_id: int) -> str:
    with live.context():
        return polls.get_poll(poll_id).state


def test_the_council_page_lists_its_polls(browser, live):
    with new_page(browser) as page:
        log_in(page, live.url, "thuky")
        page.goto(f"{live.url}/admin/councils/{live.data['council']}")
        row = page.locator(f"#council-polls a[href='/admin/polls/{live.data['draft']}']")
        assert row.count() == 1
        assert "Văn phòng chọn" in page.locator("#council-polls").inner_text()  # what comes next


def test_a_move_says_where_the_poll_is_and_what_comes_next(browser, live):
    with new_page(browser) as page:
        log_in(page, live.url, "thuky")
        page.goto(f"{live.url}/admin/polls/{live.data['draft']}")
        form = page.locator("form[action$='/move']")
        assert form.get_attribute("data-confirm") is None  # back to draft stays possible
        form.locator("button").click()
        page.wait_for_load_state()
        message = page.locator(".flash.ok").inner_text()
        assert "Lễ tạo khóa" in message and "Bước tiếp theo" in message
        assert _state(live, live.data["draft"]) == "key_ceremony"
        back = page.locator("form[action$='/move']")  # key ceremony → draft, reversible
        back.locator("button").click()
        page.wait_for_load_state()
        assert _state(live, live.data["draft"]) == "draft"


def test_opening_the_poll_asks_first(browser, live):
    poll_id = live.data["ready"]
    with new_page(browser) as page:
        log_in(page, live.url, live.data["chair"])
        page.goto(f"{live.url}/committee/polls/{poll_id}")
        form = page.locator("form[data-confirm]")
        assert form.count() == 1
        form.locator("button[type=submit]").click()
        dialog = page.locator("#confirm-dialog")
        dialog.wait_for(state="visible")
        assert "Không thể hoàn tác" in dialog.inner_text()
        dialog.locator("button[value=cancel]").click()
        dialog.wait_for(state="hidden")
        assert _state(live, poll_id) == "ready"  # cancelled: nothing was sent
        form.locator("button[type=submit]").click()
        dialog.wait_for(state="visible")
        with page.expect_navigation():
            dialog.locator("button[value=confirm]").click()
        assert _state(live, poll_id) == "open"
        assert "hiện ở trạng thái: Đang bỏ phiếu" in page.locator(".flash.ok").inner_text()


def test_a_threshold_below_a_majority_asks_for_confirmation(browser, live):
    poll_id = live.data["draft"]
    with new_page(browser) as page:
        log_in(page, live.url, "thuky")
        page.goto(f"{live.url}/admin/polls/{poll_id}")
        page.fill("#committee-threshold", "2")  # 2 of 7 < 4
        page.click("form[action$='/committee'] button[type=submit]")
        page.wait_for_load_state()
        box = page.locator("#committee-accept_below_majority")
        assert box.count() == 1
        text = page.locator("form[action$='/committee']").inner_text()
        assert "2 trên 7" in text and "thiểu số" in text
        assert page.input_value("#committee-threshold") == "2"  # kept as the user left it
        with live.context():
            assert polls.get_poll(poll_id).threshold == 3  # not saved yet
        box.check()
        page.click("form[action$='/committee'] button[type=submit]")
        page.wait_for_load_state()
        with live.context():
            assert polls.get_poll(poll_id).threshold == 2
