"""Engine and session: one scoped session per request or command, committed at its boundary."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

session: scoped_session[Session] = scoped_session(sessionmaker(expire_on_commit=False))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, say when a transaction begins, so SAVEPOINTs nest properly.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _create_private_file(url: str) -> None:
    """Create a SQLite database file with mode 0600 whatever the umask: SQLite gives its -wal
    and -shm files the mode of the database file."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.fchmod(fd, 0o600)
    os.close(fd)


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL, synchronous=FULL and foreign keys on every connection."""
    if url.startswith("sqlite"):
        _create_private_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so two requests
        # never read the same state and then race to write it (one waits, busy_timeout).
        event.listen(
            engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE")
        )
        return engine
    return create_engine(url, pool_pre_ping=True)


def bind(engine_or_connection: Any, **options: Any) -> None:
    """Point the scoped session at an engine (or, in tests, at one connection)."""
    session.remove()
    session.configure(bind=engine_or_connection, **options)
