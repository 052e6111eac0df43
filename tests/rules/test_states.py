"""The poll's states and moves are defined once (rules/states.py) and the service follows them."""

from __future__ import annotations

from ballot_service.rules.states import NEXT, PollState
from ballot_service.services import lifecycle


def test_every_state_has_its_moves_and_all_are_reachable_from_draft():
    assert set(NEXT) == set(PollState)
    reached, frontier = {PollState.DRAFT}, [PollState.DRAFT]
    while frontier:
        for target in NEXT[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(PollState)
    assert NEXT[PollState.PUBLISHED] == ()  # nothing follows publication (RECORD §4)


def test_the_service_moves_by_the_rules_table():
    assert {
        state.value: tuple(target.value for target in targets) for state, targets in NEXT.items()
    } == lifecycle.TRANSITIONS
    assert set(lifecycle.MOVED_BY) <= {state.value for state in PollState}
