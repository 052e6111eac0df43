"""A valid record passes: exit 0, and the report names what was checked and the result."""

from __future__ import annotations

import pytest

from ballot_service.record.codec import decode_record
from ballot_service.verifier.checks import verify_record

from .builder import Built, Spec, build
from .conftest import Run


def test_valid_record_passes_with_report(built: Built, run: Run) -> None:
    code, out = run(built.encode())
    assert code == 0, out
    assert out.startswith("VALID: election record of poll-1 (Confidence poll)")
    assert built.fingerprint in out
    assert "ballots collected: 6" in out
    assert (
        "Checked: 105 proofs (key ceremony 6, ballots 72, decryption 27), 6 ballot signatures"
        in out
    )
    for row in built.record.result["officials"]:
        assert row["name"] in out and f"{row['percentages'][0]}%" in out


def test_report_is_vietnamese_by_default_and_quiet_prints_nothing(built: Built, run: Run) -> None:
    code, out = run(built.encode(), "--lang", "vi")
    assert code == 0 and out.startswith("HỢP LỆ") and "Tín nhiệm cao" in out
    percentage = built.record.result["officials"][0]["percentages"][0].replace(".", ",")
    assert f"{percentage}%" in out
    assert run(built.encode(), "--quiet") == (0, "")


def test_both_cores_give_the_same_summary(built: Built) -> None:
    record, header = decode_record(built.encode())
    assert verify_record(record, header, jobs=1) == verify_record(record, header, jobs=2)


@pytest.mark.parametrize(
    "spec",
    [
        Spec(restart_ceremony=True, seed=2),
        Spec(restart_after_key=True, seed=6),
        Spec(published=True, seed=7),
        Spec(kind="vote", trustees=4, threshold=3, decrypting=(4, 2, 3), seed=3),
        Spec(ballots=0, spares=1, batches=1, seed=4),  # poll: N = 0, band no_ballots
        Spec(ballots=1, officials=1, trustees=3, threshold=3, spares=0, batches=1, seed=5),
    ],
    ids=[
        "ceremony-restarted",
        "restarted-after-a-key",
        "published",
        "vote-k-of-subset",
        "no-ballots",
        "one-ballot-k=n",
    ],
)
def test_other_shapes_pass(spec: Spec, run: Run) -> None:
    code, out = run(build(spec).encode())
    assert code == 0, out
