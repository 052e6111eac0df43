"""A hall server for tests: the app on a temporary SQLite database, HTTPS (cheroot) and the
plain-HTTP set-up listener on 127.0.0.1 and 127.0.0.2 (the stand-in for a LAN address), on
free ports, with a local CA made for those addresses."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ballot_service import create_app, db
from ballot_service.devtools.sandbox import scratch_app
from ballot_service.hall import store
from ballot_service.hall.server import Hall

LAN = ipaddress.ip_address("127.0.0.2")
LOOP = ipaddress.ip_address("127.0.0.1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Live:
    app: Any
    hall: Hall
    https_port: int
    http_port: int
    ca_path: Path
    instance: Path

    def https(self, path: str = "/", host: str = str(LAN)) -> str:
        return f"https://{host}:{self.https_port}{path}"

    def http(self, path: str = "/", host: str = str(LAN)) -> str:
        return f"http://{host}:{self.http_port}{path}"


@contextmanager
def running_hall(tmp: Path) -> Iterator[Live]:
    app = scratch_app(create_app, tmp, "hall")
    served = store.ensure(
        tmp / "keys", store.wanted_names([LAN, LOOP], ["localhost"]), datetime.now(UTC)
    )
    assert served.ca_path is not None
    https_port, http_port = free_port(), free_port()
    app.config.update(
        HALL_HTTPS_PORT=https_port,
        HALL_HTTP_PORT=http_port,
        HALL_ADDRESSES=[str(LAN)],
        HALL_ADDRESSES_FIXED=True,
    )
    hall = Hall(app, served, [LAN, LOOP], https_port, http_port, threads=4, max_body=1 << 20)
    hall.start()
    try:
        yield Live(app, hall, https_port, http_port, served.ca_path, tmp)
    finally:
        hall.stop()
        db.session.remove()
        app.config["ENGINE"].dispose()
