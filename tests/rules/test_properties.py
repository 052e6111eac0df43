"""Hypothesis properties of bands, percentages and half-up formatting."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from ballot_service.rules.counts import OfficialCounts, SessionCounts
from ballot_service.rules.formatting import format_percent
from ballot_service.rules.kinds import PollKind
from ballot_service.rules.results import (
    BANDS_BY_SEVERITY,
    Band,
    Denominator,
    band_for,
    check_result,
    compute_result,
    denominator_value,
)

kinds = st.sampled_from(list(PollKind))


@st.composite
def band_inputs(draw: st.DrawFn) -> tuple[PollKind, int, int, int]:
    """A kind, N, and L1 ≤ L2 ≤ N."""
    n = draw(st.integers(1, 600))
    low1, low2 = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=2)))
    return draw(kinds), n, low1, low2


@given(band_inputs())
def test_band_is_monotone_in_lowest(case: tuple[PollKind, int, int, int]) -> None:
    kind, n, low1, low2 = case
    severity = BANDS_BY_SEVERITY[kind]
    assert severity.index(band_for(kind, low1, n)) <= severity.index(band_for(kind, low2, n))


def reference_band(kind: PollKind, lowest: int, n: int) -> Band:
    """The resolution's wording, literally, on fractions."""
    share = Fraction(lowest, n)
    if kind is PollKind.VOTE:
        return Band.PROPOSE_DISMISSAL if share > Fraction(1, 2) else Band.RETAINED
    if share >= Fraction(2, 3):
        return Band.MUST_PROPOSE_DISMISSAL
    if share > Fraction(1, 2):
        return Band.MAY_RESIGN
    return Band.EVALUATION_ONLY


@given(band_inputs())
def test_band_matches_the_wording(case: tuple[PollKind, int, int, int]) -> None:
    kind, n, low, _ = case
    assert band_for(kind, low, n) is reference_band(kind, low, n)


@st.composite
def official_counts(draw: st.DrawFn, *, invalid: bool = False) -> OfficialCounts:
    """Consistent counts of one person, with up to 20 extra delegates."""
    kind = draw(kinds)
    rows = draw(
        st.lists(st.integers(0, 200), min_size=len(kind.levels) + 1, max_size=len(kind.levels) + 1)
    )
    counted = sum(rows)
    invalid_ballots = draw(st.integers(0, 10)) if invalid else 0
    collected = counted + invalid_ballots
    delegates = collected + draw(st.integers(0 if collected else 1, 20))
    levels = dict(zip(kind.levels, rows[:-1], strict=True))
    return OfficialCounts(
        kind, levels, rows[-1], SessionCounts(delegates, collected, invalid_ballots)
    )


@given(official_counts())
def test_percentages_over_ballots_collected_sum_to_100(counts: OfficialCounts) -> None:
    assume(counts.session.ballots_collected > 0)
    result = compute_result(counts, Denominator.BALLOTS_COLLECTED)
    assert sum(result.percentages.values()) + result.blank_percentage == 100


@given(official_counts(invalid=True), st.sampled_from(list(Denominator)))
def test_percentages_sum_to_counted_share(counts: OfficialCounts, den: Denominator) -> None:
    assume(denominator_value(den, counts.session) > 0)
    result = compute_result(counts, den)
    total = sum(result.percentages.values()) + result.blank_percentage
    assert total == Fraction(100 * counts.session.ballots_counted, result.n)
    check_result(result, counts, den)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_format_percent_matches_decimal_half_up(count: int, n: int) -> None:
    value = Fraction(100 * count, n)
    with localcontext() as ctx:
        # A non-terminating quotient with n ≤ 10^6 never has 7 zeros in a row, so 60 digits
        # cannot fake an exact tie at the third decimal.
        ctx.prec = 60
        expected = (Decimal(100 * count) / Decimal(n)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert format_percent(value, "en").replace(",", "") == f"{expected}%"
