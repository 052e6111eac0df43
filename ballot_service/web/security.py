"""CSRF on every form, a strict Content-Security-Policy and the other security headers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, g, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CSP = "; ".join(
    (
        "default-src 'self'",
        # The device crypto compiles libsodium's WebAssembly (static/vendor/README.md): that
        # needs 'wasm-unsafe-eval', which allows WebAssembly compilation and nothing else.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


# Sent on every response, the last-resort error included.
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin: Flask-WTF checks the Referer of form posts over HTTPS; nothing leaks out.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
}


class LastResort:
    """WSGI wrapper: an error that escapes Flask's own handling (an error page that fails in
    turn) is answered with a plain 500 that still carries the security headers, never the
    server's bare one. In testing and debugging the error propagates, as Flask's does."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            return self.wsgi_app(environ, start_response)
        except Exception:
            propagate = self.app.config.get("PROPAGATE_EXCEPTIONS")
            if propagate or (propagate is None and (self.app.testing or self.app.debug)):
                raise
            self.app.logger.exception("unhandled error on %s", environ.get("PATH_INFO"))
            body = b"500 Internal Server Error\n"
            headers = [
                *HEADERS.items(),
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ]
            # Flask had not started its response: the exception escaped before it did.
            start_response("500 INTERNAL SERVER ERROR", headers)
            return [body]


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.wsgi_app = LastResort(app, app.wsgi_app)  # type: ignore[method-assign]
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        # Behind that many reverse proxies, each appending to X-Forwarded-For and setting
        # X-Forwarded-Proto: the client's address (for the login limits) and the scheme (HSTS,
        # Secure cookies, Flask-WTF's Referer check) come from them. Off by default: without a
        # proxy, a client could claim any address or scheme with these headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.update(HEADERS)
        # The tablet set-up page may add its HTTPS origin (its check runs from plain HTTP).
        extra = g.get("csp_connect")
        if extra:
            response.headers["Content-Security-Policy"] = CSP.replace(
                "connect-src 'self'", f"connect-src 'self' {extra}"
            )
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
