"""Errors of reading an election record."""

from __future__ import annotations


class RecordError(ValueError):
    """The record file is unreadable or malformed; the message names the part."""
