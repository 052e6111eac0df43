"""Two tablets casting with the same card at the same moment: exactly one ballot counts.

Runs on its own committed database (not the rolled-back test transaction), with one session
per thread as in the server, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from ballot_service import create_app, db
from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.devtools import simulation
from ballot_service.migrations import upgrade
from ballot_service.models import Ballot, LogEntry
from ballot_service.services import cards, ceremony, lifecycle, polls, voting
from ballot_service.services.errors import ServiceError
from tests.helpers import make_poll


@pytest.fixture(params=["sqlite", "postgresql"])
def live_app(request, key_dir: Path, tmp_path: Path):
    from tests.conftest import _postgres_engine, _postgres_url

    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
        with engine.begin() as connection:
            upgrade(connection)
        drop = None
    else:
        base = _postgres_url()
        if base is None:
            pytest.skip("PostgreSQL not reachable")
        engine, schema = _postgres_engine(base)
        drop = (base, schema)
    app = create_app(
        {
            "TESTING": True,
            "ENGINE": engine,
            "SECRET_KEY": "t" * 40,
            "KEYS_DIR": str(key_dir),
            "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        }
    )
    db.bind(engine)
    yield app
    db.session.remove()
    engine.dispose()
    if drop:
        from sqlalchemy import create_engine

        admin = create_engine(drop[0])
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{drop[1]}" CASCADE'))
        admin.dispose()


def _open_poll(live_app):
    """A committed open poll with one card; returns (poll id, fingerprint, key, token)."""
    with live_app.app_context():
        poll = make_poll()
        lifecycle.transition(poll, "key_ceremony")
        simulation.play_ceremony(poll, secrets.token_bytes)
        lifecycle.transition(poll, "ready")
        fp = bytes.fromhex(poll.fingerprint)
        token = new_token()
        cards.issue(poll, [Credential.from_token(fp, token).public.hex()])
        lifecycle.transition(poll, "open")
        db.session.commit()
        key, poll_id = ceremony.election_key(poll), poll.id
        db.session.remove()
    return poll_id, fp, key, token


def _race(live_app, *actions) -> list[str]:
    """Run the actions (each gets the poll) at the same moment, one session each."""
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def worker(action) -> None:
        with live_app.app_context():
            start.wait()
            try:
                outcomes.append(action())
                db.session.commit()
            except ServiceError as error:
                db.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(outcomes)


def test_same_card_twice_at_once(live_app):
    poll_id, fp, key, token = _open_poll(live_app)
    bodies = [
        encrypt_ballot(fp, key, token, choice, 3)[0].to_dict()
        for choice in ([0, 1, 2, None], [2, 2, 2, 2])
    ]

    def cast(body):
        return lambda: (voting.cast(polls.get_poll(poll_id), body), "cast")[1]

    assert _race(live_app, cast(bodies[0]), cast(bodies[1])) == ["AlreadyVoted", "cast"]
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
        leaves = db.session.scalars(select(LogEntry.leaf)).all()
        assert sum(b'"ballot_cast"' in bytes(leaf) for leaf in leaves) == 1
        db.session.remove()


def test_a_cast_racing_the_close_is_counted_or_refused(live_app):
    """Either the ballot is in before the close (and in the tally) or it is refused."""
    import json

    poll_id, fp, key, token = _open_poll(live_app)
    body = encrypt_ballot(fp, key, token, [0, 1, 2, None], 3)[0].to_dict()
    outcomes = _race(
        live_app,
        lambda: (voting.cast(polls.get_poll(poll_id), body), "cast")[1],
        lambda: (lifecycle.transition(polls.get_poll(poll_id), "closed"), "closed")[1],
    )
    assert "closed" in outcomes, outcomes
    with live_app.app_context():
        poll = polls.get_poll(poll_id)
        cast = db.session.scalar(select(func.count()).select_from(Ballot))
        assert json.loads(poll.tally)["ballots"] == cast, (outcomes, poll.state)
        assert cast == (1 if "cast" in outcomes else 0)
        db.session.remove()


def test_parallel_guesses_cannot_pass_the_rate_limit(live_app):
    from ballot_service.services import accounts
    from ballot_service.services.errors import RateLimited

    limit = 5
    with live_app.app_context():
        accounts.create_user("thuky", "correct horse battery", "admin")
        db.session.commit()
        db.session.remove()
    checked: list[str] = []
    start = threading.Barrier(12)

    def guess(i: int) -> None:
        with live_app.app_context():
            start.wait()
            try:
                accounts.authenticate("thuky", f"guess-{i}", "10.0.0.9", limits=(limit, 100, 900))
            except RateLimited:
                checked.append("refused")
            except ServiceError:
                checked.append("checked")
            finally:
                db.session.commit()  # the view commits the failure it recorded
                db.session.remove()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert checked.count("checked") == limit
    assert checked.count("refused") == 12 - limit
