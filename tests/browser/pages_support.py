"""A live server on localhost with a fresh SQLite database, and headless Chromium, for page tests.

Shared by the browser tests of the secretariat, board and minutes pages. The app runs in a
background thread (werkzeug) with CSRF on, as in production; `setup` fills the database first.
Chromium is Debian's /usr/bin/chromium driven by Playwright (never a downloaded browser).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ballot_service import db
from ballot_service.migrations import upgrade
from tests.live import live_app, serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
PASSWORD = "correct horse battery"

browser_marks = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"{CHROMIUM} is missing (in CI the browser tests must run)",
    ),
]


class Live:
    """The running server's URL and whatever the setup returned."""

    def __init__(self, url: str, app: Any, engine: Any, data: Any) -> None:
        self.url, self.app, self.engine, self.data = url, app, engine, data

    @contextmanager
    def context(self) -> Iterator[None]:
        """An app context on the live database (to look at what the pages saved)."""
        db.bind(self.engine)
        with self.app.app_context():
            yield
            db.session.remove()


@contextmanager
def live_server(tmp: Path, setup: Callable[[], Any]) -> Iterator[Live]:
    engine = db.make_engine(f"sqlite:///{tmp / 'pages.sqlite3'}")
    with engine.begin() as connection:
        upgrade(connection)
    app = live_app(engine, tmp, "pages")
    with app.app_context():
        data = setup()
        db.session.commit()
    db.session.remove()
    try:
        with serving(app) as url:
            yield Live(url, app, engine, data)
    finally:
        engine.dispose()


@contextmanager
def chromium() -> Iterator[Any]:
    if os.environ.get("CI"):
        from playwright import sync_api  # in CI a missing Playwright is a failure
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A fresh profile that fails the test on any script or CSP error."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def console(message: Any) -> None:
        # a refused form is answered with 400 on purpose; Chromium logs that as an error
        refused = message.text.startswith("Failed to load resource") and "status of 400" in (
            message.text
        )
        if message.type == "error" and not refused:
            problems.append(f"console: {message.text} at {message.location}")

    tab.on("console", console)
    yield tab
    context.close()
    assert problems == [], problems


def log_in(page: Any, url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]


def qr_modules(path: str, side: int, border: int) -> list[list[bool]]:
    """The dark modules of a QR drawn by static/js/qr.js (its SVG path), row by row."""
    rows = [[False] * side for _ in range(side)]
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        for dx in range(int(run)):
            rows[int(y) - border][int(x) - border + dx] = True
    return rows


def overflow(page: Any) -> list[str]:
    """The elements that stick out to the right of the viewport (none, on a page that fits)."""
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth + 1;
            const out = [];
            for (const el of document.querySelectorAll("main *")) {
                if (el.closest(".wide-table") && !el.classList.contains("wide-table")) continue;
                const box = el.getBoundingClientRect();
                if (box.width > 0 && box.right > limit) out.push(el.tagName + "." + el.className);
            }
            if (document.documentElement.scrollWidth > limit) out.push("document");
            return out;
        }"""
    )
