"""The one exception of the verifier: the first check that failed, and why."""

from __future__ import annotations


class VerificationFailed(Exception):
    """The record is invalid: ``what`` names the object (e.g. "ballot 17 (tracking code 3f2a…)",
    "log entry 12", "checkpoint size 40") and ``detail`` says which check failed."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"{what}: {detail}")
        self.what = what
        self.detail = detail


class InputError(Exception):
    """An input file (the record or a saved checkpoint) cannot be read or parsed at all."""
