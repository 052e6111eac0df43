"""Issue 13.2: tablets casting at the same moment through the real server (waitress on SQLite,
two gunicorn workers on PostgreSQL): one ballot per card, the same receipt to every repeat, a
clean refusal after the close, and never a 5xx or "database is locked"."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import func, select

from ballot_service import db
from ballot_service.models import Ballot, LogEntry
from ballot_service.services import ledger_log, lifecycle, polls

from .conftest import Live


def _at_once(calls: list[Callable[[], tuple[int, dict]]]) -> list[tuple[int, dict]]:
    start = threading.Barrier(len(calls))
    answers: list[tuple[int, dict] | None] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(a is not None for a in answers)
    return answers  # type: ignore[return-value]


def _caster(live: Live, card: int) -> Callable[[], tuple[int, dict]]:
    from ballot_service.devtools.load.clients import post

    path = f"/vote/api/polls/{live.prepared.poll_id}/ballots"

    def cast() -> tuple[int, dict]:
        status, raw = post(live.server.port, path, live.prepared.bodies[card], 120)
        return status, json.loads(raw)

    return cast


def _stored(live: Live, cards: range) -> Counter[str]:
    codes = {live.prepared.codes[c] for c in cards}
    with live.app.app_context():
        found = db.session.scalars(
            select(Ballot.tracking_code).where(Ballot.poll_id == live.prepared.poll_id)
        ).all()
        db.session.remove()
    return Counter(code for code in found if code in codes)


def _no_locked_in_log(live: Live) -> None:
    text = live.server.log.read_text(errors="replace").lower()
    assert "database is locked" not in text
    assert "traceback" not in text


def test_one_card_cast_20_times_at_once(live: Live):
    answers = _at_once([_caster(live, 0)] * 20)
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 200: 19}, statuses
    receipts = {json.dumps(answer["receipt"]["tracking_code"]) for _, answer in answers}
    assert receipts == {json.dumps(live.prepared.codes[0])}
    assert sum(answer["repeated"] for _, answer in answers) == 19
    assert _stored(live, range(0, 1)) == {live.prepared.codes[0]: 1}
    _no_locked_in_log(live)


def test_n_cards_each_cast_twice_at_once(live: Live):
    cards = range(1, 21)
    answers = _at_once([_caster(live, c) for c in cards for _ in range(2)])
    assert Counter(status for status, _ in answers) == {201: 20, 200: 20}
    by_card = Counter(answer["receipt"]["tracking_code"] for _, answer in answers)
    assert set(by_card.values()) == {2}
    assert _stored(live, cards) == {live.prepared.codes[c]: 1 for c in cards}
    _no_locked_in_log(live)


def test_casts_racing_the_close(live: Live):
    """Every cast is either in the log before the close (201) or refused cleanly (409)."""
    cards = range(21, 64)

    def close() -> tuple[int, dict]:
        with live.app.app_context():
            lifecycle.transition(polls.get_poll(live.prepared.poll_id), "closed")
            db.session.commit()
            db.session.remove()
        return 0, {}

    with live.app.app_context():  # what earlier tests cast (none if this one runs alone)
        before = db.session.scalar(
            select(func.count()).select_from(Ballot).where(Ballot.poll_id == live.prepared.poll_id)
        )
        db.session.remove()
    calls = [_caster(live, c) for c in cards]
    calls.insert(len(calls) // 2, close)
    answers = [a for a in _at_once(calls) if a[0] != 0]
    statuses = Counter(status for status, _ in answers)
    assert set(statuses) <= {201, 409}, statuses
    accepted = {a["receipt"]["tracking_code"] for s, a in answers if s == 201}
    assert all("receipt" not in a for s, a in answers if s == 409)  # refused: no ballot
    with live.app.app_context():
        poll = polls.get_poll(live.prepared.poll_id)
        assert poll.state == "closed"
        leaves = [
            json.loads(leaf)
            for leaf in db.session.scalars(
                select(LogEntry.leaf)
                .where(LogEntry.log_id == ledger_log.poll_log_id(poll))
                .order_by(LogEntry.seq)
            )
        ]
        total = db.session.scalar(
            select(func.count()).select_from(Ballot).where(Ballot.poll_id == poll.id)
        )
        db.session.remove()
    kinds = [leaf["type"] for leaf in leaves]
    closed_at = kinds.index("poll_closed")
    assert "ballot_cast" not in kinds[closed_at:]
    assert set(_stored(live, cards)) == accepted
    assert total == before + len(accepted)
    _no_locked_in_log(live)
