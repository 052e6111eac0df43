"""Builders of counts for the results tests."""

from ballot_service.rules.counts import OfficialCounts, SessionCounts
from ballot_service.rules.kinds import Level, PollKind


def poll_counts(
    high: int,
    confidence: int,
    low: int,
    blank: int = 0,
    *,
    delegates: int | None = None,
    invalid: int = 0,
) -> OfficialCounts:
    """Counts of a poll whose ballots collected are the rows plus `invalid` whole ballots."""
    collected = high + confidence + low + blank + invalid
    session = SessionCounts(delegates if delegates is not None else collected, collected, invalid)
    levels = {Level.HIGH: high, Level.CONFIDENCE: confidence, Level.LOW: low}
    return OfficialCounts(PollKind.POLL, levels, blank, session)


def vote_counts(
    confidence: int,
    no_confidence: int,
    blank: int = 0,
    *,
    delegates: int | None = None,
    invalid: int = 0,
) -> OfficialCounts:
    """Counts of a vote whose ballots collected are the rows plus `invalid` whole ballots."""
    collected = confidence + no_confidence + blank + invalid
    session = SessionCounts(delegates if delegates is not None else collected, collected, invalid)
    levels = {Level.CONFIDENCE: confidence, Level.NO_CONFIDENCE: no_confidence}
    return OfficialCounts(PollKind.VOTE, levels, blank, session)


def with_lowest(kind: PollKind, lowest: int, collected: int, delegates: int) -> OfficialCounts:
    """Counts with L = `lowest` and every other row on the most confident level."""
    if kind is PollKind.POLL:
        return poll_counts(collected - lowest, 0, lowest, delegates=delegates)
    return vote_counts(collected - lowest, lowest, delegates=delegates)
