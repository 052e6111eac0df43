"""count_checks.py, called directly: checks 5–7 (tally, decryption, result)."""

from __future__ import annotations

import pytest

from ballot_service.verifier.ballot_checks import check_ballots
from ballot_service.verifier.count_checks import (
    check_counting,
    check_decryption,
    check_result,
    check_tally,
    result_counts,
)
from ballot_service.verifier.errors import VerificationFailed

from .builder import Built
from .test_setup_checks import setup


@pytest.fixture(scope="module")
def cast(built: Built):  # type: ignore[no-untyped-def]
    election = setup(built)
    return election, check_ballots(built.record.ballots, election, jobs=1)


def test_counting_gives_the_counts_of_the_choices(built: Built, cast) -> None:  # type: ignore[no-untyped-def]
    election, ballots = cast
    parts = built.parts()
    verified = check_counting(
        parts["tally"], parts["decryption"], parts["result"], ballots.sums, 6, election
    )
    for i, row in enumerate(verified.rows):
        expected = [sum(1 for c in built.choices if c[i] == j) for j in range(3)]
        assert list(row.counts) == expected and row.blank == 6 - sum(expected)
    assert verified.trustees_decrypting == (1, 2, 3) and verified.share_proofs == 27
    assert result_counts(verified.rows) == next(
        e["data"]["counts"] for e in built.record.log["entries"] if e["type"] == "result"
    )


def test_tally_must_be_the_sums(built: Built, cast) -> None:  # type: ignore[no-untyped-def]
    _, ballots = cast
    tally = built.parts()["tally"]
    with pytest.raises(VerificationFailed, match="counts 6 ballots, the record has 5"):
        check_tally(tally, ballots.sums, 5)
    tally["cells"][2][0] = tally["cells"][2][1]
    with pytest.raises(VerificationFailed, match="tally official 2 level 0"):
        check_tally(tally, ballots.sums, 6)


def test_decryption_needs_k_trustees_in_order(built: Built, cast) -> None:  # type: ignore[no-untyped-def]
    election, ballots = cast
    items = built.parts()["decryption"]
    with pytest.raises(VerificationFailed, match="1 trustees decrypted, 2 are needed"):
        check_decryption(items[:1], ballots.sums, 6, election)
    with pytest.raises(VerificationFailed, match="out of order or repeated"):
        check_decryption([items[1], items[0]], ballots.sums, 6, election)
    counts, proofs, trustees = check_decryption(items[1:], ballots.sums, 6, election)
    assert trustees == (2, 3) and proofs == 18 and len(counts) == 3


def test_result_ballots_present_and_delegates(built: Built, cast) -> None:  # type: ignore[no-untyped-def]
    """N ≤ P ≤ T (docs/RECORD.md §2, issue 16.4)."""
    election, ballots = cast
    counts, _, _ = check_decryption(built.parts()["decryption"], ballots.sums, 6, election)
    result = built.parts()["result"]
    assert check_result(result, counts, 6, election)[:2] == (6, 7)
    for present, message in (
        (5, "6 ballots collected exceed the 5 delegates present"),
        (9, "delegates_present 9 is not a count ≤ 8"),
        (True, "delegates_present True is not a count"),
    ):
        result["delegates_present"] = present
        with pytest.raises(VerificationFailed, match=message):
            check_result(result, counts, 6, election)
