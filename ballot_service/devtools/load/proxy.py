"""A network that loses things: an HTTP proxy in front of the service that drops a share of the
requests (never forwarded) and of the responses (forwarded, answered, then the answer lost),
closing the connection as a failing Wi-Fi would."""

from __future__ import annotations

import http.client
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # a whole hall may connect at once


class FlakyProxy:
    """Forward 127.0.0.1:`port` → 127.0.0.1:`target`; lose each exchange with probability
    `loss`, half of the losses before the service sees the request, half after it answered."""

    def __init__(self, target: int, loss: float, seed: int | None = None) -> None:
        self.target, self.loss = target, loss
        self.chance = random.Random(seed)  # noqa: S311 - which exchanges the network loses
        self.lock = threading.Lock()
        self.lost_requests = 0
        self.lost_responses = 0
        self.forwarded = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy.lock:
                    roll = proxy.chance.random()
                self.close_connection = True
                if roll < proxy.loss / 2:
                    with proxy.lock:
                        proxy.lost_requests += 1
                    return  # the request never arrives: the connection just closes
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.target, timeout=120)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                    upstream.request(self.command, self.path, body, headers)
                    answer = upstream.getresponse()
                    content = answer.read()
                except (OSError, http.client.HTTPException):
                    return  # the service is down: the tablet sees the connection close
                finally:
                    upstream.close()
                with proxy.lock:
                    proxy.forwarded += 1
                    if roll < proxy.loss:
                        proxy.lost_responses += 1
                        return  # the service acted, the answer is lost on the way back
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = _relay

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FlakyProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
