"""Results: published 2023 examples, exact band boundaries, input checks, the verifier check."""

import dataclasses
from fractions import Fraction
from typing import Any

import pytest

from ballot_service.rules.counts import (
    BallotsInconsistent,
    InvalidCount,
    OfficialCounts,
    RowsDoNotAddUp,
    SessionCounts,
    WrongLevels,
)
from ballot_service.rules.formatting import format_percent
from ballot_service.rules.kinds import Level, PollKind
from ballot_service.rules.results import (
    Band,
    Denominator,
    ResultMismatch,
    ZeroDenominator,
    band_for,
    check_result,
    compute_result,
    default_denominator,
)
from tests.rules.helpers import poll_counts, vote_counts, with_lowest

COLLECTED = Denominator.BALLOTS_COLLECTED
DELEGATES = Denominator.TOTAL_DELEGATES


def test_published_2023_example_over_half() -> None:
    # 47 ballots collected, 25 "tín nhiệm thấp" → 53,19%, over half and under two-thirds.
    result = compute_result(poll_counts(7, 15, 25, delegates=50))
    assert result.denominator is COLLECTED
    assert result.n == 47
    assert result.percentages[Level.LOW] == Fraction(2500, 47)
    assert format_percent(result.percentages[Level.LOW], "vi") == "53,19%"
    assert result.band is Band.MAY_RESIGN


def test_published_2023_example_two_thirds() -> None:
    # 88 ballots collected, 75 "tín nhiệm thấp" → 85,23%, two-thirds or more.
    result = compute_result(poll_counts(3, 10, 75, delegates=90))
    assert format_percent(result.percentages[Level.LOW], "vi") == "85,23%"
    assert format_percent(result.percentages[Level.LOW], "en") == "85.23%"
    assert result.band is Band.MUST_PROPOSE_DISMISSAL


def test_default_denominators() -> None:
    assert default_denominator(PollKind.POLL) is COLLECTED
    assert default_denominator(PollKind.VOTE) is DELEGATES
    result = compute_result(vote_counts(40, 51, 0, delegates=100))
    assert result.n == 100
    assert result.percentages[Level.NO_CONFIDENCE] == 51
    assert result.band is Band.PROPOSE_DISMISSAL


@pytest.mark.parametrize(
    ("kind", "denominator", "collected", "delegates", "lowest", "band"),
    [
        # poll over ballots collected, N = 100 and N = 99
        (PollKind.POLL, COLLECTED, 100, 120, 50, Band.EVALUATION_ONLY),  # exactly half
        (PollKind.POLL, COLLECTED, 100, 120, 51, Band.MAY_RESIGN),  # one over half
        (PollKind.POLL, COLLECTED, 100, 120, 66, Band.MAY_RESIGN),  # one under 2/3 (66.67)
        (PollKind.POLL, COLLECTED, 100, 120, 67, Band.MUST_PROPOSE_DISMISSAL),
        (PollKind.POLL, COLLECTED, 99, 120, 49, Band.EVALUATION_ONLY),
        (PollKind.POLL, COLLECTED, 99, 120, 50, Band.MAY_RESIGN),
        (PollKind.POLL, COLLECTED, 99, 120, 65, Band.MAY_RESIGN),
        (PollKind.POLL, COLLECTED, 99, 120, 66, Band.MUST_PROPOSE_DISMISSAL),  # exactly 2/3
        (PollKind.POLL, COLLECTED, 99, 120, 99, Band.MUST_PROPOSE_DISMISSAL),
        (PollKind.POLL, COLLECTED, 99, 120, 0, Band.EVALUATION_ONLY),
        # poll over total delegates: N = 100 and N = 99, fewer ballots collected
        (PollKind.POLL, DELEGATES, 90, 100, 50, Band.EVALUATION_ONLY),
        (PollKind.POLL, DELEGATES, 90, 100, 51, Band.MAY_RESIGN),
        (PollKind.POLL, DELEGATES, 90, 100, 66, Band.MAY_RESIGN),
        (PollKind.POLL, DELEGATES, 90, 100, 67, Band.MUST_PROPOSE_DISMISSAL),
        (PollKind.POLL, DELEGATES, 90, 99, 65, Band.MAY_RESIGN),
        (PollKind.POLL, DELEGATES, 90, 99, 66, Band.MUST_PROPOSE_DISMISSAL),
        # vote over total delegates
        (PollKind.VOTE, DELEGATES, 90, 100, 50, Band.RETAINED),  # exactly half
        (PollKind.VOTE, DELEGATES, 90, 100, 51, Band.PROPOSE_DISMISSAL),
        (PollKind.VOTE, DELEGATES, 90, 99, 49, Band.RETAINED),
        (PollKind.VOTE, DELEGATES, 90, 99, 50, Band.PROPOSE_DISMISSAL),
        # vote over ballots collected
        (PollKind.VOTE, COLLECTED, 60, 100, 30, Band.RETAINED),
        (PollKind.VOTE, COLLECTED, 60, 100, 31, Band.PROPOSE_DISMISSAL),
        (PollKind.VOTE, COLLECTED, 47, 100, 23, Band.RETAINED),
        (PollKind.VOTE, COLLECTED, 47, 100, 24, Band.PROPOSE_DISMISSAL),
    ],
)
def test_band_boundaries(
    kind: PollKind,
    denominator: Denominator,
    collected: int,
    delegates: int,
    lowest: int,
    band: Band,
) -> None:
    result = compute_result(with_lowest(kind, lowest, collected, delegates), denominator)
    assert result.band is band
    assert result.denominator is denominator
    assert result.n == (collected if denominator is COLLECTED else delegates)


def test_denominator_changes_the_band() -> None:
    counts = poll_counts(20, 0, 30, delegates=60)  # 30 of 50 collected, 30 of 60 delegates
    assert compute_result(counts, COLLECTED).band is Band.MAY_RESIGN
    assert compute_result(counts, DELEGATES).band is Band.EVALUATION_ONLY
    assert compute_result(counts, "total_delegates").n == 60  # type: ignore[arg-type]


def test_invalid_whole_ballots_stay_in_ballots_collected() -> None:
    result = compute_result(poll_counts(10, 10, 26, 2, invalid=2))  # 50 collected, 48 counted
    assert result.n == 50
    assert result.percentages[Level.LOW] == 52
    assert result.blank_percentage == 4
    assert sum(result.percentages.values()) + result.blank_percentage == 96


def test_negative_or_non_integer_counts() -> None:
    counts = poll_counts(10, 10, 10)
    with pytest.raises(InvalidCount, match="count of 'low' must be a non-negative integer, got -1"):
        compute_result(
            dataclasses.replace(
                counts, levels={Level.HIGH: 21, Level.CONFIDENCE: 10, Level.LOW: -1}
            )
        )
    with pytest.raises(InvalidCount, match=r"blank rows .* got True"):
        compute_result(dataclasses.replace(counts, blank=True))
    with pytest.raises(InvalidCount, match="total delegates"):
        compute_result(dataclasses.replace(counts, session=SessionCounts(-1, 30)))


def test_levels_must_match_kind() -> None:
    counts = vote_counts(10, 10)
    with pytest.raises(WrongLevels, match="a poll counts exactly the levels high, confidence, low"):
        compute_result(dataclasses.replace(counts, kind=PollKind.POLL))
    with pytest.raises(WrongLevels, match="got none"):
        compute_result(dataclasses.replace(counts, levels={}))


def test_rows_must_add_up_to_ballots_counted() -> None:
    counts = poll_counts(10, 10, 10, 1)
    short = dataclasses.replace(counts, blank=0)
    with pytest.raises(RowsDoNotAddUp, match=r"blank 0 = 30 rows, but 31 ballots were counted"):
        compute_result(short)


def test_session_counts_must_be_consistent() -> None:
    levels = {Level.CONFIDENCE: 5, Level.NO_CONFIDENCE: 5}
    with pytest.raises(BallotsInconsistent, match="10 ballots collected exceed 9 delegates"):
        compute_result(OfficialCounts(PollKind.VOTE, levels, 0, SessionCounts(9, 10)))
    with pytest.raises(BallotsInconsistent, match="11 invalid ballots exceed 10 ballots"):
        compute_result(OfficialCounts(PollKind.VOTE, levels, 0, SessionCounts(20, 10, 11)))


def test_zero_denominator() -> None:
    empty = OfficialCounts(
        PollKind.POLL, dict.fromkeys(PollKind.POLL.levels, 0), 0, SessionCounts(50, 0)
    )
    with pytest.raises(ZeroDenominator, match="ballots_collected"):
        compute_result(empty)
    assert compute_result(empty, DELEGATES).band is Band.EVALUATION_ONLY
    with pytest.raises(ZeroDenominator):
        band_for(PollKind.VOTE, 0, 0)


def test_check_result_accepts_the_computed_result() -> None:
    counts = poll_counts(7, 15, 25, delegates=50)
    check_result(compute_result(counts), counts)
    check_result(compute_result(counts, DELEGATES), counts)


@pytest.mark.parametrize(
    ("field", "value", "reported"),
    [
        ("kind", PollKind.VOTE, "kind"),
        ("denominator", DELEGATES, "n"),  # recomputed over 50 delegates, not 47 ballots
        ("n", 50, "n"),
        ("levels", {Level.HIGH: 8, Level.CONFIDENCE: 14, Level.LOW: 25}, "levels"),
        ("blank", 1, "blank"),
        (
            "percentages",
            {
                Level.HIGH: Fraction(700, 47),
                Level.CONFIDENCE: Fraction(1500, 47),
                Level.LOW: Fraction(5319, 100),
            },
            "percentages",
        ),
        ("blank_percentage", Fraction(1, 100), "blank_percentage"),
        ("band", Band.EVALUATION_ONLY, "band"),
    ],
)
def test_check_result_rejects_each_mutated_field(field: str, value: Any, reported: str) -> None:
    counts = poll_counts(7, 15, 25, delegates=50)
    claimed = dataclasses.replace(compute_result(counts), **{field: value})
    with pytest.raises(ResultMismatch, match="claimed") as caught:
        check_result(claimed, counts)
    assert caught.value.code == "result_mismatch"
    assert caught.value.params["field"] == reported


def test_check_result_checks_the_configured_denominator() -> None:
    counts = poll_counts(7, 15, 25)  # delegates = collected: both denominators give N = 47
    claimed = compute_result(counts, DELEGATES)
    check_result(claimed, counts)
    with pytest.raises(ResultMismatch, match="claimed denominator"):
        check_result(claimed, counts, COLLECTED)


def test_check_result_names_band_values() -> None:
    counts = vote_counts(40, 51, delegates=100)
    claimed = dataclasses.replace(compute_result(counts), band=Band.RETAINED)
    with pytest.raises(ResultMismatch, match=r"claimed band .*retained.* counts give .*propose"):
        check_result(claimed, counts)
