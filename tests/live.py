"""A live server for the tests that need one (browsers, ballot-trustee): the app on a given
engine and a folder of its own, served from a thread on a free port of 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from ballot_service import create_app, db
from ballot_service.devtools.sandbox import scratch_app
from ballot_service.services import ledger_log


def live_app(engine: Any, tmp: Path, name: str) -> Any:
    """The app on `engine` in `tmp` (devtools.sandbox.scratch_app), with cookies over plain HTTP
    (127.0.0.1 is a secure context) and Flask's testing mode. `name` makes its secret key."""
    return scratch_app(create_app, tmp, name, engine, TESTING=True, SESSION_COOKIE_SECURE=False)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve `app` from a thread until the block ends; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        db.session.remove()
        ledger_log.forget_key()
