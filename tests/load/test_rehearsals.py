"""Issue 13.1, 13.3, 13.4 in their short modes: the whole rehearsal of ./scripts/load (real
server, real ballots, concurrent tablets, the record verified), through a network that loses
30 % of exchanges, and with the server killed (SIGKILL) while casting. The full modes:
`./scripts/load --delegates 500 --officials 30 --seconds 60 [--loss 0.3] [--crashes 50]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ballot_service.devtools.load.run import Options, rehearse

from .conftest import make_app, postgres_or_skip

SHORT = {"delegates": 16, "officials": 3, "seconds": 4.0, "trustees": 3, "threshold": 2}


def _rehearse(tmp_path: Path, kind: str, **changes: object):
    base = postgres_or_skip(kind)
    options = Options(
        **(SHORT | {"postgres": base, "workers": 2 if base else 1, "seed": 7} | changes)
    )
    report = rehearse(options, tmp_path, make_app, progress=lambda _: None)
    assert report.problems == []
    assert report.valid, report.verdict
    assert report.accepted == options.delegates
    assert not any(c.server_errors for c in report.casts), [c.failures for c in report.casts]
    assert report.missing_on_board == 0
    assert report.ok, report.lines()
    return report


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_load_short(tmp_path: Path, kind: str):
    report = _rehearse(tmp_path, kind)
    assert not any(c.repeated for c in report.casts)  # nothing was lost: no repeat was needed
    assert report.board and not report.board_failures
    assert report.cpu > 0
    assert any("ballot-verify: VALID" in line for line in report.lines())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_flaky_network(tmp_path: Path, kind: str):
    """30 % of requests or responses lost: every tablet retries until it holds a receipt."""
    report = _rehearse(tmp_path, kind, loss=0.3)
    lost_requests, lost_responses = report.lost
    assert lost_requests > 0 and lost_responses > 0
    assert sum(c.repeated for c in report.casts) > 0  # a lost answer came back as a repeat


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_crash_safety(tmp_path: Path, kind: str):
    """kill -9 while casting, restart: every receipted ballot once, checkpoints one log."""
    report = _rehearse(tmp_path, kind, crashes=3, delegates=24)
    assert report.kills == 3
