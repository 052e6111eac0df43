"""The service behind a TLS-terminating reverse proxy, and waitress's own limits (10.6, 10.15).

A small reverse proxy runs in the test on 127.0.0.1 in front of a real waitress server, as nginx
would: it appends the client's address to X-Forwarded-For and sets X-Forwarded-Proto: https.
Clients connect from different loopback addresses (127.0.0.2, 127.0.0.3 …) so that they are
different clients to the proxy.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from ballot_service import create_app, db
from ballot_service.config import ConfigError
from ballot_service.models import LoginFailure
from tests.helpers import PASSWORD, make_user

_TMP_DB = "sqlite:///:memory:"  # never built: ENGINE is given; keeps the repository's instance/ out
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"}


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ReverseProxy

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        prior = self.headers.get("X-Forwarded-For")
        client = self.client_address[0]
        headers["X-Forwarded-For"] = f"{prior}, {client}" if prior else client
        headers["X-Forwarded-Proto"] = "https"  # the proxy terminates TLS
        upstream = http.client.HTTPConnection(self.server.upstream, timeout=30)
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        upstream.close()
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length", "server", "date"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_OPTIONS = _forward

    def log_message(self, *_args: Any) -> None:
        pass


class _ReverseProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream


@pytest.fixture
def reverse_proxy() -> Iterator[Any]:
    proxies: list[_ReverseProxy] = []

    def start(upstream: str) -> str:
        proxy = _ReverseProxy(upstream)
        proxies.append(proxy)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        return f"127.0.0.1:{proxy.server_address[1]}"

    yield start
    for proxy in proxies:
        proxy.shutdown()
        proxy.server_close()


class Browser:
    """A client at its own loopback address that keeps its cookies (Secure ones too: to the
    browser, the proxy is an HTTPS site)."""

    def __init__(self, server: str, address: str) -> None:
        self.server, self.address = server, address
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, **headers: str
    ) -> http.client.HTTPResponse:
        host, port = self.server.split(":")
        connection = http.client.HTTPConnection(
            host, int(port), timeout=30, source_address=(self.address, 0)
        )
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        response.text = response.read().decode()  # type: ignore[attr-defined]
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response

    def open_login(self) -> http.client.HTTPResponse:
        page = self.request("GET", "/login")
        self.token = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]  # type: ignore[attr-defined]
        return page

    def log_in(self, password: str, *, referer: bool = True, **headers: str) -> int:
        if referer:
            headers.setdefault("Referer", f"https://{self.server}/login")
        form = {"username": "thuky", "password": password, "csrf_token": self.token}
        return self.request("POST", "/login", form, **headers).status


def test_behind_a_trusted_proxy_each_client_is_itself(make_live_app, serve, reverse_proxy):
    """issue 10.6: behind the proxy every client was the proxy's address (one guesser blocked
    everyone), HSTS and Flask-WTF's Referer check were off (the scheme looked like http)."""
    app = make_live_app(TRUSTED_PROXIES=1, LOGIN_MAX_FAILURES_PER_IP=3)
    with app.app_context():
        make_user("thuky", "admin")
        db.session.remove()
    site = reverse_proxy(serve(app))

    guesser = Browser(site, "127.0.0.2")
    page = guesser.open_login()
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in page.headers["Set-Cookie"]
    assert [guesser.log_in(f"guess number {i}") for i in range(3)] == [401, 401, 401]
    assert guesser.log_in(PASSWORD) == 429  # this address is over its limit
    # Claiming another address in X-Forwarded-For does not help: the proxy appends the real one.
    assert guesser.log_in(PASSWORD, X_Forwarded_For="192.0.2.77") == 429

    owner = Browser(site, "127.0.0.3")
    owner.open_login()
    assert owner.log_in(PASSWORD, referer=False) == 400  # HTTPS: Flask-WTF wants the Referer
    assert owner.log_in(PASSWORD, Referer="https://evil.example/login") == 400
    assert owner.log_in(PASSWORD) == 302
    with app.app_context():
        addresses = set(db.session.scalars(select(LoginFailure.address)).all())
        db.session.remove()
    assert addresses == {"127.0.0.2"}


def test_forwarded_headers_are_ignored_by_default(make_live_app, serve):
    """issue 10.6: off by default — without a proxy, a client could claim any address/scheme."""
    app = make_live_app(LOGIN_MAX_FAILURES_PER_IP=3, SESSION_COOKIE_SECURE=False)
    with app.app_context():
        make_user("thuky", "admin")
        db.session.remove()
    direct = Browser(serve(app), "127.0.0.2")
    page = direct.request("GET", "/login", X_Forwarded_Proto="https", X_Forwarded_For="10.9.9.9")
    assert "Strict-Transport-Security" not in page.headers
    direct.open_login()
    assert direct.log_in("wrong guess!!", X_Forwarded_For="10.9.9.9") == 401
    with app.app_context():
        addresses = set(db.session.scalars(select(LoginFailure.address)).all())
        db.session.remove()
    assert addresses == {"127.0.0.2"}


@pytest.mark.parametrize(("value", "hops"), [("", 0), ("0", 0), ("1", 1), ("2", 2)])
def test_trusted_proxies_setting(monkeypatch, value, hops):
    """issue 10.6: BALLOT_TRUSTED_PROXIES, the number of proxies, is read at start-up."""
    monkeypatch.setenv("BALLOT_TRUSTED_PROXIES", value)
    app = create_app({"ENGINE": object(), "SECRET_KEY": "k" * 40, "DATABASE_URL": _TMP_DB})
    assert app.config["TRUSTED_PROXIES"] == hops


@pytest.mark.parametrize("value", ["yes", "-1", "9", "1.5"])
def test_a_bad_trusted_proxies_setting_stops_the_start(monkeypatch, value):
    """issue 10.6: a misspelt setting is refused with the reason, not ignored."""
    monkeypatch.setenv("BALLOT_TRUSTED_PROXIES", value)
    with pytest.raises(ConfigError, match="BALLOT_TRUSTED_PROXIES"):
        create_app({"ENGINE": object(), "SECRET_KEY": "k" * 40, "DATABASE_URL": _TMP_DB})


def test_waitress_refuses_a_body_over_flasks_limit_before_reading_it(make_live_app, serve):
    """issue 10.15: waitress read up to 1 GiB before Flask's 4 MiB limit applied."""
    app = make_live_app()
    host, port = serve(app).split(":")
    too_big = app.config["MAX_CONTENT_LENGTH"] + 1
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /login HTTP/1.1\r\nHost: hall\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {too_big}\r\n\r\n".encode()
        )
        # Not one byte of the body is sent: the answer must come from the headers alone.
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
