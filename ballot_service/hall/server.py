"""Serve the app in the hall: HTTPS on the laptop's addresses, plain HTTP only for set-up.

Why cheroot: waitress speaks no TLS, and a TLS-terminating proxy (nginx, caddy) is one more
program to install and configure on a laptop with no internet. cheroot (CherryPy's WSGI server,
pure Python, maintained) is a threaded production server with TLS through Python's own ssl
module. Werkzeug's server does TLS too but is a development server.

The HTTP listener answers the set-up page, its style sheet and script, and the CA file; every
other path gets a 308 redirect to the same path over HTTPS.
"""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import ssl
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter

from .certs import IPAddress, names_of
from .store import Served

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# What plain HTTP may serve: a tablet that does not trust the local CA yet needs these.
PLAIN_PATHS = frozenset(
    {"/setup", "/setup/", "/setup/ca.crt", "/static/css/app.css", "/static/js/setup.js"}
)


def host_port(host: str, port: int) -> str:
    """host:port, with an IPv6 address in brackets; the port left out when it is 443."""
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass
    return host if port == 443 else f"{host}:{port}"


def _request_host(environ: dict[str, Any]) -> str:
    raw = str(environ.get("HTTP_HOST") or "")
    if raw.startswith("["):
        return raw[1 : raw.find("]")] if "]" in raw else ""
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


def redirect_app(app: WSGIApp, https_port: int, names: Iterable[str], default: str) -> WSGIApp:
    """The plain-HTTP listener: the set-up page and the CA file, a redirect for all else.

    The redirect keeps the host the browser used when the certificate names it (so a tablet
    that came by IP address stays on it), and falls back to `default` otherwise, so a forged
    Host header cannot send anyone elsewhere.
    """
    known = {str(n).lower() for n in names}

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO") or "/")
        if path in PLAIN_PATHS:
            return app(environ, start_response)
        host = _request_host(environ).lower()
        target = host if host in known else default
        query = str(environ.get("QUERY_STRING") or "")
        location = f"https://{host_port(target, https_port)}{quote(path)}"
        if query:
            location += "?" + query
        body = f"HTTPS only: {location}\n".encode()
        start_response(
            "308 Permanent Redirect",
            [
                ("Location", location),
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    return application


def tls_adapter(served: Served) -> BuiltinSSLAdapter:
    adapter = BuiltinSSLAdapter(str(served.cert_path), str(served.key_path))
    adapter.context.minimum_version = ssl.TLSVersion.TLSv1_2
    return adapter


@dataclass
class Hall:
    """The listeners: HTTPS (and, unless http_port is None, plain HTTP) on each address."""

    app: WSGIApp
    served: Served
    addresses: list[IPAddress]
    https_port: int
    http_port: int | None
    threads: int = 8
    max_body: int = 0  # refuse a larger request body before reading it (0: no limit)
    servers: list[wsgi.Server] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        """Bind every listener (OSError if one cannot), then serve them in threads."""
        names = [str(ip) for ip in self.addresses] + sorted(self.served_names())
        for ip in self.addresses:
            https = wsgi.Server((str(ip), self.https_port), self.app, numthreads=self.threads)
            https.ssl_adapter = tls_adapter(self.served)
            https.max_request_body_size = self.max_body
            self.servers.append(https)
            if self.http_port is not None:
                plain = redirect_app(self.app, self.https_port, names, str(ip))
                self.servers.append(wsgi.Server((str(ip), self.http_port), plain, numthreads=2))
        try:
            for server in self.servers:
                server.prepare()
        except BaseException:
            self.stop()
            raise
        for server in self.servers:
            thread = threading.Thread(target=server.serve, daemon=True)
            thread.start()
            self._threads.append(thread)

    def served_names(self) -> set[str]:
        return set(names_of(self.served.cert).host_names)

    def stop(self) -> None:
        for server in self.servers:
            with contextlib.suppress(Exception):  # stopping what may not have started
                server.stop()
        for thread in self._threads:
            thread.join(timeout=10)

    def run_forever(self) -> None:
        """Serve until SIGINT or SIGTERM."""
        done = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: done.set())
        self.start()
        try:
            done.wait()
        finally:
            self.stop()
