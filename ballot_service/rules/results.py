"""Per-person results: denominator, exact percentages and the consequence band."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ballot_service.rules.counts import OfficialCounts, SessionCounts, check_counts
from ballot_service.rules.errors import RuleViolation
from ballot_service.rules.kinds import Labels, Level, PollKind


class ZeroDenominator(RuleViolation):
    """The chosen denominator N is zero, so no percentage exists."""

    code = "zero_denominator"


class ResultMismatch(RuleViolation):
    """A claimed result differs from the one the counts give."""

    code = "result_mismatch"


class Denominator(StrEnum):
    """What N counts; the minutes state which one was used."""

    BALLOTS_COLLECTED = "ballots_collected"  # the 2023 confirming resolutions
    TOTAL_DELEGATES = "total_delegates"  # practice under Resolution 85/2014/QH13

    @property
    def labels(self) -> Labels:
        """The Vietnamese and English names of the denominator."""
        return _DENOMINATOR_LABELS[self]


_DENOMINATOR_LABELS: Mapping[Denominator, Labels] = {
    Denominator.BALLOTS_COLLECTED: Labels("Tổng số phiếu thu vào", "Ballots collected"),
    Denominator.TOTAL_DELEGATES: Labels(
        "Tổng số đại biểu Hội đồng nhân dân", "Total number of delegates"
    ),
}


def default_denominator(kind: PollKind) -> Denominator:
    """Return the default N: ballots collected for a poll, total delegates for a vote."""
    return Denominator.BALLOTS_COLLECTED if kind is PollKind.POLL else Denominator.TOTAL_DELEGATES


class Band(StrEnum):
    """The consequence of a person's result; the codes are stored, never renamed."""

    EVALUATION_ONLY = "evaluation_only"  # poll: 2L ≤ N
    MAY_RESIGN = "may_resign"  # poll: 2L > N and 3L < 2N
    MUST_PROPOSE_DISMISSAL = "must_propose_dismissal"  # poll: 3L ≥ 2N
    RETAINED = "retained"  # vote: 2·NC ≤ N, no dismissal follows from the vote
    PROPOSE_DISMISSAL = "propose_dismissal"  # vote: 2·NC > N

    @property
    def labels(self) -> Labels:
        """The Vietnamese and English descriptions of the band."""
        return _BAND_LABELS[self]


_BAND_LABELS: Mapping[Band, Labels] = {
    Band.EVALUATION_ONLY: Labels(
        "Kết quả dùng để đánh giá cán bộ", "Result used for the evaluation of officials only"
    ),
    Band.MAY_RESIGN: Labels(
        "Trên một nửa đến dưới hai phần ba tín nhiệm thấp: có thể xin từ chức; nếu không, "
        "Thường trực Hội đồng nhân dân trình Hội đồng bỏ phiếu tín nhiệm",
        "Over half to under two-thirds low confidence: may resign; otherwise the standing "
        "committee puts a confidence vote to the council",
    ),
    Band.MUST_PROPOSE_DISMISSAL: Labels(
        "Từ hai phần ba trở lên tín nhiệm thấp: cơ quan giới thiệu phải trình miễn nhiệm",
        "Two-thirds or more low confidence: the nominating body must propose dismissal",
    ),
    Band.RETAINED: Labels(
        "Không quá một nửa không tín nhiệm: không trình miễn nhiệm",
        "Not over half no confidence: no dismissal proposed",
    ),
    Band.PROPOSE_DISMISSAL: Labels(
        "Quá một nửa không tín nhiệm: cơ quan giới thiệu trình miễn nhiệm",
        "Over half no confidence: the nominating body proposes dismissal",
    ),
}

BANDS_BY_SEVERITY: Mapping[PollKind, tuple[Band, ...]] = {
    PollKind.POLL: (Band.EVALUATION_ONLY, Band.MAY_RESIGN, Band.MUST_PROPOSE_DISMISSAL),
    PollKind.VOTE: (Band.RETAINED, Band.PROPOSE_DISMISSAL),
}
"""Each kind's bands, mildest first; the band never gets milder as L grows."""


def band_for(kind: PollKind, lowest: int, n: int) -> Band:
    """Return the band for L = `lowest` (tín nhiệm thấp / không tín nhiệm) out of N = `n`."""
    if n <= 0:
        raise ZeroDenominator(f"the denominator N must be positive, got {n}", n=n)
    if kind is PollKind.VOTE:
        return Band.PROPOSE_DISMISSAL if 2 * lowest > n else Band.RETAINED
    if 3 * lowest >= 2 * n:
        return Band.MUST_PROPOSE_DISMISSAL
    if 2 * lowest > n:
        return Band.MAY_RESIGN
    return Band.EVALUATION_ONLY


def denominator_value(denominator: Denominator, session: SessionCounts) -> int:
    """Return N for the chosen denominator."""
    if denominator is Denominator.BALLOTS_COLLECTED:
        return session.ballots_collected
    return session.total_delegates


def percent(count: int, n: int) -> Fraction:
    """Return 100·count/N exactly."""
    if n <= 0:
        raise ZeroDenominator(f"the denominator N must be positive, got {n}", n=n)
    return Fraction(100 * count, n)


@dataclass(frozen=True)
class OfficialResult:
    """One person's result as the count minutes show it; percentages are exact, in percent."""

    kind: PollKind
    denominator: Denominator
    n: int
    levels: Mapping[Level, int]
    blank: int
    percentages: Mapping[Level, Fraction]
    blank_percentage: Fraction
    band: Band


def compute_result(
    counts: OfficialCounts, denominator: Denominator | None = None
) -> OfficialResult:
    """Compute a person's result; `denominator` defaults per kind (see default_denominator)."""
    check_counts(counts)
    chosen = default_denominator(counts.kind) if denominator is None else Denominator(denominator)
    n = denominator_value(chosen, counts.session)
    if n == 0:
        raise ZeroDenominator(
            f"the denominator ({chosen.value}) is 0; no percentage can be computed",
            denominator=chosen.value,
        )
    levels = {level: counts.levels[level] for level in counts.kind.levels}
    return OfficialResult(
        kind=counts.kind,
        denominator=chosen,
        n=n,
        levels=levels,
        blank=counts.blank,
        percentages={level: percent(c, n) for level, c in levels.items()},
        blank_percentage=percent(counts.blank, n),
        band=band_for(counts.kind, levels[counts.kind.lowest], n),
    )


def check_result(
    result: OfficialResult, counts: OfficialCounts, denominator: Denominator | None = None
) -> None:
    """Check a claimed result against the counts; raise ResultMismatch naming the first field.

    The result is recomputed with its stated denominator; pass the poll's configured
    `denominator` to check that setting too.
    """
    if denominator is not None:
        _compare("denominator", result.denominator, Denominator(denominator))
    expected = compute_result(counts, result.denominator)
    for name in ("kind", "n", "blank", "blank_percentage", "band"):
        _compare(name, getattr(result, name), getattr(expected, name))
    _compare("levels", dict(result.levels), dict(expected.levels))
    _compare("percentages", dict(result.percentages), dict(expected.percentages))


def _compare(name: str, claimed: object, expected: object) -> None:
    if claimed != expected:
        raise ResultMismatch(
            f"claimed {name} {claimed!r} but the counts give {expected!r}",
            field=name,
            claimed=repr(claimed),
            expected=repr(expected),
        )
