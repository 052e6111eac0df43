"""Checks on the text a person types, shared by the services that store it.

Every stored text fits its column, and a name holds no control, format (bidi) or separator
character (rules.text): they would reach pages, the minutes and `ballot-verify`'s terminal.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..rules.text import unsafe_character
from .errors import ServiceError

NAME_MAX = 200  # council, delegate and official names, places
TITLE_MAX = 300  # poll title, session, place of the poll; one position
REASON_MAX = 500
NUMBER_MAX = 100_000  # a delegate's number on the roster


def problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """Why `value` (already stripped) cannot be stored, or None."""
    if len(value) > limit:
        return str(_l("at most %(n)s characters, not %(found)s", n=limit, found=len(value)))
    bad = unsafe_character(value, multiline=multiline)
    if bad is not None:
        return str(_l("the character %(char)s is not allowed", char=bad))
    return None


def text(value: str, field: str, limit: int, *, multiline: bool = False) -> str:
    """`value` stripped, or a ServiceError naming `field` when it cannot be stored."""
    value = value.strip()
    reason = problem(value, limit, multiline=multiline)
    if reason is not None:
        raise ServiceError(_l("Not accepted: %(reason)s.", reason=reason), field=field)
    return value


def whole_number(value: str) -> int | None:
    """An ASCII whole number 0 … NUMBER_MAX written in digits ("²" and "٣" are not), or None."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        return None
    number = int(value)
    return number if number <= NUMBER_MAX else None
