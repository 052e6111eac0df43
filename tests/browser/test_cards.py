"""Ballot cards made in the committee member's browser (issue 11, item 2), in headless Chromium
against a live server with CSRF on: the page makes the tokens, registers only the public
credentials, and shows the card sheet. No request URL or body carries a token; the server then
holds exactly the cards' credentials; each card's QR is, module for module, what Python's
qrcode draws for https://<hall>/vote/<poll>#<token>, and its printed code derives its credential."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ballot_service import db
from ballot_service.cardtool.tokens import card_id, parse_token
from ballot_service.crypto.ballot_types import short_code
from ballot_service.crypto.credentials import Credential
from ballot_service.devtools import simulation
from ballot_service.models import Credential as CredentialRow
from ballot_service.services import lifecycle
from tests.browser.pages_support import (
    PASSWORD,
    browser_marks,
    chromium,
    live_server,
    new_page,
    qr_modules,
)
from tests.browser.pages_support import log_in as page_log_in

pytestmark = browser_marks
SCREENSHOT = os.environ.get("CARDS_SCREENSHOT")  # a path: keep a picture of the printed sheet


def _setup() -> dict[str, Any]:
    poll = simulation.setup_poll(3, 2, 3, 2)
    simulation.play_ceremony(poll, secrets.token_bytes)
    lifecycle.transition(poll, "ready")
    member = poll.trustees[1].user
    member.password_hash = generate_password_hash(PASSWORD, method="scrypt:4096:8:1")
    db.session.commit()
    return {
        "poll": poll.id,
        "member": member.username,
        "fingerprint": poll.fingerprint,
        "title": poll.title,
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("cards"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


def test_cards_made_in_the_page(browser: Any, live: Any) -> None:
    poll_id, fingerprint = live.data["poll"], bytes.fromhex(live.data["fingerprint"])
    sent: list[str] = []
    with new_page(browser) as page:
        page.on("request", lambda r: sent.append(f"{r.method} {r.url}\n{r.post_data or ''}"))
        page_log_in(page, live.url, live.data["member"])
        page.goto(f"{live.url}/committee/polls/{poll_id}")
        page.click(f"a[href='/committee/polls/{poll_id}/cards/']")
        page.fill("#card-count", "3")
        page.fill("#card-spares", "2")
        page.click("#make-button")
        page.wait_for_selector("#make-cards[data-state=issued]")
        assert not page.locator("#card-sheet").is_hidden()
        assert page.locator("#print-button").is_visible()
        cards = page.eval_on_selector_all(
            "#card-sheet .ballot-card",
            """cards => cards.map(card => ({
                token: card.querySelector('.card-token').textContent,
                meta: card.querySelector('.card-meta').textContent,
                election: card.querySelector('.card-election').textContent,
                title: card.querySelector('.card-title').textContent,
                version: Number(card.querySelector('.card-qr').dataset.version),
                mask: Number(card.querySelector('.card-qr').dataset.mask),
                path: card.querySelector('.card-qr path').getAttribute('d'),
                label: card.querySelector('.card-qr svg').getAttribute('aria-label'),
            }))""",
        )
        url_base = page.get_attribute("#make-cards", "data-url")
        page.emulate_media(media="print")  # the print stylesheet shows the cards and nothing else
        assert page.locator("header.top").is_hidden() and page.locator(".no-print").is_hidden()
        assert page.locator("#card-sheet .ballot-card").first.is_visible()
        box = page.locator("#card-sheet .ballot-card").first.bounding_box()
        assert abs(box["width"] - 93 * 96 / 25.4) < 2 and abs(box["height"] - 55 * 96 / 25.4) < 2
        if SCREENSHOT:
            page.screenshot(path=SCREENSHOT, full_page=True)
        page.emulate_media(media="screen")
        sheet_visible_in_print = page.evaluate(
            "() => { const s = document.getElementById('card-sheet'); return s.children.length; }"
        )
    assert url_base == f"{live.url}/vote/{poll_id}"
    assert sheet_visible_in_print == 5 and len(cards) == 5
    tokens = [parse_token(card["token"]) for card in cards]
    publics = [Credential.from_token(fingerprint, t).public.hex() for t in tokens]

    # no request carries a token, in any form the page has it
    traffic = "\n".join(sent)
    assert any("/cards/credentials" in line for line in sent)
    for card, token in zip(cards, tokens, strict=True):
        compact = card["token"].replace("-", "")
        for form in (compact, compact.lower(), card["token"], token.hex()):
            assert form not in traffic

    # the server holds exactly these five credentials
    with live.context():
        held = db.session.scalars(
            select(CredentialRow.public_key)
            .where(CredentialRow.poll_id == poll_id)
            .order_by(CredentialRow.id)
        ).all()
    assert list(held) == publics

    # each card: the QR of its URL (as Python's qrcode draws it), its number and ID, the poll
    for number, (card, public) in enumerate(zip(cards, publics, strict=True), start=1):
        url = f"{url_base}#{card['token'].replace('-', '')}"
        symbol = qrcode.QRCode(
            version=card["version"],
            error_correction=qrcode.constants.ERROR_CORRECT_M,
            mask_pattern=card["mask"],
            border=0,
        )
        symbol.add_data(QRData(url.encode(), mode=MODE_8BIT_BYTE))
        symbol.make(fit=False)
        expected = symbol.get_matrix()
        assert qr_modules(card["path"], len(expected), 4) == expected, number
        assert card_id(bytes.fromhex(public)) in card["meta"] and str(number) in card["meta"]
        assert card["title"] == live.data["title"]
        assert short_code(fingerprint) in card["election"]
        assert str(number) in card["label"]


def test_nothing_is_pressed_before_the_script_runs(browser: Any, live: Any) -> None:
    """Seen in CI: on a slow machine the make button was pressed before cards.js had attached its
    handler, and the form went to the page itself (a GET reload), making nothing. The page's
    buttons now come disabled and the script enables them; a script held back leaves them so."""
    poll_id = live.data["poll"]
    held: list[Any] = []
    with new_page(browser) as page:
        page_log_in(page, live.url, live.data["member"])
        page.route("**/static/js/cards.js", lambda route: held.append(route))
        # held, the module script holds back DOMContentLoaded too: wait for the parsed form only
        page.goto(f"{live.url}/committee/polls/{poll_id}/cards/", wait_until="commit")
        page.wait_for_selector("#file-form button[type=submit]", state="attached")
        assert page.locator("#make-button").is_disabled()
        assert page.locator("#file-form button[type=submit]").is_disabled()
        page.press("#card-count", "Enter")  # implicit submission: none, the button is disabled
        page.wait_for_timeout(300)
        assert page.url == f"{live.url}/committee/polls/{poll_id}/cards/"
        assert len(held) == 1
        held[0].continue_()
        page.wait_for_function("() => !document.getElementById('make-button').disabled")
        assert page.locator("#file-form button[type=submit]").is_enabled()
