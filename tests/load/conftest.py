"""The rehearsals of issue 13 against the real server (a process of its own) on a fresh
database, on SQLite and on PostgreSQL. The short modes run in the suite; the full ones are
`./scripts/load` with its flags (README)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from ballot_service import create_app
from ballot_service.devtools.load import poll
from ballot_service.devtools.load.server import Server
from ballot_service.services import ledger_log
from tests.conftest import _postgres_url


def make_app(url: str, keys_dir: Path, instance: Path) -> Flask:
    app = create_app(
        {"DATABASE_URL": url, "KEYS_DIR": str(keys_dir), "SECRET_KEY": secrets.token_hex(32)}
    )
    app.instance_path = str(instance)
    ledger_log.forget_key()
    return app


def postgres_or_skip(kind: str) -> str | None:
    if kind == "sqlite":
        return None
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL not reachable (set REQUIRE_POSTGRES=1 to make this a failure)")
    return base


@dataclass
class Live:
    """A running server over an open poll whose ballots are made (card i: bodies[i])."""

    prepared: poll.Prepared
    server: Server
    app: Any
    tmp: Path


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    base = postgres_or_skip(request.param)
    tmp = tmp_path_factory.mktemp("live")
    instance = tmp / "instance"
    instance.mkdir(mode=0o700)
    with poll.fresh_database(tmp, base) as url:
        keys_dir = poll.make_keys(tmp)
        app = make_app(url, keys_dir, instance)
        prepared = poll.prepare(
            app, url, keys_dir, delegates=64, officials=2, trustees=3, threshold=2, seed=13
        )
        poll.dispose(app)
        # Every cast of a race is let in at once (no 429): the races race in the service.
        server = Server(
            url,
            keys_dir,
            instance,
            workers=2 if base else 1,
            environment={"BALLOT_CASTS_AT_ONCE": "100"},
        )
        server.start()
        try:
            yield Live(prepared, server, app, tmp)
        finally:
            server.stop()
            poll.dispose(app)
