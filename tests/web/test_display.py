"""The hall display (issue 11.6): public, live figures for the projector, never a result."""

from __future__ import annotations

import re

import pytest

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import Poll
from ballot_service.services import cards, lifecycle, voting
from tests.helpers import ballot_for, login, make_poll, open_poll_with_cards

# Everything the display's JSON may ever carry: nothing per person rated or per level.
KEYS = {"state", "state_label", "cards_issued", "ballots_cast", "delegates_present"}


@pytest.fixture
def opened(app):
    return open_poll_with_cards()


def _status(client, poll_id: int) -> dict:
    response = client.get(f"/hall/{poll_id}/status.json")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert set(data) == KEYS
    return data


def test_the_figures_change_after_a_cast(client, opened):
    poll, tokens, _ = opened
    before = _status(client, poll.id)
    assert before == {
        "state": "open",
        "state_label": "Đang bỏ phiếu",
        "cards_issued": 3,
        "ballots_cast": 0,
        "delegates_present": 20,
    }
    voting.cast(poll, ballot_for(poll, tokens[0]))
    db.session.commit()
    assert _status(client, poll.id)["ballots_cast"] == 1
    voting.cast(poll, ballot_for(poll, tokens[1], [None, None, 1, 0]))
    db.session.commit()
    assert _status(client, poll.id)["ballots_cast"] == 2


def test_voided_cards_are_not_counted_as_issued(client, opened):
    poll, _, _ = opened
    spare = cards.listing(poll)[2][0].public_key
    cards.void(poll, spare, "thẻ dự phòng")
    db.session.commit()
    assert _status(client, poll.id)["cards_issued"] == 2


def test_the_state_in_english_on_the_apps_switch(client, opened):
    poll, _, _ = opened
    client.get("/lang/en")
    assert _status(client, poll.id)["state_label"] == "Open"
    assert "Ballots cast" in client.get(f"/hall/{poll.id}").get_data(as_text=True)


def _names(poll: Poll) -> list[str]:
    return [rated.official.name for rated in poll.rated]


def test_no_result_in_any_state_even_tallied_and_published(client, app):
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=5)
    poll = db.session.get(Poll, outcome.poll_id)
    assert poll.state == "tallied" and poll.result is not None
    for state in ("tallied", "published"):
        if state == "published":
            lifecycle.transition(poll, "published")
            db.session.commit()
        data = _status(client, poll.id)
        # The 2 spares were voided; 4 delegates cast.
        assert data == data | {"state": state, "cards_issued": 4, "ballots_cast": 4}
        page = client.get(f"/hall/{poll.id}").get_data(as_text=True)
        json_text = client.get(f"/hall/{poll.id}/status.json").get_data(as_text=True)
        for name in _names(poll):
            assert name not in page and name not in json_text
        assert "%" not in re.sub(r"%[0-9A-F]{2}", "", page)  # no percentage (URL escapes aside)
        assert "/board/polls/" in page  # the result is on the board, in the count minutes


def test_every_state_answers_the_same_keys(client, app):
    poll = make_poll()
    assert _status(client, poll.id)["state"] == "draft"
    assert _status(client, poll.id)["cards_issued"] == 0


def test_the_page_is_public_with_no_inline_script(client, opened):
    poll, _, _ = opened
    response = client.get(f"/hall/{poll.id}")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert poll.title in page and poll.council.name in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\sstyle=|<style", page)
    assert not re.search(r"<[^>]+\son[a-z]+=", page)
    assert 'src="/static/js/display.js"' in page
    assert f'data-status-url="/hall/{poll.id}/status.json"' in page


def test_unknown_and_out_of_range_polls(client, app):
    assert client.get("/hall/999999").status_code == 404
    response = client.get("/hall/999999/status.json")
    assert response.status_code == 404 and "error" in response.get_json()
    assert client.get(f"/hall/{2**40}").status_code == 404  # the bounded <id:…> converter
    assert client.get("/hall/-1/status.json").status_code == 404


def test_board_and_committee_pages_link_the_display(client, opened):
    poll, _, _ = opened
    link = f'href="/hall/{poll.id}"'
    assert link in client.get(f"/board/polls/{poll.id}").get_data(as_text=True)
    chair = next(t.user for t in poll.trustees if t.is_chair)
    login(client, chair.username)
    assert link in client.get(f"/committee/polls/{poll.id}").get_data(as_text=True)
