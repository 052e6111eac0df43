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
from ballot_service.ledger import keys as key_files
from ballot_service.services import ledger_log


def live_app(engine: Any, tmp: Path, name: str) -> Any:
    """The app on `engine`, its log key made in tmp/keys, its instance folder `tmp`, with cheap
    password hashes and cookies over plain HTTP (127.0.0.1 is a secure context); the session
    bound to the engine. `name` makes its secret key."""
    key_files.generate_key_file(tmp / "keys" / "log_signing_key.pem")
    app = create_app(
        {
            "TESTING": True,
            "ENGINE": engine,
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "SECRET_KEY": f"{name}-" + "x" * 40,
            "KEYS_DIR": str(tmp / "keys"),
            "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
        }
    )
    app.instance_path = str(tmp)
    db.bind(engine)
    ledger_log.forget_key()
    return app


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
