"""Replay every mutation case (README.md beside this file) through `ballot-verify`: the exit
status and the reason must be the ones the case states. The base records must be the ones the
builder makes, and every point of issue 16 has its case."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ...verifier.builder import build
from .make_record_mutations import BASES, verdict
from .replay import HERE, build_case, cases

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_case_gives_its_verdict(case: dict[str, Any]) -> None:
    code, out = verdict(build_case(case), case["args"])
    assert code == case["expect"]["exit"], out
    assert case["expect"]["ballot_verify_says"] in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize("name", sorted(BASES))
def test_base_record_is_the_builders(name: str) -> None:
    meta = json.loads((HERE / "base" / f"{name}.json").read_text(encoding="utf-8"))
    assert (HERE / "base" / meta["record"]).read_bytes() == build(BASES[name]).encode()


def test_every_point_of_issue_16_and_the_verifier_items_of_issue_10_have_cases() -> None:
    issues = {c["issue"] for c in CASES}
    for point in [f"16.{n}" for n in range(1, 8)] + ["10.1", "10.16", "10.18", "10.19"]:
        assert point in issues, point
    assert len([c for c in CASES if c["issue"] == "16 (also)"]) >= 10
    assert {c["expect"]["exit"] for c in CASES} == {0, 1, 2}


def test_replay_changes_the_record() -> None:
    """A case with steps makes a different file from its base (so a verdict is about the
    mutation, not the base)."""
    for case in CASES:
        base = (HERE / "base" / f"{case['base']}.zip").read_bytes()
        assert (build_case(case) == base) is (not case["steps"]), case["case"]
