"""record/result.py: the result part from counts (docs/RECORD.md §2, result)."""

from __future__ import annotations

from fractions import Fraction

from ballot_service.record.result import NO_BALLOTS_BAND, build_result, percent_text

from ..verifier.builder import Spec, make_manifest


def test_percent_text_is_half_up_with_two_decimals() -> None:
    assert percent_text(Fraction(100, 32)) == "3.13"
    assert percent_text(Fraction(2500, 47)) == "53.19"
    assert percent_text(Fraction(0)) == "0.00"
    assert percent_text(Fraction(100)) == "100.00"


def test_poll_on_ballots_collected() -> None:
    manifest = make_manifest(Spec(officials=1))
    result = build_result(manifest, [([1, 0, 2], 0)], ballots=3, delegates_present=4)
    row = result["officials"][0]
    assert result["n"] == 3 and result["denominator"] == "ballots_collected"
    assert row["percentages"] == ["33.33", "0.00", "66.67"]
    assert row["band"] == "must_propose_dismissal"


def test_n_zero_means_no_ballots_only_for_ballots_collected() -> None:
    poll = build_result(
        make_manifest(Spec(officials=1)), [([0, 0, 0], 0)], ballots=0, delegates_present=0
    )
    assert poll["n"] == 0 and poll["officials"][0]["band"] == NO_BALLOTS_BAND
    vote = build_result(
        make_manifest(Spec(kind="vote", officials=1)), [([0, 0], 0)], ballots=0, delegates_present=0
    )
    assert vote["n"] == vote["total_delegates"] > 0
    assert vote["officials"][0] == {
        "index": 0,
        "name": vote["officials"][0]["name"],
        "counts": [0, 0],
        "blank": 0,
        "percentages": ["0.00", "0.00"],
        "band": "retained",
    }
