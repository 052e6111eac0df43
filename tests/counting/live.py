"""A live server (werkzeug, CSRF on) on SQLite or PostgreSQL with one closed poll of 3 members,
k = 2, whose key files are sealed as the key ceremony leaves them: for the console client's and
the browser's decryption tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ballot_service import db
from ballot_service.crypto.keyfile import seal_key
from tests.conftest import migrated_engine
from tests.live import live_app, serving

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
    with migrated_engine(kind, tmp) as engine:
        app = live_app(engine, tmp, "counting")
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
        with serving(app) as url:
            yield Counting(
                url,
                poll_id,
                users,
                chair,
                files,
                other,
                expected_counts(CHOICES),
                engine,
                app,
            )
