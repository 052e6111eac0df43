"""Publication (issue 15.8): nothing of the result is public before the counting committee
publishes it (the board's result, the minutes, the record, the decryption shares and the result
in the log); the chair publishes; then all of it is public on the board."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.models import Ballot, Credential, Log, LogEntry, Poll
from ballot_service.services import lifecycle
from ballot_service.services.errors import Forbidden
from tests.helpers import PASSWORD, login, make_user

from .support import closed_poll, shares


def _tallied() -> Poll:
    closed = closed_poll()
    for index in (1, 2):
        lifecycle.post_decryption(
            closed.poll, closed.members[index], shares(closed.poll, index, closed.secrets[index])
        )
    db.session.commit()
    assert closed.poll.state == "tallied"
    return closed.poll


def _entry_numbers(poll: Poll, kind: str) -> list[int]:
    leaves = db.session.scalars(
        select(LogEntry.leaf).where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
    ).all()
    return [e["seq"] + 1 for e in map(json.loads, leaves) if e["type"] == kind]


def _public_view(client, poll: Poll) -> dict[str, int | str]:
    result_entry = _entry_numbers(poll, "result")[0]
    share_entry = _entry_numbers(poll, "decryption_share")[0]
    return {
        "board": client.get(f"/board/polls/{poll.id}").get_data(as_text=True),
        "index": client.get("/").get_data(as_text=True),
        "minutes": client.get(f"/board/polls/{poll.id}/minutes").status_code,
        "record": client.get(f"/board/polls/{poll.id}/record").status_code,
        "result_entry": client.get(
            f"/board/polls/{poll.id}/entries/{result_entry}.json"
        ).status_code,
        "share_entry": client.get(f"/board/polls/{poll.id}/entries/{share_entry}.json").status_code,
    }


def test_nothing_of_the_result_is_public_before_publication(app):
    poll = _tallied()
    seen = _public_view(app.test_client(), poll)
    board = str(seen["board"])
    assert 'id="result"' not in board and 'class="result"' not in board
    assert (
        "&#34;counts&#34;" not in board and "&#34;shares&#34;" not in board
    )  # the entries' data is withheld
    assert "Được hiển thị khi kết quả được công bố" in board
    assert "has-result" not in str(seen["index"])
    assert seen["minutes"] == 403 and seen["record"] == 403
    assert seen["result_entry"] == 403 and seen["share_entry"] == 403
    # insiders see it, marked as not public yet
    make_user("theauditor", "auditor")
    insider = app.test_client()
    login(insider, "theauditor", PASSWORD)
    page = insider.get(f"/board/polls/{poll.id}").get_data(as_text=True)
    assert 'id="result"' in page and "Chưa công khai" in page
    assert insider.get(f"/board/polls/{poll.id}/minutes").status_code == 200


def test_another_polls_committee_member_sees_nothing_before_publication(app):
    """Found in review: every committee account was an insider of every poll. A member of
    another poll's committee is the public here, on the board, the minutes, the log entries,
    the record (board and audit downloads) and the draft resolution."""
    poll = _tallied()
    make_user("outsider", "committee")
    outsider = app.test_client()
    login(outsider, "outsider", PASSWORD)
    seen = _public_view(outsider, poll)
    assert 'id="result"' not in str(seen["board"]) and "has-result" not in str(seen["index"])
    assert seen["minutes"] == 403 and seen["record"] == 403
    assert seen["result_entry"] == 403 and seen["share_entry"] == 403
    assert outsider.get(f"/audit/polls/{poll.id}/record").status_code == 403
    assert outsider.get(f"/resolution/polls/{poll.id}.docx").status_code == 403
    # the poll's own members see all of it
    member = app.test_client()
    login(member, poll.trustees[1].user.username, PASSWORD)
    assert member.get(f"/board/polls/{poll.id}/minutes").status_code == 200
    assert member.get(f"/audit/polls/{poll.id}/record").status_code == 200
    assert member.get(f"/resolution/polls/{poll.id}.docx").status_code == 200
    page = member.get(f"/board/polls/{poll.id}").get_data(as_text=True)
    assert 'id="result"' in page


def test_the_chair_publishes_and_the_board_shows_everything(app):
    poll = _tallied()
    member = next(t for t in poll.trustees if not t.is_chair)
    with pytest.raises(Forbidden):
        lifecycle.request_move(poll, "published", member.user)
    chair = next(t for t in poll.trustees if t.is_chair)
    client = app.test_client()
    login(client, chair.user.username, PASSWORD)
    result_page = client.get(f"/committee/polls/{poll.id}/result").get_data(as_text=True)
    assert "Khối Hội đồng nhân dân" in result_page or "khối Hội đồng nhân dân" in result_page
    moved = client.post(
        f"/committee/polls/{poll.id}", data={"move-target": "published", "move-seen": "tallied"}
    )
    assert moved.status_code == 302
    assert db.session.get(Poll, poll.id).state == "published"
    assert _entry_numbers(poll, "published")
    seen = _public_view(app.test_client(), poll)
    board = str(seen["board"])
    assert 'id="result"' in board and 'id="public-record"' in board and "&#34;counts&#34;" in board
    assert "has-result" in str(seen["index"])
    assert seen["minutes"] == 200 and seen["result_entry"] == 200 and seen["share_entry"] == 200
    record = app.test_client().get(f"/board/polls/{poll.id}/record")
    assert record.status_code == 200 and record.mimetype == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(record.get_data())).namelist()


def test_no_hash_over_the_result_is_public_before_publication(app):
    """A root or a proof over the result entry would let anyone test guessed counts against it
    (a small poll has few to try): until publication the public head of the log stops just
    before the first decryption share; receipts, proofs and the witness checks stand on it."""
    poll = _tallied()
    log_id = f"ballot_service/poll/{poll.id}"
    first_share = _entry_numbers(poll, "decryption_share")[0] - 1  # its seq
    everything = db.session.scalar(select(Log.size).where(Log.id == log_id))
    assert first_share < everything
    client = app.test_client()
    head = client.get(f"/board/api/polls/{poll.id}/checkpoint").get_json()
    assert head["checkpoint"]["size"] == first_share  # the close and its tally, not beyond
    assert f"\n{first_share}\n" in client.get(f"/board/polls/{poll.id}").get_data(as_text=True)
    ballot = db.session.scalars(select(Ballot).where(Ballot.poll_id == poll.id)).first()
    proof = client.get(f"/board/api/ballots/{ballot.tracking_code}/proof").get_json()
    assert proof["tree_size"] == first_share
    credential = db.session.get(Credential, ballot.credential_id).public_key
    status = client.get(f"/vote/api/polls/{poll.id}/cards/{credential}").get_json()
    assert status["receipt"]["tree_size"] == first_share  # the card's receipt, shown again
    consistency = client.get(f"/board/api/polls/{poll.id}/consistency?from=1").get_json()
    assert consistency["to"] == first_share
    # published: the whole log, grown from what the public saw (no shrink for a witness)
    chair = next(t for t in poll.trustees if t.is_chair)
    lifecycle.request_move(poll, "published", chair.user)
    db.session.commit()
    now = db.session.scalar(select(Log.size).where(Log.id == log_id))
    assert now > everything  # the publication's own entries
    after = client.get(f"/board/api/polls/{poll.id}/checkpoint").get_json()
    assert after["checkpoint"]["size"] == now
    grown = client.get(f"/board/api/polls/{poll.id}/consistency?from={first_share}").get_json()
    assert grown["from"] == first_share and grown["to"] == now
