"""The board's log and the count minutes on a tablet, a phone and A4 paper (issue 14, items 6, 8).

In headless Chromium against a live server with a small simulated poll: nothing is wider than the
page at 1024 px and 412 px, nor in print on A4; the log's entries are one line with their data
folded; the minutes repeat their table headers in print and number the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ballot_service.devtools import simulation
from ballot_service.services import lifecycle, polls
from tests.browser.pages_support import (
    browser_marks,
    chromium,
    live_server,
    new_page,
    overflow,
)

pytestmark = browser_marks

TABLET, PHONE = {"width": 1024, "height": 768}, {"width": 412, "height": 915}
A4_PRINTABLE = {"width": 703, "height": 1000}  # 210 mm less 2 × 12 mm margins, at 96 px per inch


def _setup() -> int:
    poll_id = simulation.run(
        delegates=12, officials=5, trustees=3, threshold=2, absent=1, seed=4
    ).poll_id
    lifecycle.transition(polls.get_poll(poll_id), "published")  # public minutes: once published
    return poll_id


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("board"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
@pytest.mark.parametrize("path", ["", "/minutes"], ids=["log", "minutes"])
def test_nothing_is_wider_than_the_screen(browser, live, viewport, path):
    with new_page(browser, viewport=viewport) as page:
        page.goto(f"{live.url}/board/polls/{live.data}{path}")
        assert overflow(page) == []


def test_the_log_is_one_line_per_event(browser, live):
    with new_page(browser, viewport=PHONE) as page:
        page.goto(f"{live.url}/board/polls/{live.data}")
        entries = page.locator("li.log-entry")
        assert entries.count() > 10
        heights = page.evaluate(
            "() => [...document.querySelectorAll('li.log-entry')].map(e => e.offsetHeight)"
        )
        assert max(heights) < 200, heights  # the data is folded, not printed
        assert page.locator("li.log-entry details[open]").count() == 0
        first = entries.nth(0).locator("details")
        first.locator("summary").click()
        assert first.locator("pre").is_visible()
        assert overflow(page) == []  # open data wraps too


def test_the_minutes_print_on_a4(browser, live):
    with new_page(browser, viewport=A4_PRINTABLE) as page:
        page.goto(f"{live.url}/board/polls/{live.data}/minutes")
        page.emulate_media(media="print")
        assert overflow(page) == []
        display = page.evaluate(
            "() => getComputedStyle(document.querySelector('table.result thead')).display"
        )
        assert display == "table-header-group"  # repeated on every printed page
        assert page.locator("header.top").is_hidden()
        numbered = page.evaluate(
            """() => [...document.styleSheets].flatMap(s => [...s.cssRules])
                .some(r => r instanceof CSSPageRule && r.cssText.includes("counter(page)"))"""
        )
        assert numbered
        assert page.pdf(format="A4")[:4] == b"%PDF"
        signature = page.locator(".minutes .checkpoint pre")
        width = signature.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert width[0] <= width[1] + 1  # the signature line wraps


def test_the_minutes_show_local_time_and_the_absent_member(browser, live):
    with new_page(browser, viewport=TABLET) as page:
        page.goto(f"{live.url}/board/polls/{live.data}/minutes")
        assert " giờ " in page.locator(".count-ended").inner_text()
        assert page.locator(".committee td.absent").count() == 1
