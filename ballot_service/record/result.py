"""The result part of the record: counts per official, percentages and consequence bands.

Computed with exact fractions by `ballot_service.rules` (Resolution 96/2023/QH15); percentages
are stored as two-decimal strings rounded half up ("53.19"), as on the count minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TypedDict

from ..rules.counts import OfficialCounts, SessionCounts
from ..rules.formatting import round_half_up
from ..rules.kinds import PollKind
from ..rules.results import Denominator, compute_result, denominator_value
from .manifest import Manifest

NO_BALLOTS_BAND = "no_ballots"  # n = 0: nothing to rate (RECORD.md §result)


class ResultRow(TypedDict):
    """One official's row of the result part."""

    index: int
    name: str
    counts: list[int]  # per level, in the manifest's `levels` order
    blank: int
    percentages: list[str]  # per level, "53.19"
    band: str  # a rules.results.Band code, or NO_BALLOTS_BAND


class ResultPart(TypedDict):
    """The result part of the record (docs/RECORD.md §result)."""

    ballots_collected: int
    ballots_valid: int
    total_delegates: int
    delegates_present: int
    denominator: str  # a rules.results.Denominator code
    n: int
    officials: list[ResultRow]


def percent_text(value: Fraction) -> str:
    """A percentage as the record stores it: two decimals, half up, "53.19" (no sign)."""
    whole, hundredths = divmod(round_half_up(value, 2), 100)
    return f"{whole}.{hundredths:02d}"


def build_result(
    manifest: Manifest,
    counts: Sequence[tuple[Sequence[int], int]],
    *,
    ballots: int,
    delegates_present: int,
) -> ResultPart:
    """The result part from decrypted counts: per official (counts per level, blank rows)."""
    kind = PollKind(manifest["poll"]["kind"])
    denominator = Denominator(manifest["poll"]["denominator"])
    total = int(manifest["council"]["total_delegates"])
    session = SessionCounts(total_delegates=total, ballots_collected=ballots)
    rows: list[ResultRow] = []
    n = denominator_value(denominator, session)
    for official, (levels, blank) in zip(manifest["officials"], counts, strict=True):
        row: ResultRow = {
            "index": official["index"],
            "name": official["name"],
            "counts": list(levels),
            "blank": blank,
            "percentages": ["0.00" for _ in kind.levels],
            "band": NO_BALLOTS_BAND,
        }
        if n > 0:
            computed = compute_result(
                OfficialCounts(
                    kind=kind,
                    levels=dict(zip(kind.levels, levels, strict=True)),
                    blank=blank,
                    session=session,
                ),
                denominator,
            )
            row["percentages"] = [
                percent_text(computed.percentages[level]) for level in kind.levels
            ]
            row["band"] = computed.band.value
        # else no ballot collected: nothing to rate (the minutes say so)
        rows.append(row)
    return {
        "ballots_collected": ballots,
        "ballots_valid": ballots,
        "total_delegates": total,
        "delegates_present": delegates_present,
        "denominator": denominator.value,
        "n": n,
        "officials": rows,
    }
