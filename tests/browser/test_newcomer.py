"""A newcomer's whole path in headless Chromium, against a live server with CSRF on: a committee
member makes the ballot cards in the cards page, the poll opens, and a delegate's tablet opens a
card as the printed sheet carries it — the URL its QR encodes — then marks, casts and gets a
receipt that the board's receipt check accepts.

The card URL is read from the printed card only: the address printed under "how to vote" and the
code printed for typing, joined as a card URL; the test first proves that this is exactly what
the card's QR encodes (the same modules as Python's qrcode draws for it), then opens it in a
fresh tablet-sized context (1024×768, touch) that never saw the cards page. No token passes
through the test in any other form.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData
from werkzeug.security import generate_password_hash

from ballot_service import db
from ballot_service.cardtool.tokens import parse_token, token_text
from ballot_service.devtools import simulation
from ballot_service.services import lifecycle, polls
from tests.browser.pages_support import (
    PASSWORD,
    browser_marks,
    chromium,
    live_server,
    log_in,
    new_page,
    qr_modules,
)

pytestmark = browser_marks
TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}


def _setup() -> dict[str, Any]:
    poll = simulation.setup_poll(3, 2, 3, 2)
    simulation.play_ceremony(poll, secrets.token_bytes)
    lifecycle.transition(poll, "ready")
    member = poll.trustees[0].user
    member.password_hash = generate_password_hash(PASSWORD, method="scrypt:4096:8:1")
    db.session.commit()
    return {"poll": poll.id, "member": member.username}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("newcomer"), _setup) as server:
        yield server


def _printed_cards(page: Any) -> list[dict[str, Any]]:
    """What each card on the sheet shows: the address, the code to type, and its QR's modules."""
    return page.eval_on_selector_all(
        "#card-sheet .ballot-card",
        """cards => cards.map(card => ({
            how: card.querySelector('.card-how').textContent,
            code: card.querySelector('.card-token').textContent,
            version: Number(card.querySelector('.card-qr').dataset.version),
            mask: Number(card.querySelector('.card-qr').dataset.mask),
            path: card.querySelector('.card-qr path').getAttribute('d'),
        }))""",
    )


def _qr_url(card: dict[str, Any], base: str) -> str:
    """The card's URL from its printed text, checked to be exactly the one its QR encodes."""
    assert base in card["how"]  # the address the card tells the delegate
    url = f"{base}#{card['code'].replace('-', '')}"
    symbol = qrcode.QRCode(
        version=card["version"],
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        mask_pattern=card["mask"],
        border=0,
    )
    symbol.add_data(QRData(url.encode(), mode=MODE_8BIT_BYTE))
    symbol.make(fit=False)
    expected = symbol.get_matrix()
    assert qr_modules(card["path"], len(expected), 4) == expected
    return url


def test_cards_made_in_the_page_open_the_ballot_on_a_tablet(live: Any) -> None:
    poll_id = live.data["poll"]
    with chromium() as browser:
        # the committee member's laptop: make 3 cards and 1 spare, the sheet to print
        with new_page(browser) as laptop:
            log_in(laptop, live.url, live.data["member"])
            laptop.goto(f"{live.url}/committee/polls/{poll_id}/cards/")
            laptop.fill("#card-count", "3")
            laptop.fill("#card-spares", "1")
            laptop.click("#make-button")
            laptop.wait_for_selector("#make-cards[data-state=issued]")
            laptop.emulate_media(media="print")
            printed = _printed_cards(laptop)
        base = f"{live.url}/vote/{poll_id}"
        assert len(printed) == 4
        url = _qr_url(printed[1], base)
        token = parse_token(printed[1]["code"])
        assert url == f"{base}#{token_text(token)}"  # as ballot-cards writes it too

        with live.context():  # the secretariat opens the poll
            lifecycle.transition(polls.get_poll(poll_id), "open")
            db.session.commit()

        # the delegate's tablet: scan, mark one row (the others left blank), review, cast
        with new_page(browser, **TABLET) as tablet:
            tablet.goto(url)
            tablet.wait_for_selector('#vote[data-state="ballot"][data-prepared="true"]')
            assert tablet.url == url  # the fragment already has the canonical form
            rows = tablet.locator(".vote-row").count()
            assert rows == 2
            tablet.tap('label[for="row-0-1"]')
            assert tablet.is_checked("#row-0-1")
            tablet.tap("#to-review")
            tablet.wait_for_selector('#vote[data-state="review"]')
            short = tablet.locator("[data-screen=review] .short-code").inner_text()
            tablet.tap("#cast")
            tablet.wait_for_selector('#vote[data-state="cast"]')
            receipt = tablet.locator("[data-screen=receipt]")
            assert receipt.locator(".short-code").inner_text() == short
            code = receipt.locator(".tracking-code").text_content()
            tablet.tap(".receipt-link")
            tablet.wait_for_selector('#receipt-check[data-state="verified"]')
            assert code is not None and code in tablet.url
