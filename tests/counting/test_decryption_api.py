"""Decryption through the JSON API (issue 15.4): a member acts as their own seat only; shares
of another member, or with a bad proof, are refused and nothing is kept; absent members do not
block; once k members are in, the result is computed, logged and the poll tallied; before that
nobody sees a count."""

from __future__ import annotations

import json

from sqlalchemy import select

from ballot_service import db
from ballot_service.models import DecryptionShareRow, LogEntry, Poll
from ballot_service.services import counting
from tests.helpers import PASSWORD, login, make_user

from .support import CHOICES, closed_poll, expected_counts, shares

API = "/committee/api/polls/{}/decryption"


def _client(app, username):
    client = app.test_client()
    login(client, username, PASSWORD)
    return client


def _log_types(poll: Poll) -> list[str]:
    leaves = db.session.scalars(
        select(LogEntry.leaf).where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
    ).all()
    return [json.loads(leaf)["type"] for leaf in leaves]


def test_a_member_gets_their_own_index_and_the_encrypted_tally(app):
    closed = closed_poll()
    poll = closed.poll
    for index, user in closed.members.items():
        status = _client(app, user.username).get(API.format(poll.id)).get_json()
        assert status["member"] == index and status["threshold"] == 2
        assert status["election"] == poll.fingerprint and status["state"] == "closed"
        assert len(status["tally"]["cells"]) == 4 and status["tally"]["ballots"] == 3
        assert status["posted"] == [] and status["decrypted"] is False
    make_user("stranger", "committee", poll.council.delegates[0].id)
    stranger = _client(app, "stranger")
    refused = stranger.get(API.format(poll.id))
    assert refused.status_code == 403 and "error" in refused.get_json()
    assert stranger.post(API.format(poll.id), json={"shares": [[]]}).status_code == 403
    for page in ("decryption", "result"):
        assert stranger.get(f"/committee/polls/{poll.id}/{page}").status_code == 403
    make_user("thuky", "admin")
    assert _client(app, "thuky").get(API.format(poll.id)).status_code == 403
    assert app.test_client().get(API.format(poll.id)).status_code in (302, 401)


def test_member_a_cannot_post_for_member_b(app):
    closed = closed_poll()
    poll = closed.poll
    a, b = 1, 2
    client = _client(app, closed.members[a].username)
    # B's shares, made with B's secret and B's index, posted from A's login
    as_b = client.post(API.format(poll.id), json={"shares": shares(poll, b, closed.secrets[b])})
    assert as_b.status_code in (403, 422), as_b.get_json()
    # A's index with B's secret: the proof does not match A's verification key
    forged = client.post(API.format(poll.id), json={"shares": shares(poll, a, closed.secrets[b])})
    assert forged.status_code == 422 and "error" in forged.get_json()
    assert db.session.scalars(select(DecryptionShareRow)).all() == []
    assert "decryption_share" not in _log_types(poll)


def test_bad_bodies_are_refused_with_a_message(app):
    closed = closed_poll()
    poll = closed.poll
    client = _client(app, closed.members[1].username)
    for body in ({}, {"shares": "x"}, {"shares": [1, 2]}, {"shares": [[1]]}, []):
        answer = client.post(API.format(poll.id), json=body)
        assert answer.status_code == 400 and answer.get_json()["error"], body
    short = client.post(API.format(poll.id), json={"shares": [[]]})
    assert short.status_code == 422 and short.get_json()["error"]
    text = client.post(API.format(poll.id), data="shares", content_type="text/plain")
    assert text.status_code == 415
    assert db.session.scalars(select(DecryptionShareRow)).all() == []


def test_k_members_decrypt_while_one_is_absent(app):
    closed = closed_poll()
    poll = closed.poll
    first, second, absent = 1, 3, 2
    one = _client(app, closed.members[first].username)
    answer = one.post(
        API.format(poll.id), json={"shares": shares(poll, first, closed.secrets[first])}
    )
    assert answer.status_code == 201
    assert answer.get_json()["posted"] == [first] and answer.get_json()["decrypted"] is False
    again = one.post(
        API.format(poll.id), json={"shares": shares(poll, first, closed.secrets[first])}
    )
    assert again.status_code == 409
    # before k: no count anywhere
    assert db.session.get(Poll, poll.id).result is None
    waiting = one.get(f"/committee/polls/{poll.id}/result").get_data(as_text=True)
    assert "chưa được giải mã" in waiting and 'id="result-table"' not in waiting
    board = app.test_client().get(f"/board/polls/{poll.id}").get_data(as_text=True)
    assert 'id="result"' not in board
    two = _client(app, closed.members[second].username)
    done = two.post(
        API.format(poll.id), json={"shares": shares(poll, second, closed.secrets[second])}
    )
    assert done.status_code == 201 and done.get_json()["decrypted"] is True
    poll = db.session.get(Poll, poll.id)
    assert poll.state == "tallied"
    result = json.loads(poll.result)
    assert [row["counts"] for row in result["officials"]] == expected_counts(CHOICES)
    assert [row["blank"] for row in result["officials"]] == [0, 0, 1, 2]
    logged = _log_types(poll)
    assert logged.count("decryption_share") == 2 and logged.count("result") == 1
    late = _client(app, closed.members[absent].username)
    refused = late.post(
        API.format(poll.id), json={"shares": shares(poll, absent, closed.secrets[absent])}
    )
    assert refused.status_code == 409
    assert sorted(counting.posted_shares(poll)) == [first, second]
