"""ballot_checks.py, called directly: check 4 (every ballot; the sums for the tally)."""

from __future__ import annotations

import pytest

from ballot_service.crypto.elgamal import Ciphertext
from ballot_service.verifier.ballot_checks import ballot_label, check_ballots
from ballot_service.verifier.errors import VerificationFailed

from .builder import Built
from .test_setup_checks import setup


def test_codes_credentials_and_sums_in_record_order(built: Built) -> None:
    election = setup(built)
    cast = check_ballots(built.record.ballots, election, jobs=1)
    assert cast.credentials == tuple(b["credential"] for b in built.record.ballots)
    codes = [
        e["data"]["tracking_code"]
        for e in built.record.log["entries"]
        if e["type"] == "ballot_cast"
    ]
    assert list(cast.tracking_codes) == codes
    tally = [
        [Ciphertext.from_dict(c, allow_identity=True) for c in row]
        for row in built.record.tally["cells"]
    ]
    assert [list(row) for row in cast.sums] == tally


def test_first_failure_in_record_order_whatever_the_jobs(built: Built) -> None:
    election = setup(built)
    ballots = built.parts()["ballots"]
    ballots[4]["signature"]["response"] = ballots[3]["signature"]["response"]
    ballots[1] = "not a ballot"
    for jobs in (1, 2):
        with pytest.raises(VerificationFailed, match=r"^ballot 1: ") as raised:
            check_ballots(ballots, election, jobs=jobs)
        assert "ballot 4" not in str(raised.value)


def test_unregistered_voided_and_repeated_credentials(built: Built) -> None:
    election = setup(built)
    ballots = built.parts()["ballots"]
    with pytest.raises(VerificationFailed, match="already cast ballot 0"):
        check_ballots([*ballots, ballots[0]], election, jobs=1)


def test_ballot_label() -> None:
    assert ballot_label(3, None) == "ballot 3"
    assert ballot_label(3, "ab" * 32) == "ballot 3 (tracking code abababab…)"
