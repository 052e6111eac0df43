"""Errors of reading an election record."""

from __future__ import annotations


class RecordError(ValueError):
    """The record file is unreadable or malformed; the message names the part."""


class RecordDamaged(RecordError):
    """The file is an election record, but its parts do not hold together: a part is missing,
    changed after its digest was taken, not canonical JSON, out of order, or a member does not
    belong. ``ballot-verify`` reports it as an invalid record (exit 1), not an unreadable one."""
