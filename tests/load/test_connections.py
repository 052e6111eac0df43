"""Tablets keep their connections open between requests: 150 idle ones (more than waitress's
default limit of 100) must not shut out the next tablet, the projector or the committee."""

from __future__ import annotations

import http.client
import threading

from flask import Flask
from waitress.server import create_server

from ballot_service.cli import CONNECTION_LIMIT, waitress_options

IDLE = 150


def test_idle_keep_alive_connections_do_not_shut_out_the_next_client():
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=1024 * 1024, TRUSTED_PROXIES=0)
    app.add_url_rule("/ping", "ping", lambda: "pong")
    server = create_server(app, host="127.0.0.1", port=0, **waitress_options(app, threads=4))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    port = server.effective_port
    idle: list[http.client.HTTPConnection] = []
    try:
        for _ in range(IDLE):  # each as a browser leaves it: one request done, kept open
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/ping")
            assert connection.getresponse().read() == b"pong"
            idle.append(connection)
        late = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        late.request("GET", "/ping")  # waitress's default would leave it waiting ~120 s
        assert late.getresponse().read() == b"pong"
        late.close()
        assert CONNECTION_LIMIT >= 4 * IDLE
    except TimeoutError as error:
        raise AssertionError(f"the next client was shut out by {IDLE} idle ones") from error
    finally:
        for connection in idle:
            connection.close()
        server.close()
