"""The base exception of the rules package: a broken rule with a stable code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar


class RuleViolation(ValueError):
    """A rule is broken; `code` is stable and `params` name the values, for translation.

    The English message names the values too, so logs and the verifier are readable without
    the web layer's catalogue.
    """

    code: ClassVar[str] = "rule_violation"

    def __init__(self, message: str, **params: int | str) -> None:
        super().__init__(message)
        self.params: dict[str, int | str] = dict(params)


def join_ids(ids: Iterable[object]) -> str:
    """Render identifiers for a message: sorted by their text, comma separated."""
    return ", ".join(sorted(str(i) for i in ids))
