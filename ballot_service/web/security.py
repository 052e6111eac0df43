"""CSRF on every form, a strict Content-Security-Policy and the other security headers."""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_wtf.csrf import CSRFProtect

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


def init_app(app: Flask) -> None:
    csrf.init_app(app)

    @app.after_request
    def _headers(response: Response) -> Response:
        # The tablet set-up page may add its HTTPS origin (its check runs from plain HTTP).
        extra = g.get("csp_connect")
        response.headers["Content-Security-Policy"] = (
            CSP.replace("connect-src 'self'", f"connect-src 'self' {extra}") if extra else CSP
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        # same-origin: Flask-WTF checks the Referer of form posts over HTTPS; nothing leaks out.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
