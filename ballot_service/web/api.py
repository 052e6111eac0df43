"""The JSON API's shared helpers: refusals as {"error": message}, answers never cached.

Any blueprint raises `ApiError` from a JSON route; the app answers it as JSON with its status.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from werkzeug.wrappers import Response


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


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> tuple[Response, int]:
        return json_response({"error": error.message}, error.status)
