"""The delegate's voting page in headless Chromium, against a live server (SQLite and PostgreSQL).

A poll of 4 officials (3 levels) is open with cards whose tokens are made here in Python; their
URLs and typed codes are written as the cards carry them (cardtool's token text); a spare is
voided; a second poll is still a draft. The delegate opens the card URL /vote/<poll>#<token>,
marks with rows left blank, reviews, casts and gets a receipt, which the board's check turns
green; the browser's ballots are decrypted at the end and the exported record verifies with
ballot-verify. http://127.0.0.1 is a secure context.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ballot_service import db
from ballot_service.cardtool.tokens import grouped, token_text
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.crypto.threshold import make_decryption_share
from ballot_service.models import Poll
from ballot_service.services import cards, counting, export, lifecycle, polls
from ballot_service.verifier.cli import main as ballot_verify
from ballot_service.web import vote
from tests.browser.conftest import CHROMIUM, TIMEOUT_MS
from tests.conftest import migrated_engine
from tests.helpers import open_poll_with_cards, ready_with_cards
from tests.live import live_app, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"{CHROMIUM} is missing (in CI the browser tests must run)",
    ),
]

CARDS = 10  # one per test that casts or opens a ballot, and the voided spare


class Hall:
    """The live server and its polls: the open one with its card tokens, and a draft."""

    def __init__(self, url: str, poll: Poll, tokens: list[bytes], draft: Poll) -> None:
        self.url, self.poll_id, self.draft_id = url, poll.id, draft.id
        self.fingerprint = bytes.fromhex(poll.fingerprint or "")
        self.spare = tokens.pop()
        self.tokens = tokens
        self.cast: list[tuple[list[int | None], str]] = []  # marks and tracking code per ballot
        self.member_secrets: dict[int, Any] = {}
        self.waiting: tuple[int, bytes] = (0, b"")  # a ready poll (not open yet) and its card

    def card_url(self, token: bytes, poll_id: int | None = None) -> str:
        """The URL in the card's QR: /vote/<poll>#<the token's 26 characters>."""
        return f"{self.url}/vote/{poll_id or self.poll_id}#{token_text(token)}"

    def public(self, token: bytes) -> str:
        return Credential.from_token(self.fingerprint, token).public.hex()


@contextmanager
def live_hall(param: str, tmp: Path) -> Iterator[tuple[Any, Hall]]:
    with migrated_engine(param, tmp) as engine:
        app = live_app(engine, tmp, "browser")
        with serving(app) as url:
            with app.app_context():
                poll, tokens, member_secrets = open_poll_with_cards(CARDS)
                draft = polls.create_poll(poll.council, "poll", "Lấy phiếu chưa mở")
                db.session.commit()
                # a poll whose cards are out but which the committee has not opened yet
                waiting = polls.create_poll(poll.council, "poll", "Lấy phiếu sắp mở")
                polls.set_rated(waiting, [o.official_id for o in poll.rated])
                chair = next(t.user_id for t in poll.trustees if t.is_chair)
                polls.set_committee(
                    waiting, [t.user_id for t in poll.trustees], chair, poll.threshold
                )
                waiting_tokens, _ = ready_with_cards(waiting, 1)
                hall = Hall(url, poll, tokens, draft)
                hall.waiting = (waiting.id, waiting_tokens[0])
                hall.member_secrets = member_secrets
                cards.void(poll, hall.public(hall.spare), "thẻ dự phòng")
                db.session.commit()
            db.session.remove()
            yield app, hall


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_hall(request.param, tmp_path_factory.mktemp("voting")) as found:
        yield found


@pytest.fixture
def hall(live: tuple[Any, Hall]) -> Hall:
    _app, found = live
    return found


def _state(page: Any, state: str) -> None:
    page.wait_for_selector(f'#vote[data-state="{state}"]')


def _mark(page: Any, choices: list[int | None]) -> None:
    page.wait_for_selector('#vote[data-prepared="true"]')
    for i, choice in enumerate(choices):
        if choice is not None:
            page.click(f'label[for="row-{i}-{choice}"]')  # one tap per level


def _review(page: Any, choices: list[int | None]) -> str:
    _mark(page, choices)
    page.click("#to-review")
    _state(page, "review")
    items = page.locator(".review-list li")
    assert items.count() == len(choices)
    for i, choice in enumerate(choices):
        assert items.nth(i).get_attribute("data-choice") == ("" if choice is None else str(choice))
        if choice is None:  # shown clearly as not rated
            assert "not-rated" in (items.nth(i).get_attribute("class") or "")
    return page.locator("[data-screen=review] .short-code").inner_text()


def _cast(page: Any, hall: Hall, choices: list[int | None]) -> str:
    short = _review(page, choices)
    page.click("#cast")
    _state(page, "cast")
    receipt = page.locator("[data-screen=receipt]")
    assert receipt.locator(".short-code").inner_text() == short
    code = receipt.locator(".tracking-code").text_content()
    hall.cast.append((choices, code))
    return code


def _switch_to_english(page: Any) -> None:
    page.click(".lang a:text('English')")


# --- casting ------------------------------------------------------------------------------------


def test_a_delegate_casts_and_the_board_verifies_the_receipt(page, hall):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(hall.card_url(hall.tokens[0]))
    assert page.locator("html").get_attribute("lang") == "vi"
    _state(page, "ballot")
    # labels bound to their inputs; the first control is a level of the first row
    assert page.get_by_label("Tín nhiệm cao").count() == 4
    code = _cast(page, hall, [0, None, 2, None])
    qr = page.locator(".receipt-qr")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    link = page.locator(".receipt-link").get_attribute("href")
    assert link == f"/board/ballots/{code}"
    page.click(".receipt-link")
    page.wait_for_selector('#receipt-check[data-state="verified"]')

    # a second scan of the same card shows the same receipt and casts nothing
    page.goto(hall.card_url(hall.tokens[0]))
    _state(page, "used")
    assert page.locator("[data-screen=receipt] .tracking-code").text_content() == code


def test_the_page_switches_to_english_and_keeps_the_card(page, hall):
    page.goto(hall.card_url(hall.tokens[1]))
    _state(page, "ballot")
    # found in review: the switch reloads the page and silently dropped the marks; a delegate
    # who has marked is now asked first, and keeps the marks by saying no
    _mark(page, [2])
    asked: list[str] = []

    def answer(dialog: Any, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click(".lang a:text('English')")
    assert asked and "đánh dấu" in asked[0]
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("#row-0-2").is_checked()
    page.once("dialog", lambda dialog: answer(dialog, True))
    _switch_to_english(page)
    assert len(asked) == 2
    _state(page, "ballot")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("#" + token_text(hall.tokens[1]))
    assert page.get_by_label("High confidence").count() == 4
    _cast(page, hall, [1, 1, None, 0])


def test_a_phone_sized_screen_with_a_typed_token(page, hall):
    page.set_viewport_size({"width": 412, "height": 915})
    page.goto(f"{hall.url}/vote/{hall.poll_id}")
    _state(page, "token")
    page.fill("#token-input", "not a code")
    page.click("#token-form button[type=submit]")
    assert page.locator("#token-error").inner_text() != ""
    page.fill("#token-input", hall.tokens[2].hex())  # no hexadecimal form: not a card's code
    page.click("#token-form button[type=submit]")
    assert page.locator("#token-error").inner_text() != ""
    # typed as printed on the card (groups of 4), in lower case with I/L/O misreadings
    typed = grouped(token_text(hall.tokens[2])).lower().replace("1", "l").replace("0", "o")
    page.fill("#token-input", typed)
    page.click("#token-form button[type=submit]")
    _state(page, "ballot")
    assert page.url.endswith("#" + token_text(hall.tokens[2]))  # the card URL's own form
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412  # nothing wider than the phone
    for label in page.locator(".vote-level").all()[:3]:
        assert label.bounding_box()["height"] >= 48  # large targets
    _cast(page, hall, [None, None, None, 1])


def test_keyboard_only(page, hall):
    page.goto(hall.card_url(hall.tokens[3]))
    _state(page, "ballot")
    page.wait_for_selector('#vote[data-prepared="true"]')
    page.focus("#row-0-0")
    page.keyboard.press("Space")  # marks high confidence for the first official
    page.keyboard.press("ArrowRight")  # radio group: the next level
    assert page.locator("#row-0-1").is_checked()
    page.focus("#to-review")
    page.keyboard.press("Enter")
    _state(page, "review")
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.focus("#cast")
    page.keyboard.press("Enter")
    _state(page, "cast")
    hall.cast.append(([1, None, None, None], page.locator(".tracking-code").text_content()))


@contextmanager
def _page_expecting(browser: Any, expected: str) -> Iterator[Any]:
    """A page on which one kind of console error is expected (a dropped request, a 429): the
    one error allowed; any script error or other console error still fails the test."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    yield tab
    context.close()
    assert problems == []


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Any]:
    with _page_expecting(browser, "ERR_INTERNET_DISCONNECTED") as tab:
        yield tab


@pytest.fixture
def busy_page(browser: Any) -> Iterator[Any]:
    with _page_expecting(browser, "status of 429") as tab:
        yield tab


def test_lost_wifi_retries_the_same_ballot(offline_page, hall):
    page = offline_page
    page.goto(hall.card_url(hall.tokens[4]))
    _state(page, "ballot")
    sent: list[str] = []

    def drop_first(route: Any) -> None:
        sent.append(route.request.post_data)
        if len(sent) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/vote/api/polls/*/ballots", drop_first)
    short = _review(page, [2, 2, 2, 2])
    page.click("#cast")
    _state(page, "failed")
    assert page.locator("#retry").is_visible()
    page.click("#retry")
    _state(page, "cast")
    assert sent[0] == sent[1]  # the same ballot, byte for byte
    assert page.locator("[data-screen=receipt] .short-code").inner_text() == short
    hall.cast.append(([2, 2, 2, 2], page.locator(".tracking-code").text_content()))


def test_a_busy_service_gets_the_ballot_again_by_itself(busy_page, live, hall):
    """The whole hall casting at once: the service asks the tablet to come back (429); the page
    says so and sends the same ballot again by itself until it holds the receipt."""
    page = busy_page
    app, _ = live
    with app.app_context():
        admission = vote._admission()
    taken = 0
    while admission.acquire(timeout=0):  # every turn taken by other casts
        taken += 1
    sent: list[str] = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data) if r.method == "POST" and "/ballots" in r.url else None,
    )
    try:
        page.goto(hall.card_url(hall.tokens[7]))
        _state(page, "ballot")
        short = _review(page, [1, 0, 2, None])
        page.click("#cast")
        page.wait_for_selector('#vote[data-busy="true"]')
        assert "gửi lại" in page.locator(".vote-status").inner_text()  # told, in Vietnamese
        assert page.locator("#cast").is_disabled()  # nothing to press meanwhile
    finally:
        for _ in range(taken):
            admission.release()
    _state(page, "cast")
    assert len(sent) >= 2 and len(set(sent)) == 1  # the same ballot, byte for byte
    assert page.locator("[data-screen=receipt] .short-code").inner_text() == short
    hall.cast.append(([1, 0, 2, None], page.locator(".tracking-code").text_content()))


# --- Benaloh --------------------------------------------------------------------------------------


def _challenge(page: Any, hall: Hall, token: bytes) -> tuple[str, str]:
    page.goto(hall.card_url(token))
    _state(page, "ballot")
    short = _review(page, [0, 1, None, 2])
    page.click(".benaloh summary")
    page.click("#challenge")
    _state(page, "challenge")
    assert page.locator("[data-screen=challenge] .short-code").inner_text() == short
    with page.expect_download() as download:
        page.click("#challenge-file")
    text = Path(download.value.path()).read_text()
    assert page.locator("#challenge-text").input_value() == text
    return text, short


def test_a_benaloh_check_passes_and_a_tampered_one_fails(page, hall, tmp_path):
    token = hall.tokens[5]
    text, short = _challenge(page, hall, token)
    challenge = json.loads(text)
    assert set(challenge) == {"version", "election_key", "ballot", "nonces", "officials"}
    (tmp_path / "challenge.json").write_text(text)
    assert ballot_verify(["--challenge", str(tmp_path / "challenge.json")]) == 0

    board = page.context.new_page()  # "another device": the board's check page
    board.goto(f"{hall.url}/board/check-encryption")
    board.wait_for_selector('#check-encryption[data-state="ready"]')
    board.fill("#challenge-text", text)
    board.click("#challenge-form button[type=submit]")
    board.wait_for_selector('#check-encryption[data-state="verified"]')
    marks = board.locator(".check-marks li")
    assert [marks.nth(i).get_attribute("data-choice") for i in range(4)] == ["0", "1", "", "2"]
    assert board.locator(".check-tracking").inner_text() == short

    # one nonce changed: the check names a failure
    nonce = challenge["nonces"][1][1]
    challenge["nonces"][1][1] = ("1" if nonce[0] == "0" else "0") + nonce[1:]
    board.fill("#challenge-text", json.dumps(challenge))
    board.click("#challenge-form button[type=submit]")
    board.wait_for_selector('#check-encryption[data-state="failed"]')
    board.close()

    # back on the tablet: the checked encryption is discarded, a fresh one is cast
    page.click("#challenge-done")
    _state(page, "ballot")
    assert page.locator("#row-1-1").is_checked()  # the marks stay
    fresh = _review(page, [0, 1, None, 2])
    assert fresh != short
    page.click("#cast")
    _state(page, "cast")
    assert page.locator("[data-screen=receipt] .short-code").inner_text() == fresh
    code = page.locator(".tracking-code").text_content()
    hall.cast.append(([0, 1, None, 2], code))


# --- cards and polls that cannot vote -------------------------------------------------------------


def test_a_voided_card_gets_a_clear_page(page, hall):
    page.goto(hall.card_url(hall.spare))
    _state(page, "voided")
    assert page.locator("[data-screen=voided] h2").is_visible()


def test_an_unknown_card_gets_a_clear_page_and_the_code_can_be_typed_again(page, hall):
    """Found in review: a code with one character mistyped reached this page, which had no way
    back to the code field (and a reload showed it again, the code being in the fragment)."""
    wrong = new_token()
    page.goto(hall.card_url(wrong))
    _state(page, "unknown")
    assert page.locator("[data-screen=unknown] h2").is_visible()
    page.click("#retype")
    _state(page, "token")
    assert page.input_value("#token-input") == token_text(wrong)  # to correct, not retype all
    assert "#" not in page.url
    page.fill("#token-input", token_text(hall.tokens[8]))  # a card of its own, never cast
    page.click("#token-form button[type=submit]")
    _state(page, "ballot")


def test_a_poll_not_open_yet_gets_a_clear_page(page, hall):
    page.goto(hall.card_url(hall.tokens[6], poll_id=hall.draft_id))
    _state(page, "not_open")
    assert page.locator("#vote h2").inner_text() == "Chưa mở bỏ phiếu"


def test_a_card_scanned_before_the_opening_shows_the_ballot_once_it_opens(page, live, hall):
    """The delegate scanned the card too early: the page waits, and once the committee opens
    the poll it shows the ballot by itself, with the same card (no second scan)."""
    app, _ = live
    poll_id, token = hall.waiting
    page.clock.install()  # the page's wait between two questions, run fast
    page.goto(hall.card_url(token, poll_id=poll_id))
    _state(page, "not_open")
    page.clock.run_for(30_000)
    _state(page, "not_open")  # asked again meanwhile; still not open
    with app.app_context():
        lifecycle.transition(polls.get_poll(poll_id), "open")
        db.session.commit()
        db.session.remove()
    page.clock.run_for(30_000)
    page.wait_for_selector('#vote[data-prepared="true"]')  # the ballot, its encryption ready
    _state(page, "ballot")
    assert page.url.endswith("#" + token_text(token))


# --- the end: count, export, verify; then the poll is closed --------------------------------------


def test_the_record_with_the_browser_ballots_verifies(page, live, hall, tmp_path):
    app, _ = live
    with app.app_context():
        poll = polls.get_poll(hall.poll_id)
        lifecycle.transition(poll, "closed")
        db.session.commit()
        fp = hall.fingerprint
        cells = counting.tally_ciphertexts(poll)
        members = {t.index: t.user for t in poll.trustees}
        for m in sorted(hall.member_secrets)[: poll.threshold]:
            shares = [
                [
                    make_decryption_share(
                        fp, m, hall.member_secrets[m], cell, official=i, level=j
                    ).to_dict()
                    for j, cell in enumerate(row)
                ]
                for i, row in enumerate(cells)
            ]
            counting.post_decryption(poll, members[m], shares)
            db.session.commit()
        result = lifecycle.decrypt(poll)
        db.session.commit()
        record = export.export_record(poll)
    db.session.remove()
    expected = [[0] * 3 for _ in range(4)]
    for choices, _code in hall.cast:
        for i, choice in enumerate(choices):
            if choice is not None:
                expected[i][choice] += 1
    assert [row["counts"] for row in result["officials"]] == expected
    (tmp_path / "record.zip").write_bytes(record)
    assert ballot_verify([str(tmp_path / "record.zip"), "--quiet"]) == 0

    page.goto(hall.card_url(hall.tokens[6]))
    _state(page, "closed")
