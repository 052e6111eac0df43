"""A logged-in session with the service's JSON API (standard library only).

Logs in through the login form like a browser (its CSRF token from the page's
``<meta name="csrf-token">``), keeps the session cookie, and sends the CSRF token and a Referer
with every POST, as Flask-WTF requires over HTTPS.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
TIMEOUT = 30.0
MAX_ANSWER = 64 * 1024 * 1024


class ServiceError(Exception):
    """The service refused or could not be reached; ``status`` is the HTTP status (0: none)."""

    def __init__(self, message: str, status: int = 0, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller: a login redirect must not be mistaken for data."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Session:
    """One member's session with the service at ``base_url`` (``https://…`` in the hall)."""

    def __init__(self, base_url: str, *, cafile: str | None = None, lang: str = "vi") -> None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ServiceError(f"not a service address: {base_url!r}")
        self.base_url = f"{parts.scheme}://{parts.netloc}"
        self.lang = lang
        self._csrf = ""
        self._cookies = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=cafile) if cafile else None
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self._cookies),
            urllib.request.HTTPSHandler(context=context),
            _NoRedirect(),
        )

    def url(self, path: str) -> str:
        return self.base_url + path

    def _request(self, path: str, data: bytes | None = None) -> urllib.request.Request:
        # The scheme is http or https, checked in __init__: never file: or a custom one.
        method = "GET" if data is None else "POST"
        return urllib.request.Request(self.url(path), data=data, method=method)  # noqa: S310

    def _send(self, request: urllib.request.Request) -> tuple[int, bytes, str]:
        request.add_header("Accept-Language", self.lang)
        try:
            with self._opener.open(request, timeout=TIMEOUT) as answer:
                return answer.status, answer.read(MAX_ANSWER), answer.headers.get_content_type()
        except urllib.error.HTTPError as error:
            return error.code, error.read(MAX_ANSWER), error.headers.get_content_type()
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ServiceError(f"cannot reach {self.base_url}: {reason}") from None

    def _page_token(self, path: str) -> str:
        status, body, _type = self._send(self._request(path))
        found = _META.search(body.decode("utf-8", "replace"))
        if status != 200 or found is None:
            raise ServiceError(f"{path}: unexpected answer (HTTP {status})", status)
        return found.group(1)

    def login(self, username: str, password: str) -> None:
        """Log in; raises ServiceError with the service's message when refused."""
        token = self._page_token("/login")
        form = urllib.parse.urlencode(
            {"csrf_token": token, "username": username, "password": password}
        ).encode()
        request = self._request("/login", form)
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Referer", self.url("/login"))
        status, body, _type = self._send(request)
        if status not in (302, 303):
            text = body.decode("utf-8", "replace")
            flashed = re.search(r'class="flash[^"]*error[^"]*"[^>]*>(.*?)<', text, re.S)
            message = flashed.group(1).strip() if flashed else f"HTTP {status}"
            raise ServiceError(f"login refused: {message}", status)
        self._csrf = self._page_token("/committee/")

    def get_json(self, path: str) -> Any:
        status, body, kind = self._send(self._request(path))
        return self._answer(path, status, body, kind)

    def post_json(self, path: str, payload: Any) -> Any:
        data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        request = self._request(path, data)
        request.add_header("Content-Type", "application/json")
        request.add_header("X-CSRFToken", self._csrf)
        request.add_header("Referer", self.url(path))
        status, body, kind = self._send(request)
        return self._answer(path, status, body, kind)

    @staticmethod
    def _answer(path: str, status: int, body: bytes, kind: str) -> Any:
        if status in (301, 302, 303, 307, 308, 401):
            raise ServiceError(f"{path}: not logged in, or the session has ended", status)
        parsed: Any = None
        if kind == "application/json":
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
        if status >= 400:
            message = parsed.get("error") if isinstance(parsed, dict) else None
            raise ServiceError(message or f"{path}: HTTP {status}", status, parsed)
        if parsed is None:
            raise ServiceError(f"{path}: the answer is not JSON (HTTP {status})", status)
        return parsed
