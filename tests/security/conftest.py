"""Fixtures of the security regression suite: the verifier's record and CLI runner, and a real
server (the app on waitress, on its own committed database)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from waitress.server import create_server

from ballot_service import create_app, db
from ballot_service.cli import waitress_options
from tests.conftest import migrated_engine

from ..verifier.conftest import built, run  # noqa: F401 (the verifier's record and CLI runner)


@pytest.fixture(params=["sqlite", "postgresql"])
def live_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A migrated database whose writes are committed (a server's threads share it)."""
    with migrated_engine(request.param, tmp_path) as engine:
        yield engine


@pytest.fixture
def make_live_app(live_engine: Any, key_dir: Path, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Build the app on the live database, with `config` on top of the test settings."""

    def build(**config: Any) -> Any:
        app = create_app(
            {
                "ENGINE": live_engine,
                "DATABASE_URL": live_engine.url.render_as_string(hide_password=False),
                "SECRET_KEY": "live-" + "s" * 40,
                "KEYS_DIR": str(key_dir),
                "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
                **config,
            }
        )
        app.instance_path = str(tmp_path)
        return app

    db.bind(live_engine)
    yield build
    db.session.remove()


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """Start `app` on waitress at 127.0.0.1 with the service's own options; returns host:port."""
    servers: list[Any] = []

    def start(app: Any) -> str:
        server = create_server(app, host="127.0.0.1", port=0, **waitress_options(app, threads=4))
        servers.append(server)
        threading.Thread(target=server.run, daemon=True).start()
        return f"127.0.0.1:{server.effective_port}"

    yield start
    for server in servers:
        server.close()
