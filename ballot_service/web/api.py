"""The JSON API's shared helpers: refusals as {"error": message}, answers never cached.

Any blueprint raises `ApiError` from a JSON route; the app answers it as JSON with its status.

A JSON route is one under `/…/api/`, one ending in `.json`, or a view marked `@json_route`.
Before any view runs, a request with a body to a JSON route is refused fast, with a translated
{"error": …}: over MAX_JSON_BYTES (1 MiB; MAX_CONTENT_LENGTH if lower) (413, on the
Content-Length alone), not JSON (415; a view
may accept more types with `@json_route(accepts=…)`), nested deeper than MAX_JSON_DEPTH (400,
fast: the C parser stops a very deep body early, a linear bracket count then checks it) or not
JSON at all (400). Every other HTTP error of a JSON route is answered as JSON too (errors.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

MAX_JSON_BYTES = 1024 * 1024  # a 50-official ballot is ~100 kB; app.config["MAX_JSON_BYTES"]
MAX_JSON_DEPTH = 32  # a ballot nests 5 deep; nothing the API takes needs more
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_TYPES = ("application/json",)
# A JSON string (the text is valid JSON by then), matched whole and without backtracking.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # the bytes to delete
_SQUARE = bytes.maketrans(b"{}", b"[]")
View = TypeVar("View", bound=Callable[..., Any])


class ApiError(Exception):
    """An API refusal, answered as {"error": message} with `status`."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def json_response(payload: dict[str, Any], status: int = 200) -> tuple[Response, int]:
    """`payload` as JSON with `status`; an API answer is never stored by a cache."""
    response = jsonify(payload)
    response.headers["Cache-Control"] = "no-store"
    return response, status


def json_route(view: View | None = None, *, accepts: tuple[str, ...] = JSON_TYPES) -> Any:
    """Mark a view as a JSON route whose path does not say so (its errors are JSON, its body
    is checked); `accepts` lists the content types its body may have."""

    def mark(function: View) -> View:
        function.json_accepts = accepts  # type: ignore[attr-defined]
        return function

    return mark(view) if view is not None else mark


def _view() -> Any:
    return current_app.view_functions.get(request.endpoint or "")


def is_json_request() -> bool:
    """Whether the request is for a JSON route (matched or not)."""
    path = request.path
    return "/api/" in path or path.endswith(".json") or hasattr(_view(), "json_accepts")


def too_deep(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`. Linear and in C: the
    strings are dropped, then all but the brackets, then each pass removes the innermost
    pairs, one level of every branch; whatever is left after `limit` passes is deeper."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", data).translate(_SQUARE, _NOT_BRACKETS)
    for _level in range(limit):
        inner = brackets.replace(b"[]", b"")
        if inner == brackets:
            break
        brackets = inner
    return bool(brackets)


def parse_body(data: bytes) -> Any:
    """The JSON value of a body, or ApiError 400: not JSON, or nested too deeply. The C
    parser's recursion guard stops a very deep body within ~1,000 levels, fast; the bracket
    count then holds every body to MAX_JSON_DEPTH."""
    deep = _("The JSON is nested too deeply (at most %(n)s levels).", n=MAX_JSON_DEPTH)
    try:
        value = json.loads(data)
    except RecursionError:
        raise ApiError(deep, 400) from None
    except ValueError:
        raise ApiError(_("The request body is not valid JSON."), 400) from None
    if too_deep(data):
        raise ApiError(deep, 400)
    return value


def _check_body() -> None:
    if request.routing_exception is not None or request.method not in BODY_METHODS:
        return  # no such route (404, 405): that answer comes first
    if not is_json_request():
        return
    # The parser's time grows with the body: JSON gets a tighter bound than uploads do.
    limits = (
        current_app.config.get("MAX_CONTENT_LENGTH"),
        current_app.config.get("MAX_JSON_BYTES", MAX_JSON_BYTES),
    )
    limit = min(n for n in limits if n is not None)
    too_large = _("The request is too large (at most %(limit)s bytes).", limit=limit)
    if limit is not None and (request.content_length or 0) > limit:
        raise ApiError(too_large, 413)
    accepts = getattr(_view(), "json_accepts", JSON_TYPES)
    if request.mimetype not in accepts:
        raise ApiError(
            _("Send JSON (Content-Type: %(types)s).", types=", ".join(accepts)),
            415,
        )
    try:
        data = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise ApiError(too_large, 413) from None
    if len(data) > limit:  # a body sent without Content-Length
        raise ApiError(too_large, 413)
    value = parse_body(data)
    # The view's request.get_json() answers from werkzeug's cache instead of parsing again.
    request._cached_json = (value, value)


def error_response(code: int, message: str) -> tuple[Response, int]:
    return json_response({"error": message}, code)


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> tuple[Response, int]:
        return json_response({"error": error.message}, error.status)

    # First of all the hooks: bad input costs nothing else (no CSRF check, no database).
    app.before_request_funcs.setdefault(None, []).insert(0, _check_body)
