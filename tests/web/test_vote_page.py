"""What the voting page reads from the server (issue 11.3): the page itself by poll state, the
election, a card's status by its public credential, and the receipt's QR code."""

from __future__ import annotations

import html as html_text
import json
import re

import pytest

from ballot_service import db
from ballot_service.cardtool.tokens import token_text
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.services import cards, lifecycle, polls
from tests.helpers import ballot_for, open_poll_with_cards


@pytest.fixture
def opened(app):
    return open_poll_with_cards()


def _public(poll, token: bytes) -> str:
    return Credential.from_token(bytes.fromhex(poll.fingerprint), token).public.hex()


def test_the_page_of_an_open_poll_never_holds_a_token(client, opened):
    poll, tokens, _ = opened
    page = client.get(f"/vote/{poll.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="vote"' in html and "js/vote.js" in html
    assert "<script>" not in html and not re.search(r"\son[a-z]+=", html)  # no inline script
    assert tokens[0].hex() not in html and token_text(tokens[0]) not in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert 'href="/login"' not in html  # a delegate's tablet offers no staff login
    assert 'href="/login"' in client.get("/").get_data(as_text=True)
    # the code field has no name: a form sent without the script could not put it in a URL
    assert re.search(r'<input id="token-input"(?![^>]*\sname=)[^>]*>', html)
    # the election comes with the page, as the JSON endpoint gives it
    embedded = re.search(r'data-election="([^"]*)"', html)
    assert embedded is not None
    api = client.get(f"/vote/api/polls/{poll.id}/election").get_json()
    assert json.loads(html_text.unescape(embedded.group(1))) == api


@pytest.mark.parametrize(("state", "when"), [("draft", "not_open"), ("closed", "closed")])
def test_a_poll_that_cannot_vote_gets_its_own_page(client, opened, state, when):
    poll, _tokens, _ = opened
    if state == "draft":
        poll = polls.create_poll(poll.council, "poll", "Chưa mở")
    else:
        lifecycle.transition(poll, "closed")
    db.session.commit()
    html = client.get(f"/vote/{poll.id}").get_data(as_text=True)
    assert f'data-state="{when}"' in html and "js/vote.js" not in html


def test_the_election_in_ballot_order_with_its_key(client, opened):
    poll, _tokens, _ = opened
    answer = client.get(f"/vote/api/polls/{poll.id}/election").get_json()
    assert answer["state"] == "open"
    assert answer["fingerprint"] == poll.fingerprint
    assert answer["election_key"] == poll.election_key
    assert [level["code"] for level in answer["levels"]] == ["high", "confidence", "low"]
    assert [bloc["code"] for bloc in answer["blocs"]] == ["council", "peoples_committee"]
    indexes = [o["index"] for bloc in answer["blocs"] for o in bloc["officials"]]
    assert indexes == list(range(answer["officials"])) == [0, 1, 2, 3]
    assert answer["blocs"][0]["officials"][0]["positions"] == ["Chức vụ 0"]


def test_a_draft_poll_has_no_election_yet(client, opened):
    poll, _tokens, _ = opened
    draft = polls.create_poll(poll.council, "poll", "Chưa mở")
    db.session.commit()
    answer = client.get(f"/vote/api/polls/{draft.id}/election").get_json()
    assert answer["state"] == "draft" and "election_key" not in answer


def test_card_status_ok_used_voided_unknown(client, opened):
    poll, tokens, _ = opened
    url = f"/vote/api/polls/{poll.id}/cards/"
    assert client.get(url + _public(poll, tokens[0])).get_json() == {"status": "ok"}
    cast = client.post(f"/vote/api/polls/{poll.id}/ballots", json=ballot_for(poll, tokens[0]))
    used = client.get(url + _public(poll, tokens[0])).get_json()
    assert used["status"] == "used"
    assert used["receipt"]["tracking_code"] == cast.get_json()["receipt"]["tracking_code"]
    cards.void(poll, _public(poll, tokens[1]), "thẻ dự phòng")
    db.session.commit()
    assert client.get(url + _public(poll, tokens[1])).get_json() == {"status": "voided"}
    assert client.get(url + _public(poll, new_token())).get_json() == {"status": "unknown"}


def test_bad_requests_get_a_translated_json_refusal(client, opened):
    poll, _tokens, _ = opened
    bad = client.get(f"/vote/api/polls/{poll.id}/cards/XYZ", headers={"Accept-Language": "vi"})
    assert bad.status_code == 400 and "thập lục phân" in bad.get_json()["error"]
    missing = client.get("/vote/api/polls/9999/election")
    assert missing.status_code == 404 and missing.get_json()["error"]


def test_the_receipt_qr_code_is_an_svg(client, opened):
    poll, tokens, _ = opened
    code = client.post(
        f"/vote/api/polls/{poll.id}/ballots", json=ballot_for(poll, tokens[0])
    ).get_json()["receipt"]["tracking_code"]
    image = client.get(f"/vote/receipts/{code}.svg")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert re.search(rb"<svg[^>]*>", image.data) and b"<script" not in image.data
    assert client.get("/vote/receipts/not-a-code.svg").status_code == 404
    # the URL follows the request's Host, so no shared cache may keep the image (found in review)
    assert image.headers["Cache-Control"].startswith("private")
