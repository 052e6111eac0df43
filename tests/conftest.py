"""Fixtures: every database test runs on SQLite and again on PostgreSQL.

PostgreSQL is used when DATABASE_URL names it or the local server at 127.0.0.1:5432 (database
`test`, trust auth) answers; with REQUIRE_POSTGRES=1 (CI) an unreachable server is a failure.
Each run migrates a schema of its own with Alembic; each test runs inside a transaction that is
rolled back, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from ballot_service import create_app, db
from ballot_service.ledger import keys as key_files
from ballot_service.migrations import upgrade
from ballot_service.services import ledger_log

LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Property tests judge behaviour, not speed: a loaded 2-core CI machine must not fail them on
# time (speed is measured by ./scripts/bench).
settings.register_profile("suite", deadline=None, print_blob=True)
settings.load_profile("suite")


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    candidate = url if url.startswith("postgresql+psycopg://") else LOCAL_PG
    try:
        engine = create_engine(candidate, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return candidate
    except Exception as error:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            raise RuntimeError(
                f"REQUIRE_POSTGRES=1 but PostgreSQL is unreachable: {error}"
            ) from error
        return None


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys")
    key_files.generate_key_file(path / "log_signing_key.pem")
    return path


def _sqlite_engine(tmp: Path) -> Engine:
    engine = db.make_engine(f"sqlite:///{tmp / 'test.sqlite3'}")
    with engine.begin() as connection:
        upgrade(connection)
    return engine


def _postgres_engine(base_url: str) -> tuple[Engine, str]:
    schema = f"bs_test_{secrets.token_hex(4)}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = create_engine(url)
    with engine.begin() as connection:
        upgrade(connection)
    return engine, schema


@contextmanager
def migrated_engine(kind: str, tmp: Path) -> Iterator[Engine]:
    """A migrated database of `kind` ("sqlite": a file under `tmp`; "postgresql": a schema of
    its own, dropped afterwards). Skips when PostgreSQL is unreachable (unless required)."""
    if kind == "sqlite":
        engine = _sqlite_engine(tmp)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL not reachable (set REQUIRE_POSTGRES=1 to make this a failure)")
    engine, schema = _postgres_engine(base)
    try:
        yield engine
    finally:
        engine.dispose()
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    with migrated_engine(request.param, tmp_path_factory.mktemp("sqlite")) as found:
        yield found


@pytest.fixture
def app(engine: Engine, key_dir: Path, tmp_path: Path) -> Iterator[Any]:
    connection = engine.connect()
    outer = connection.begin()
    application = create_app(
        {
            "TESTING": True,
            "ENGINE": engine,
            "DATABASE_URL": str(engine.url.render_as_string(hide_password=False)),
            "SECRET_KEY": "test-" + "x" * 40,
            "KEYS_DIR": str(key_dir),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",  # cheaper than production's 2^15
        }
    )
    application.instance_path = str(tmp_path)
    db.bind(connection, join_transaction_mode="create_savepoint")
    ledger_log.forget_key()
    with application.app_context():
        yield application
    db.session.remove()
    outer.rollback()
    connection.close()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    return app.test_cli_runner()
