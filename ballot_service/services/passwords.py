"""The password policy: long enough, not common, not the username, not trivially simple.

The common passwords are a small bundled list (common_passwords.txt, which names its source).
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

from flask_babel import lazy_gettext as _l

from .errors import ServiceError

MIN_LENGTH = 10
MAX_LENGTH = 200
MIN_DISTINCT = 5
_LIST = Path(__file__).with_name("common_passwords.txt")
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


@cache
def common_passwords() -> frozenset[str]:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _stem(password: str) -> str:
    """The password lower-cased, without the digits and symbols added before or after it."""
    lowered = password.lower()
    start, end = 0, len(lowered)
    while start < end and not lowered[start].isalpha():
        start += 1
    while end > start and not lowered[end - 1].isalpha():
        end -= 1
    return lowered[start:end]


def _is_sequence(password: str) -> bool:
    """abcdefghij, 9876543210, qwertyuiop…: each character one step from the last."""
    lowered = password.lower()
    steps = {ord(b) - ord(a) for a, b in pairwise(lowered)}
    if steps in ({1}, {-1}):
        return True
    return any(lowered in row or lowered in row[::-1] for row in _KEYBOARD_ROWS)


def problem(password: str, username: str = "") -> str | None:
    """Why `password` is refused (a translated sentence), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(_l("A password needs at least %(n)s characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("A password has at most %(n)s characters.", n=MAX_LENGTH))
    lowered = password.lower()
    name = username.strip().lower()
    if name and (lowered == name or (len(name) >= 4 and name in lowered)):
        return str(_l("The password may not contain the username."))
    if len(set(lowered)) < MIN_DISTINCT:
        return str(
            _l(
                "The password repeats too few characters: use at least %(n)s different ones.",
                n=MIN_DISTINCT,
            )
        )
    if lowered.isdigit():
        return str(_l("A password of digits only is too easy to guess: add letters."))
    if _is_sequence(password):
        return str(_l("A sequence of neighbouring keys or letters is too easy to guess."))
    common = common_passwords()
    if lowered in common or _stem(password) in common:
        return str(_l("This password is among the most common ones: choose another."))
    return None


def check(password: str, username: str = "", *, field: str = "password") -> None:
    """Refuse a weak password with the reason, naming the form field."""
    reason = problem(password, username)
    if reason is not None:
        raise ServiceError(reason, field=field)
