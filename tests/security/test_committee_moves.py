"""Security regression suite, the committee's powers: who opens, closes and publishes
(issue 10.3).

The attack: a non-chair member moved ready → open → closed with 0 ballots on their own.
"""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import LogEntry, PendingMove, Poll
from ballot_service.services import lifecycle, polls
from ballot_service.services.errors import Conflict, Forbidden
from tests.helpers import PASSWORD, login, make_poll, make_user


def _ceremony_done(second_member_confirms: bool = False) -> Poll:
    poll = make_poll()
    if second_member_confirms:
        members = [t.user_id for t in poll.trustees]
        polls.set_committee(poll, members, poll.trustees[0].user_id, 3, second_member_confirms=True)
    lifecycle.transition(poll, "key_ceremony")
    simulation.play_ceremony(poll, secrets.token_bytes)
    db.session.commit()
    return poll


def _last_state_change(poll: Poll) -> dict:
    leaves = db.session.scalars(
        select(LogEntry.leaf)
        .where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
        .order_by(LogEntry.seq.desc())
    ).all()
    return next(e for e in map(json.loads, leaves) if e["type"] == "state_changed")["data"]


def test_a_member_alone_cannot_move_the_poll(app):
    """issue 10.3: a member who is not the chair cannot make the committee's moves alone."""
    poll = _ceremony_done()
    member = next(t for t in poll.trustees if not t.is_chair)
    client = app.test_client()
    login(client, member.user.username, PASSWORD)
    response = client.post(f"/committee/polls/{poll.id}", data={"move-target": "ready"})
    assert response.status_code == 400
    assert "Trưởng Ban kiểm phiếu" in response.get_data(as_text=True)
    assert db.session.get(Poll, poll.id).state == "key_ceremony"
    with pytest.raises(Forbidden):
        lifecycle.request_move(poll, "ready", member.user)


def test_the_chair_moves_and_the_log_names_the_chair(app):
    """issue 10.3: the chair moves the poll; the state_changed entry says who made the move."""
    poll = _ceremony_done()
    chair = next(t for t in poll.trustees if t.is_chair)
    client = app.test_client()
    login(client, chair.user.username, PASSWORD)
    assert (
        client.post(f"/committee/polls/{poll.id}", data={"move-target": "ready"}).status_code == 302
    )
    assert db.session.get(Poll, poll.id).state == "ready"
    data = _last_state_change(poll)
    assert data["by"] == {"role": "committee", "member": chair.index, "chair": True}
    assert data["confirmed_by"] is None


def test_the_secretariat_move_names_the_account(app):
    """issue 10.3: the secretariat's moves are logged with the account that made them."""
    poll = make_poll()
    secretary = make_user("thuky", "admin")
    lifecycle.request_move(poll, "key_ceremony", secretary)
    assert _last_state_change(poll)["by"] == {"role": "secretariat", "account": "thuky"}


def test_a_second_member_confirms_when_the_council_allows_it(app):
    """issue 10.3: with the council's choice, a member asks, the same member cannot confirm,
    a different member does; the log names both."""
    poll = _ceremony_done(second_member_confirms=True)
    asker, second = [t for t in poll.trustees if not t.is_chair][:2]
    pending = lifecycle.request_move(poll, "ready", asker.user)
    assert pending is not None and poll.state == "key_ceremony"
    with pytest.raises(Forbidden):
        lifecycle.confirm_move(poll, pending.id, asker.user)
    assert poll.state == "key_ceremony"
    client = app.test_client()
    login(client, second.user.username, PASSWORD)
    db.session.commit()
    page = client.get(f"/committee/polls/{poll.id}").get_data(as_text=True)
    assert f"/moves/{pending.id}/confirm" in page
    response = client.post(f"/committee/polls/{poll.id}/moves/{pending.id}/confirm")
    assert response.status_code == 302
    assert db.session.get(Poll, poll.id).state == "ready"
    data = _last_state_change(poll)
    assert data["by"] == {"role": "committee", "member": asker.index, "chair": False}
    assert data["confirmed_by"] == {"role": "committee", "member": second.index, "chair": False}
    done = db.session.get(PendingMove, pending.id)
    assert (done.outcome, done.confirmer_id) == ("made", second.user_id)


def test_a_member_off_the_committee_cannot_confirm(app):
    """issue 10.3: the confirming member must sit on this poll's committee."""
    poll = _ceremony_done(second_member_confirms=True)
    asker = next(t for t in poll.trustees if not t.is_chair)
    pending = lifecycle.request_move(poll, "ready", asker.user)
    stranger = make_user("stranger", "committee", poll.council.delegates[5].id)
    with pytest.raises(Forbidden):
        lifecycle.confirm_move(poll, pending.id, stranger)
    assert poll.state == "key_ceremony"


def test_only_the_asker_or_the_chair_withdraws_a_request(app):
    """issue 10.3: a third member cannot withdraw another's request; the asker can, and a
    withdrawn request can no longer be confirmed."""
    poll = _ceremony_done(second_member_confirms=True)
    asker, third = [t for t in poll.trustees if not t.is_chair][:2]
    pending = lifecycle.request_move(poll, "ready", asker.user)
    with pytest.raises(Forbidden):
        lifecycle.withdraw_move(poll, pending.id, third.user)
    lifecycle.withdraw_move(poll, pending.id, asker.user)
    with pytest.raises(Conflict):
        lifecycle.confirm_move(poll, pending.id, third.user)
    assert poll.state == "key_ceremony"
