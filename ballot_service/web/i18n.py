"""Vietnamese by default, English on request; numbers and dates in the locale's style."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, get_locale, refresh
from werkzeug.wrappers import Response

from ..crypto.ballot_types import short_code

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


def local(value: datetime | str) -> datetime:
    """A UTC time (a datetime, or the log's "YYYY-MM-DDTHH:MM:SSZ") in the council's time zone."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def localtime(value: datetime | str | None) -> str:
    """Short local time for lists: 14:05:09 30/11/2026."""
    if value is None or value == "":
        return ""
    return local(value).strftime("%H:%M:%S %d/%m/%Y")


def longtime(value: datetime | str | None) -> str:
    """Local time for documents: "10 giờ 30 phút, ngày 30 tháng 11 năm 2026" or
    "10:30, 30 November 2026" (GLOSSARY: local time on every document a person reads)."""
    if value is None or value == "":
        return ""
    moment = local(value)
    if str(get_locale()) == "vi":
        return (
            f"{moment.hour} giờ {moment.minute:02d} phút, ngày {moment.day:02d} "
            f"tháng {moment.month:02d} năm {moment.year}"
        )
    return format_datetime(moment, "HH:mm, d MMMM yyyy", locale="en")


def is_local_path(target: str) -> bool:
    """A path on this site only: no scheme, no host, no backslash or control character."""
    if not target.startswith("/") or "\\" in target:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")


def short_form(fingerprint_hex: str) -> str:
    """The election fingerprint as the ballot cards print it (XXXX-XXXX-XXXX-XXXX)."""
    return short_code(bytes.fromhex(fingerprint_hex))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def _fresh_locale() -> None:
        refresh()  # the locale is cached per app context, which tests and the CLI share

    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["longtime"] = longtime
    app.jinja_env.filters["short_form"] = short_form

    @app.context_processor
    def _locale() -> dict[str, Any]:
        return {"current_locale": str(get_locale())}

    @app.get("/lang/<code>")
    def set_language(code: str) -> Response:
        if code in app.config["LANGUAGES"]:
            session["lang"] = code
        target = request.args.get("next", "")
        if not is_local_path(target):
            target = url_for("board.index")
        return redirect(target)
