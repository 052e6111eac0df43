"""Opening and closing a poll (issue 15.3): open needs the ceremony done and usable cards; close
computes and logs the encrypted tally; a move from a stale page is refused; the log names who
moved the poll; the confirmations say what happens and that it cannot be undone."""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.devtools import simulation
from ballot_service.models import LogEntry, Poll
from ballot_service.services import cards, lifecycle
from ballot_service.services.errors import Conflict
from tests.helpers import PASSWORD, login, make_poll


def _ready(with_cards: int = 0) -> Poll:
    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    simulation.play_ceremony(poll, secrets.token_bytes)
    lifecycle.transition(poll, "ready")
    fp = bytes.fromhex(poll.fingerprint or "")
    publics = [Credential.from_token(fp, new_token()).public.hex() for _ in range(with_cards)]
    if publics:
        cards.issue(poll, publics)
    db.session.commit()
    return poll


def _entries(poll: Poll) -> list[dict]:
    leaves = db.session.scalars(
        select(LogEntry.leaf)
        .where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
        .order_by(LogEntry.seq)
    ).all()
    return [json.loads(leaf) for leaf in leaves]


def _chair(poll: Poll):
    return next(t for t in poll.trustees if t.is_chair)


def test_open_is_refused_without_usable_cards(app):
    poll = _ready()
    with pytest.raises(Conflict, match="thẻ phiếu"):
        lifecycle.request_move(poll, "open", _chair(poll).user)
    assert poll.state == "ready"
    fp = bytes.fromhex(poll.fingerprint or "")
    spare = Credential.from_token(fp, new_token()).public.hex()
    cards.issue(poll, [spare])
    cards.void(poll, spare, "thẻ dự phòng")
    db.session.commit()
    with pytest.raises(Conflict, match="chưa bị hủy"):
        lifecycle.request_move(poll, "open", _chair(poll).user)
    assert poll.state == "ready"


def test_the_page_says_why_open_is_refused(app):
    poll = _ready()
    client = app.test_client()
    login(client, _chair(poll).user.username, PASSWORD)
    page = client.post(
        f"/committee/polls/{poll.id}", data={"move-target": "open", "move-seen": "ready"}
    )
    assert page.status_code == 400
    assert "thẻ phiếu" in page.get_data(as_text=True)
    assert db.session.get(Poll, poll.id).state == "ready"


def test_open_then_close_logs_who_moved_and_the_encrypted_tally(app):
    poll = _ready(with_cards=2)
    chair = _chair(poll)
    client = app.test_client()
    login(client, chair.user.username, PASSWORD)
    page = client.get(f"/committee/polls/{poll.id}").get_data(as_text=True)
    assert 'name="move-seen" value="ready"' in page
    assert "Không thể hoàn tác" in page  # the confirmation: it cannot be undone
    for target, seen in (("open", "ready"), ("closed", "open")):
        response = client.post(
            f"/committee/polls/{poll.id}", data={"move-target": target, "move-seen": seen}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.get(Poll, poll.id).state == "closed"
    entries = _entries(poll)
    moves = [e["data"] for e in entries if e["type"] == "state_changed"]
    by_chair = {"role": "committee", "member": chair.index, "chair": True}
    assert [(m["to_state"], m["by"]) for m in moves[-2:]] == [
        ("open", by_chair),
        ("closed", by_chair),
    ]
    tally = [e["data"] for e in entries if e["type"] == "tally"]
    assert len(tally) == 1 and tally[0]["ballots"] == 0 and len(tally[0]["tally_hash"]) == 64
    assert db.session.get(Poll, poll.id).tally is not None
    close_page = client.get(f"/committee/polls/{poll.id}").get_data(as_text=True)
    assert "Giải mã" in close_page or "giải mã" in close_page


def test_a_move_from_a_stale_page_is_refused(app):
    """Another member moved the poll after this page was rendered: the move it carries is
    refused with a message; nothing happens."""
    poll = _ready(with_cards=2)
    chair = _chair(poll)
    lifecycle.request_move(poll, "open", chair.user, seen_state="ready")
    db.session.commit()
    with pytest.raises(Conflict, match="đã cũ"):
        lifecycle.request_move(poll, "closed", chair.user, seen_state="ready")
    client = app.test_client()
    login(client, chair.user.username, PASSWORD)
    response = client.post(
        f"/committee/polls/{poll.id}", data={"move-target": "closed", "move-seen": "ready"}
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Không có gì được thực hiện" in text
    assert db.session.get(Poll, poll.id).state == "open"
    assert not any(e["type"] == "poll_closed" for e in _entries(poll))
