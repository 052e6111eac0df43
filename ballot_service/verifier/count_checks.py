"""Checks 5–7: the tally equals the sums of the ballots, the decryption shares verify and
combine to the counts, and the result part is exactly what the rules make of those counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..crypto.elgamal import Ciphertext
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..crypto.threshold import (
    DecryptionShare,
    DiscreteLog,
    decrypt_with_shares,
    verify_decryption_share,
)
from ..record import result as record_result
from ..record.result import NO_BALLOTS_BAND, percent_text
from ..rules.counts import OfficialCounts, SessionCounts
from ..rules.errors import RuleViolation
from ..rules.results import Denominator, compute_result, denominator_value
from .errors import VerificationFailed
from .setup_checks import Election
from .values import is_nat, same_json

_RESULT_KEYS = record_result.ResultPart.__required_keys__
_ROW_KEYS = record_result.ResultRow.__required_keys__


@dataclass(frozen=True)
class ResultRow:
    """One official's verified result, for the report."""

    index: int
    name: str
    counts: tuple[int, ...]
    blank: int
    percentages: tuple[Fraction, ...]
    band: str


@dataclass(frozen=True)
class VerifiedResult:
    """What checks 6–7 establish."""

    ballots: int
    n: int
    denominator: Denominator
    total_delegates: int
    delegates_present: int
    rows: tuple[ResultRow, ...]
    share_proofs: int
    trustees_decrypting: tuple[int, ...]


def check_tally(tally: Any, sums: Sequence[Sequence[Ciphertext]], ballots: int) -> None:
    """Check 5: tally = {"ballots": N, "cells": Σ over ballots of C_ij}."""
    if not isinstance(tally, dict) or set(tally) != {"ballots", "cells"}:
        raise VerificationFailed("tally", "is not {ballots, cells}")
    if not same_json(tally["ballots"], ballots):
        raise VerificationFailed(
            "tally", f"counts {tally['ballots']!r} ballots, the record has {ballots}"
        )
    cells = tally["cells"]
    if not isinstance(cells, list) or len(cells) != len(sums):
        raise VerificationFailed("tally", f"cells are not {len(sums)} rows")
    for i, (row, want_row) in enumerate(zip(cells, sums, strict=True)):
        if not isinstance(row, list) or len(row) != len(want_row):
            raise VerificationFailed("tally", f"official {i}: not {len(want_row)} cells")
        for j, (cell, want) in enumerate(zip(row, want_row, strict=True)):
            if not same_json(cell, want.to_dict()):
                raise VerificationFailed(
                    f"tally official {i} level {j}",
                    "differs from the sum of the ballots' ciphertexts",
                )


def _shares_of(item: Any, index: int, election: Election) -> tuple[int, list[Any]]:
    if not isinstance(item, dict) or set(item) != {"trustee", "shares"}:
        raise VerificationFailed(f"decryption item {index}", "is not {trustee, shares}")
    m, shares = item["trustee"], item["shares"]
    if not is_nat(m) or not 1 <= m <= election.trustees:
        raise VerificationFailed(
            f"decryption item {index}", f"trustee {m!r} is not one of 1..{election.trustees}"
        )
    if (
        not isinstance(shares, list)
        or len(shares) != election.officials
        or any(not isinstance(row, list) or len(row) != len(election.levels) for row in shares)
    ):
        raise VerificationFailed(
            f"decryption of trustee {m}",
            f"shares are not {election.officials}×{len(election.levels)}",
        )
    return m, shares


def check_decryption(
    items: Sequence[Any],
    sums: Sequence[Sequence[Ciphertext]],
    ballots: int,
    election: Election,
) -> tuple[list[list[int]], int, tuple[int, ...]]:
    """Check 6: ≥ k distinct trustees, every share's proof against VK_m, then combine the k
    lowest indices and solve each count in [0, N]. Returns counts, proofs checked, trustees."""
    if len(items) < election.threshold:
        raise VerificationFailed(
            "decryption", f"{len(items)} trustees decrypted, {election.threshold} are needed"
        )
    points: dict[int, list[list[Point]]] = {}
    proofs = 0
    for index, item in enumerate(items):
        m, shares = _shares_of(item, index, election)
        if points and m <= max(points):
            raise VerificationFailed(
                f"decryption of trustee {m}", "is out of order or repeated (ordered by trustee)"
            )
        rows: list[list[Point]] = []
        for i, row in enumerate(shares):
            rows.append([])
            for j, data in enumerate(row):
                what = f"decryption share of trustee {m}, official {i} level {j}"
                try:
                    share = DecryptionShare.from_dict(data)
                    if share.trustee != m:
                        raise VerificationFailed(what, f"names trustee {share.trustee}")
                    verify_decryption_share(
                        election.fingerprint,
                        share,
                        sums[i][j],
                        election.verification_keys[m],
                        official=i,
                        level=j,
                    )
                except VerificationError as error:
                    raise VerificationFailed(what, str(error)) from None
                rows[i].append(share.share)
                proofs += 1
        points[m] = rows
    chosen = sorted(points)[: election.threshold]
    dlog = DiscreteLog(ballots)
    counts: list[list[int]] = []
    for i, row_sums in enumerate(sums):
        counts.append([])
        for j, cell in enumerate(row_sums):
            try:
                counts[i].append(
                    decrypt_with_shares(
                        cell,
                        {m: points[m][i][j] for m in chosen},
                        election.threshold,
                        dlog,
                        what=f"official {i} level {j}",
                    )
                )
            except VerificationError as error:
                raise VerificationFailed("decryption", str(error)) from None
        if sum(counts[i]) > ballots:
            raise VerificationFailed(
                f"decryption of official {i}", f"counts {counts[i]} exceed the {ballots} ballots"
            )
    return counts, proofs, tuple(sorted(points))


def _expect(what: str, name: str, claimed: object, expected: object) -> None:
    if not same_json(claimed, expected):
        raise VerificationFailed(what, f"{name} is {claimed!r:.80}, expected {expected!r:.80}")


def _check_row(
    row: Any, i: int, counts: list[int], ballots: int, n: int, election: Election
) -> ResultRow:
    what = f"result official {i}"
    if not isinstance(row, dict) or set(row) != _ROW_KEYS:
        raise VerificationFailed(what, f"fields are not {sorted(_ROW_KEYS)}")
    _expect(what, "index", row["index"], i)
    _expect(what, "name", row["name"], election.official_names[i])
    _expect(what, "counts", row["counts"], counts)
    _expect(what, "blank", row["blank"], ballots - sum(counts))
    if n == 0:
        _expect(what, "percentages", row["percentages"], ["0.00"] * len(counts))
        _expect(what, "band", row["band"], NO_BALLOTS_BAND)
        return ResultRow(
            i,
            row["name"],
            tuple(counts),
            row["blank"],
            tuple(Fraction(0) for _ in counts),
            NO_BALLOTS_BAND,
        )
    try:
        computed = compute_result(
            OfficialCounts(
                kind=election.kind,
                levels=dict(zip(election.levels, counts, strict=True)),
                blank=ballots - sum(counts),
                session=SessionCounts(
                    total_delegates=election.total_delegates, ballots_collected=ballots
                ),
            ),
            election.denominator,
        )
    except RuleViolation as violation:
        raise VerificationFailed(what, str(violation)) from None
    exact = tuple(computed.percentages[level] for level in election.levels)
    _expect(what, "percentages", row["percentages"], [percent_text(p) for p in exact])
    _expect(what, "band", row["band"], computed.band.value)
    return ResultRow(i, row["name"], tuple(counts), row["blank"], exact, computed.band.value)


def check_result(
    result: Any, counts: list[list[int]], ballots: int, election: Election
) -> tuple[int, int, tuple[ResultRow, ...]]:
    """Check 7: every field of the result part against the counts, the manifest and the rules.

    Returns (n, delegates present, rows)."""
    if not isinstance(result, dict) or set(result) != _RESULT_KEYS:
        raise VerificationFailed("result", f"fields are not {sorted(_RESULT_KEYS)}")
    total = election.total_delegates
    n = denominator_value(
        election.denominator, SessionCounts(total_delegates=total, ballots_collected=ballots)
    )
    for name, expected in (
        ("ballots_collected", ballots),
        ("ballots_valid", ballots),
        ("total_delegates", total),
        ("denominator", election.denominator.value),
        ("n", n),
    ):
        _expect("result", name, result[name], expected)
    present = result["delegates_present"]
    if not is_nat(present) or present > total:
        raise VerificationFailed(
            "result", f"delegates_present {present!r:.20} is not a count ≤ {total} delegates"
        )
    if ballots > present:
        raise VerificationFailed(
            "result",
            f"{ballots} ballots collected exceed the {present} delegates present "
            "(docs/RECORD.md §2: N ≤ P ≤ T)",
        )
    rows = result["officials"]
    if not isinstance(rows, list) or len(rows) != election.officials:
        raise VerificationFailed("result", f"officials is not a list of {election.officials}")
    return (
        n,
        present,
        tuple(_check_row(row, i, counts[i], ballots, n, election) for i, row in enumerate(rows)),
    )


def check_counting(
    tally: Any,
    decryption: Sequence[Any],
    result: Any,
    sums: Sequence[Sequence[Ciphertext]],
    ballots: int,
    election: Election,
) -> VerifiedResult:
    """Checks 5, 6 and 7 in order."""
    check_tally(tally, sums, ballots)
    counts, proofs, trustees = check_decryption(decryption, sums, ballots, election)
    n, present, rows = check_result(result, counts, ballots, election)
    return VerifiedResult(
        ballots, n, election.denominator, election.total_delegates, present, rows, proofs, trustees
    )


def result_counts(rows: Sequence[ResultRow]) -> list[Mapping[str, Any]]:
    """The `counts` field the `result` log entry must carry."""
    return [{"index": r.index, "levels": list(r.counts), "blank": r.blank} for r in rows]
