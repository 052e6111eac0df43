"""Engine and session: one scoped session per request or command, committed at its boundary."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, scoped_session, sessionmaker

session: scoped_session[Session] = scoped_session(sessionmaker(expire_on_commit=False))

# Whether the transactions begun now may write. Writers (every request that is not a GET, every
# command) begin SQLite transactions with BEGIN IMMEDIATE; readers (GET pages, the read halves
# of a cast) with a deferred BEGIN under PRAGMA query_only: in WAL mode a reader never waits for
# a writer, and a reader that tried to write would fail loudly instead of racing.
_writing: ContextVar[bool] = ContextVar("ballot_service_db_writing", default=True)
T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, say when a transaction begins, so SAVEPOINTs nest properly.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin(connection: Any) -> None:
    if _writing.get():
        # BEGIN IMMEDIATE: a writer takes the write lock when it starts, so two writers never
        # read the same state and then race to write it (one waits, busy_timeout).
        connection.exec_driver_sql("PRAGMA query_only=0")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("PRAGMA query_only=1")
        connection.exec_driver_sql("BEGIN")


@contextmanager
def reading() -> Iterator[None]:
    """Transactions begun inside only read: on SQLite they take no lock (WAL) and may not write.

    A transaction already under way keeps its kind; commit before entering to begin a reader.
    PostgreSQL needs nothing: its readers never wait for writers.
    """
    token = _writing.set(False)
    try:
        yield
    finally:
        _writing.reset(token)


def set_reading(value: bool) -> Any:
    """Make the transactions of this request readers (a GET); returns the token to reset."""
    return _writing.set(not value)


def reset_reading(token: Any) -> None:
    _writing.reset(token)


def is_busy(error: BaseException) -> bool:
    """SQLite said the database is busy or locked (its wait, busy_timeout, ran out)."""
    return (
        isinstance(error, OperationalError)
        and isinstance(error.orig, sqlite3.OperationalError)
        and any(word in str(error.orig).lower() for word in ("locked", "busy"))
    )


def retry_busy(work: Callable[[], T], attempts: int = 5) -> T:
    """Run a write transaction `work` (it ends with its commit), again after a rollback when
    SQLite reports busy: a client never sees "database is locked" for a wait that ran out."""
    for attempt in range(attempts):
        try:
            return work()
        except OperationalError as error:
            session.rollback()
            if not is_busy(error) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


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
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def bind(engine_or_connection: Any, **options: Any) -> None:
    """Point the scoped session at an engine (or, in tests, at one connection)."""
    session.remove()
    session.configure(bind=engine_or_connection, **options)
