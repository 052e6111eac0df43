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
from ballot_service.crypto.ballot import encrypt_ballot
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.migrations import upgrade
from ballot_service.models import Ballot, LogEntry
from ballot_service.services import cards, ceremony, polls, simulation, voting
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
    app = create_app({"TESTING": True, "ENGINE": engine, "SECRET_KEY": "t" * 40,
                      "KEYS_DIR": str(key_dir), "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
                      "DATABASE_URL": engine.url.render_as_string(hide_password=False)})
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


def test_same_card_twice_at_once(live_app):
    with live_app.app_context():
        poll = make_poll()
        polls.transition(poll, "key_ceremony")
        simulation._ceremony(poll, secrets.token_bytes)
        polls.transition(poll, "ready")
        fp = bytes.fromhex(poll.fingerprint)
        token = new_token()
        cards.issue(poll, [Credential.from_token(fp, token).public.hex()])
        polls.transition(poll, "open")
        db.session.commit()
        key, poll_id = ceremony.election_key(poll), poll.id
        bodies = [encrypt_ballot(fp, key, token, choice, 3)[0].to_dict()
                  for choice in ([0, 1, 2, None], [2, 2, 2, 2])]
        db.session.remove()

    start = threading.Barrier(2)
    outcomes: list[str] = []

    def tablet(body: dict) -> None:
        with live_app.app_context():
            start.wait()
            try:
                voting.cast(polls.get_poll(poll_id), body)
                db.session.commit()
                outcomes.append("cast")
            except ServiceError as error:
                db.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=tablet, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["AlreadyVoted", "cast"]
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
        leaves = db.session.scalars(select(LogEntry.leaf)).all()
        assert sum(b'"ballot_cast"' in bytes(leaf) for leaf in leaves) == 1
        db.session.remove()
