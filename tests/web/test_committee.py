"""The moves each role owns: the secretariat prepares, the counting committee runs the poll."""

from __future__ import annotations

import pytest

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import Poll
from ballot_service.services import lifecycle
from ballot_service.services.errors import Forbidden
from tests.helpers import PASSWORD, login, make_poll, make_user


def _ready_poll():
    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    simulation.play_ceremony(poll, __import__("secrets").token_bytes)
    db.session.commit()
    return poll


def test_secretariat_cannot_run_the_poll(app):
    poll = _ready_poll()
    secretary = make_user("thuky", "admin")
    with pytest.raises(Forbidden):
        lifecycle.request_move(poll, "ready", secretary)
    client = app.test_client()
    login(client, "thuky")
    response = client.post(f"/admin/polls/{poll.id}/move", data={"move-target": "ready"})
    assert response.status_code == 400
    assert db.session.get(Poll, poll.id).state == "key_ceremony"


def test_a_member_moves_the_poll_on(app):
    poll = _ready_poll()
    member = poll.trustees[0].user
    client = app.test_client()
    assert login(client, member.username, PASSWORD).headers["Location"].endswith("/committee/")
    page = client.get(f"/committee/polls/{poll.id}").get_data(as_text=True)
    assert poll.fingerprint in page
    response = client.post(f"/committee/polls/{poll.id}", data={"move-target": "ready"})
    assert response.status_code == 302
    assert db.session.get(Poll, poll.id).state == "ready"
    refused = client.post(f"/committee/polls/{poll.id}", data={"move-target": "draft"})
    assert refused.status_code == 400  # the secretariat's move, not the committee's
    assert db.session.get(Poll, poll.id).state == "ready"


def test_a_committee_account_off_this_poll_is_refused(app):
    poll = _ready_poll()
    make_user("stranger", "committee", poll.council.delegates[5].id)
    client = app.test_client()
    login(client, "stranger")
    assert client.get(f"/committee/polls/{poll.id}").status_code == 403
    assert (
        client.post(f"/committee/polls/{poll.id}", data={"move-target": "ready"}).status_code == 403
    )
    assert db.session.get(Poll, poll.id).state == "key_ceremony"
