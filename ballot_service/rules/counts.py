"""The raw counts a result is computed from, and the checks they must pass first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ballot_service.rules.errors import RuleViolation
from ballot_service.rules.kinds import Level, PollKind


class InvalidCount(RuleViolation):
    """A count is not a non-negative integer."""

    code = "invalid_count"


class WrongLevels(RuleViolation):
    """The counts name levels other than exactly those of the poll kind."""

    code = "wrong_levels"


class BallotsInconsistent(RuleViolation):
    """Session counts contradict each other (e.g. more ballots collected than delegates)."""

    code = "ballots_inconsistent"


class RowsDoNotAddUp(RuleViolation):
    """A person's level counts plus blank rows differ from the ballots counted."""

    code = "rows_do_not_add_up"


@dataclass(frozen=True)
class SessionCounts:
    """The session-wide counts: delegates, ballots collected, ballots invalid as a whole."""

    total_delegates: int
    ballots_collected: int
    ballots_invalid: int = 0  # not on the official form; electronically always 0

    @property
    def ballots_counted(self) -> int:
        """The ballots whose rows are counted: collected minus invalid as a whole."""
        return self.ballots_collected - self.ballots_invalid


@dataclass(frozen=True)
class OfficialCounts:
    """One person's row counts: per level, and blank or invalid rows."""

    kind: PollKind
    levels: Mapping[Level, int]
    blank: int
    session: SessionCounts


def check_count(name: str, value: int) -> None:
    """Check `value` is a non-negative integer (bool and float refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidCount(
            f"{name} must be a non-negative integer, got {value!r}", name=name, value=repr(value)
        )


def check_session(session: SessionCounts) -> None:
    """Check 0 ≤ ballots invalid ≤ ballots collected ≤ total delegates."""
    check_count("total delegates", session.total_delegates)
    check_count("ballots collected", session.ballots_collected)
    check_count("ballots invalid", session.ballots_invalid)
    if session.ballots_collected > session.total_delegates:
        raise BallotsInconsistent(
            f"{session.ballots_collected} ballots collected exceed"
            f" {session.total_delegates} delegates",
            ballots_collected=session.ballots_collected,
            total_delegates=session.total_delegates,
        )
    if session.ballots_invalid > session.ballots_collected:
        raise BallotsInconsistent(
            f"{session.ballots_invalid} invalid ballots exceed"
            f" {session.ballots_collected} ballots collected",
            ballots_invalid=session.ballots_invalid,
            ballots_collected=session.ballots_collected,
        )


def check_counts(counts: OfficialCounts) -> None:
    """Check one person's counts: the kind's levels exactly, Σ levels + blank = ballots counted."""
    check_session(counts.session)
    expected = set(counts.kind.levels)
    if set(counts.levels) != expected:
        got = ", ".join(str(level) for level in counts.levels)
        want = ", ".join(counts.kind.levels)
        raise WrongLevels(
            f"a {counts.kind.value} counts exactly the levels {want}; got {got or 'none'}",
            kind=counts.kind.value,
            levels=got,
        )
    for level in counts.kind.levels:
        check_count(f"count of {level.value!r}", counts.levels[level])
    check_count("blank rows", counts.blank)
    rows = sum(counts.levels.values()) + counts.blank
    if rows != counts.session.ballots_counted:
        terms = " + ".join(f"{lvl.value} {counts.levels[lvl]}" for lvl in counts.kind.levels)
        raise RowsDoNotAddUp(
            f"{terms} + blank {counts.blank} = {rows} rows,"
            f" but {counts.session.ballots_counted} ballots were counted",
            rows=rows,
            ballots_counted=counts.session.ballots_counted,
        )
