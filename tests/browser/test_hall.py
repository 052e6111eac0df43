"""The hall over HTTPS in headless Chromium (Debian's /usr/bin/chromium; no browser download).

The trusting browser really trusts the local CA: it runs with HOME pointing at a throwaway
folder whose NSS database (~/.pki/nssdb, made with certutil) holds the CA as a trusted root,
which is where Chromium on Linux reads the user's roots from. Nothing skips certificate checks
(no ignore_https_errors, no --ignore-certificate-errors*). The other browser has an empty
HOME and must get the certificate error. 127.0.0.2 stands in for the laptop's LAN address.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ballot_service.cardtool.tokens import token_text
from ballot_service.hall import certs, clock, store
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from tests.hall.live import Live, running_hall

CERTUTIL = shutil.which("certutil")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"{CHROMIUM} is missing (in CI the browser tests must run)",
    ),
    pytest.mark.skipif(
        CERTUTIL is None and not os.environ.get("CI"),
        reason="certutil (Debian: libnss3-tools) is needed to make a browser trust the CA",
    ),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with running_hall(tmp_path_factory.mktemp("hall-browser")) as running:
        yield running


def _home_trusting(home: Path, ca: Path) -> Path:
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    for command in (
        [CERTUTIL, "-N", "-d", f"sql:{nssdb}", "--empty-password"],
        [
            CERTUTIL,
            "-A",
            "-d",
            f"sql:{nssdb}",
            "-n",
            "ballot_service hall CA",
            "-t",
            "C,,",
            "-i",
            str(ca),
        ],
    ):
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    return home


def _launch(playwright: Any, home: Path) -> Any:
    env = {**os.environ, "HOME": str(home)}
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)


@pytest.fixture(scope="module")
def browsers(live: Live, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from playwright import sync_api

    trusting_home = _home_trusting(tmp_path_factory.mktemp("home-trusting"), live.ca_path)
    bare_home = tmp_path_factory.mktemp("home-bare")
    with sync_api.sync_playwright() as playwright:
        found = {
            "trusting": _launch(playwright, trusting_home),
            "bare": _launch(playwright, bare_home),
        }
        yield found
        for browser in found.values():
            browser.close()


@pytest.fixture
def trusting(browsers: dict[str, Any]) -> Iterator[Any]:
    context = browsers["trusting"].new_context()  # certificate errors are NOT ignored
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def bare(browsers: dict[str, Any]) -> Iterator[Any]:
    context = browsers["bare"].new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def test_a_browser_that_trusts_the_ca_gets_a_secure_context(trusting, live):
    response = trusting.goto(live.https("/"))
    assert response is not None and response.ok
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    assert trusting.url == live.https("/")
    assert trusting.evaluate("window.isSecureContext") is True
    digest = trusting.evaluate(
        """async () => {
            const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
            return Array.from(new Uint8Array(d), b => b.toString(16).padStart(2, "0")).join("");
        }"""
    )
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_browser_that_does_not_trust_it_gets_the_certificate_error(bare, live):
    from playwright.sync_api import Error

    with pytest.raises(Error, match="ERR_CERT_AUTHORITY_INVALID"):
        bare.goto(live.https("/"))


def test_plain_http_takes_the_browser_to_https(trusting, live):
    trusting.goto(live.http("/login"))
    assert trusting.url == live.https("/login")
    assert trusting.evaluate("window.isSecureContext && !!crypto.subtle") is True


def test_the_set_up_page_turns_green_and_sends_the_clock(trusting, live):
    before = len(clock.recent(live.instance, datetime.now(UTC)))
    response = trusting.goto(live.http("/setup"))
    assert response is not None and response.ok and trusting.url == live.http("/setup")
    trusting.wait_for_selector("#reach.ok")
    trusting.wait_for_selector("#reach .clock:not(:empty)")
    reports = clock.recent(live.instance, datetime.now(UTC))
    assert len(reports) == before + 1
    assert abs(reports[-1].drift.total_seconds()) < 60


def test_the_set_up_page_stays_red_until_the_ca_is_installed(bare, live):
    errors: list[str] = []
    bare.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = bare.goto(live.http("/setup"))
    assert response is not None and response.ok
    bare.wait_for_selector("#reach.fail")
    ca = store.load_cert(live.ca_path)
    assert bare.inner_text("#ca-fingerprint") == certs.fingerprint(ca)
    # The CA file downloads over plain HTTP (what the QR code points at).
    with bare.expect_download() as download:
        bare.evaluate(
            """url => {
                const link = document.createElement("a");
                Object.assign(link, { href: url, download: "" });
                document.body.append(link);
                link.click();
            }""",
            live.http("/setup/ca.crt"),
        )
    assert download.value.suggested_filename == "ballot_service-ca.crt"


def test_the_voting_page_works_from_the_lan_address(trusting, live):
    """Issue 12: a tablet trusting the CA opens a card's URL on the LAN address over HTTPS,
    with WebCrypto, and the page encrypts in its Worker (ready to mark)."""
    from ballot_service import db
    from tests.helpers import open_poll_with_cards

    with live.app.app_context():
        poll, tokens, _secrets = open_poll_with_cards(1)
        poll_id = poll.id
        db.session.remove()
    errors: list[str] = []
    trusting.on("pageerror", lambda error: errors.append(str(error)))
    trusting.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = trusting.goto(live.https(f"/vote/{poll_id}#{token_text(tokens[0])}"))
    assert response is not None and response.ok
    assert trusting.url.startswith(live.https(f"/vote/{poll_id}"))
    assert trusting.evaluate("window.isSecureContext && !!crypto.subtle") is True
    trusting.wait_for_selector('#vote[data-state="ballot"][data-prepared="true"]')
    assert trusting.locator(".vote-row").count() == 4
    assert errors == []
