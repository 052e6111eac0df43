"""The one time format of the log: UTC, ISO 8601, seconds precision, ``Z`` suffix."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def format_time(when: datetime) -> str:
    """Return ``when`` as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, sub-seconds dropped).

    ``when`` must be timezone-aware; a naive datetime is refused (ValueError) rather than guessed.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"time {when.isoformat()} is naive; pass an aware datetime (UTC)")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM:SSZ`` into an aware UTC datetime; ValueError when malformed."""
    if not isinstance(text, str) or _TIME_RE.fullmatch(text) is None:
        raise ValueError(f"time {text!r} is not of the form YYYY-MM-DDTHH:MM:SSZ")
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError as exc:
        raise ValueError(f"time {text!r} is not a valid date and time: {exc}") from None
