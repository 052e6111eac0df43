"""A live server (werkzeug, CSRF on) on SQLite or PostgreSQL with one closed poll of 3 members,
k = 2, whose key files are sealed as the key ceremony leaves them: for the console client's and
the browser's decryption tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import make_server

from ballot_service import create_app, db
from ballot_service.crypto.keyfile import seal_key
from ballot_service.ledger import keys as key_files
from ballot_service.services import ledger_log
from tests.conftest import migrated_engine

from .support import CHOICES, closed_poll, expected_counts

PASSPHRASES = {1: "cụm mật khẩu một", 2: "cụm mật khẩu hai", 3: "cụm mật khẩu ba"}


@dataclass
class Counting:
    url: str
    poll_id: int
    users: dict[int, str]  # member index -> username
    chair: int
    key_files: dict[int, Path]
    other_poll_key: Path  # member 1's secret sealed for another election fingerprint
    expected: list[list[int]]
    engine: object
    app: object


@contextmanager
def counting_server(kind: str, tmp: Path) -> Iterator[Counting]:
    key_files.generate_key_file(tmp / "keys" / "log_signing_key.pem")
    with migrated_engine(kind, tmp) as engine:
        app = create_app(
            {
                "TESTING": True,
                "ENGINE": engine,
                "DATABASE_URL": engine.url.render_as_string(hide_password=False),
                "SECRET_KEY": "counting-" + "x" * 40,
                "KEYS_DIR": str(tmp / "keys"),
                "SESSION_COOKIE_SECURE": False,
                "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
            }
        )
        app.instance_path = str(tmp)
        db.bind(engine)
        ledger_log.forget_key()
        with app.app_context():
            closed = closed_poll()
            fp = bytes.fromhex(closed.poll.fingerprint or "")
            files = {}
            for index, secret in closed.secrets.items():
                path = tmp / f"member-{index}.json"
                sealed = seal_key(fp, index, secret, PASSPHRASES[index], log_n=14)
                path.write_text(json.dumps(sealed.to_dict()), encoding="utf-8")
                files[index] = path
            other = tmp / "other-poll.json"
            sealed = seal_key(bytes(32), 1, closed.secrets[1], PASSPHRASES[1], log_n=14)
            other.write_text(json.dumps(sealed.to_dict()), encoding="utf-8")
            poll_id = closed.poll.id
            users = {i: u.username for i, u in closed.members.items()}
            chair = closed.chair
        db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Counting(
                f"http://127.0.0.1:{server.server_port}",
                poll_id,
                users,
                chair,
                files,
                other,
                expected_counts(CHOICES),
                engine,
                app,
            )
        finally:
            server.shutdown()
            thread.join(timeout=10)
            db.session.remove()
