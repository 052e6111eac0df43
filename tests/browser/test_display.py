"""The hall display (issue 11.6) in headless Chromium against a live server: the figures follow a
ballot cast while the page is open (js/display.js polls the JSON every 2 s; no inline script,
the strict CSP stays on, and any script or CSP error fails the test)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ballot_service import db
from ballot_service.services import polls, voting
from tests.browser.pages_support import browser_marks, chromium, live_server, new_page
from tests.helpers import ballot_for, open_poll_with_cards

pytestmark = browser_marks


def _setup() -> dict[str, Any]:
    poll, tokens, _ = open_poll_with_cards(cards_issued=3)
    return {"poll": poll.id, "tokens": tokens}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("display"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


def test_the_counter_follows_a_cast_while_the_page_is_open(browser, live):
    from playwright.sync_api import expect

    poll_id = live.data["poll"]
    with new_page(browser) as page:
        page.goto(f"{live.url}/hall/{poll_id}")
        cast = page.locator('[data-figure="ballots_cast"]')
        expect(cast).to_have_text("0")
        expect(page.locator('[data-figure="cards_issued"]')).to_have_text("3")
        expect(page.locator('[data-figure="state_label"]')).to_have_text("Đang bỏ phiếu")
        with live.context():
            poll = polls.get_poll(poll_id)
            voting.cast(poll, ballot_for(poll, live.data["tokens"][0]))
            db.session.commit()
        expect(cast).to_have_text("1", timeout=15_000)  # the page refreshes every 2 s
        assert page.locator(".display-offline").is_hidden()
        assert page.locator(".display-counted").is_hidden()
