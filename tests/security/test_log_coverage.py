"""Security regression suite, the log covers the record: delegates present (issue 10.22).

The attack: `delegates_present` in a record was covered by nothing signed, so it could be
changed (within N ≤ P ≤ T) and the record stayed VALID.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import LogEntry
from ballot_service.services import polls
from tests.vectors.record_mutations.make_record_mutations import verdict
from tests.vectors.record_mutations.replay import build_case

# The base "poll" record has 6 ballots, 7 delegates present (logged in poll_opened) and 8 in all.
REPLACE_PRESENT = {"op": "replace", "path": "/result/delegates_present", "value": 8}


def test_a_changed_delegates_present_is_invalid():
    """issue 10.22: a record whose result says 8 delegates present while the signed
    poll_opened entry says 7 is INVALID, with the reason."""
    case = {  # also tests/vectors/record_mutations/cases/10.22-present-not-the-logged-one.json
        "base": "poll",
        "steps": [{"op": "patch", "patch": [REPLACE_PRESENT]}],
        "args": [],
    }
    code, out = verdict(build_case(case), [])
    assert code == 1, out
    assert "poll_opened delegates_present differs from the result part" in out


def test_the_service_logs_delegates_present_when_the_poll_opens(app):
    """issue 10.22: the poll_opened entry carries the delegates present, the value the result
    and the minutes use."""
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=3)
    poll = polls.get_poll(outcome.poll_id)
    opened = next(
        entry
        for entry in map(
            json.loads,
            db.session.scalars(
                select(LogEntry.leaf).where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
            ),
        )
        if entry["type"] == "poll_opened"
    )
    assert opened["data"]["delegates_present"] == poll.delegates_present == 4
    assert json.loads(poll.result)["delegates_present"] == 4
