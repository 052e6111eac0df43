"""Issue 13.7: on SQLite a read never waits behind a write transaction (WAL readers), while
writers still take the write lock when they begin, so they serialise."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ballot_service import create_app, db
from ballot_service.migrations import upgrade
from ballot_service.models import Council
from tests.helpers import make_poll


@pytest.fixture
def sqlite_app(key_dir: Path, tmp_path: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'readers.sqlite3'}")
    with engine.begin() as connection:
        upgrade(connection)
    app = create_app(
        {
            "TESTING": True,
            "ENGINE": engine,
            "SECRET_KEY": "r" * 40,
            "KEYS_DIR": str(key_dir),
            "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        }
    )
    db.bind(engine)
    yield app, engine
    db.session.remove()
    engine.dispose()


def _hold_write(engine):
    """Another connection in the middle of a write transaction (as a CSV import would be)."""
    writer = engine.connect()
    writer.begin()  # BEGIN IMMEDIATE: the write lock is held from here
    writer.execute(text("UPDATE councils SET name = name || ' ' WHERE 1 = 0"))
    return writer


def test_a_board_read_does_not_wait_behind_a_held_write(sqlite_app):
    app, engine = sqlite_app
    with app.app_context():
        poll_id = make_poll().id
        db.session.remove()
    writer = _hold_write(engine)
    try:
        client = app.test_client()
        started = time.monotonic()
        for path in (f"/board/polls/{poll_id}", f"/board/polls/{poll_id}/ballots", "/"):
            assert client.get(path).status_code == 200, path
        # BEGIN IMMEDIATE would have waited busy_timeout (10 s) and then failed.
        assert time.monotonic() - started < 5
    finally:
        writer.rollback()
        writer.close()


def test_writers_still_take_the_lock_when_they_begin(sqlite_app):
    _app, engine = sqlite_app
    second = engine.connect()
    second.exec_driver_sql("PRAGMA busy_timeout=0")  # refuse at once instead of waiting 10 s
    second.commit()
    writer = _hold_write(engine)
    try:
        with pytest.raises(OperationalError) as refused:
            second.exec_driver_sql("SELECT 1")  # its BEGIN IMMEDIATE needs the write lock
        assert db.is_busy(refused.value)
        second.rollback()
        with db.reading():  # the same connection as a reader begins at once
            assert second.exec_driver_sql("SELECT count(*) FROM councils").scalar() == 0
            second.rollback()
    finally:
        writer.rollback()
        writer.close()
        second.close()


def test_a_reader_cannot_write(sqlite_app):
    app, _engine = sqlite_app
    with app.app_context(), db.reading():
        db.session.add(Council(name="x", level="province", total_delegates=1))
        with pytest.raises(OperationalError, match="readonly"):
            db.session.flush()
        db.session.rollback()


def _busy() -> OperationalError:
    return OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))


def test_retry_busy_runs_the_write_again_after_busy(sqlite_app):
    app, _engine = sqlite_app
    attempts: list[int] = []

    def work() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise _busy()
        return "done"

    def always_busy() -> str:
        raise _busy()

    with app.app_context():
        assert db.retry_busy(work) == "done"
        assert len(attempts) == 3
        with pytest.raises(OperationalError):
            db.retry_busy(always_busy)
