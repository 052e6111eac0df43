"""Vietnamese by default, English on request; numbers and dates in the locale's style."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, get_locale, refresh
from werkzeug.wrappers import Response

babel = Babel()


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang") if has_request_context() else None
    if chosen in languages:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def number(value: int) -> str:
    """1.234 in Vietnamese, 1,234 in English."""
    return format_decimal(value, locale=str(get_locale()))


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(
            value,
            "dd/MM/yyyy HH:mm",
            tzinfo=current_app.config["BABEL_DEFAULT_TIMEZONE"],
            locale=str(get_locale()),
        )
    return format_date(value, "dd/MM/yyyy", locale=str(get_locale()))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def _fresh_locale() -> None:
        refresh()  # the locale is cached per app context, which tests and the CLI share
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["day"] = day

    @app.context_processor
    def _locale() -> dict[str, Any]:
        return {"current_locale": str(get_locale())}

    @app.get("/lang/<code>")
    def set_language(code: str) -> Response:
        if code in app.config["LANGUAGES"]:
            session["lang"] = code
        target = request.args.get("next", "")
        if not target.startswith("/") or target.startswith("//"):
            target = url_for("board.index")
        return redirect(target)
