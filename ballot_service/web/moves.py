"""What each state of a poll means for the people moving it: what comes next, and which moves
cannot be undone (the page asks for a confirmation before those)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..rules.states import PollState
from ..services.labels import label

# Once a poll is open, closed or published there is no way back (lifecycle.TRANSITIONS).
IRREVERSIBLE = frozenset({PollState.OPEN, PollState.CLOSED, PollState.PUBLISHED})

NEXT: dict[str, Any] = {
    PollState.DRAFT: _l(
        "The secretariat chooses the officials rated and the counting committee, then starts "
        "the key ceremony."
    ),
    PollState.KEY_CEREMONY: _l(
        "Each member of the counting committee takes part in the key ceremony on their device; "
        "then the chair marks the poll ready (the secretariat can still take it back to draft)."
    ),
    PollState.READY: _l("The ballot cards are issued; then the counting committee opens the poll."),
    PollState.OPEN: _l(
        "The delegates present cast their ballots; then the counting committee closes the poll."
    ),
    PollState.CLOSED: _l(
        "The members of the counting committee decrypt the count on their devices; once enough "
        "have, the poll is tallied by itself."
    ),
    PollState.TALLIED: _l(
        "The counting committee checks the count minutes, then publishes the election record."
    ),
    PollState.PUBLISHED: _l(
        "Nothing more: the record is published and anyone can verify it with ballot-verify."
    ),
}


# What a move that cannot be undone does at once (said in its confirmation).
EFFECT: dict[str, Any] = {
    PollState.OPEN: _l(
        "Voting starts: the delegates present are counted and fixed, and the ballot cards issued "
        "can be used."
    ),
    PollState.CLOSED: _l(
        "Voting ends: no more ballot is accepted, and the sum of the encrypted ballots (the "
        "encrypted tally) is computed and logged. Nobody sees any count until enough members "
        "have decrypted it."
    ),
    PollState.PUBLISHED: _l(
        "The result, the count minutes and the election record become public on the bulletin board."
    ),
}


def next_step(state: str) -> str:
    return str(NEXT.get(state, ""))


def moved_message(state: str) -> str:
    """The message after a move: the state the poll is in now and what comes next."""
    text: str = _(
        "The poll is now: %(state)s. Next: %(next)s",
        state=label("state", state),
        next=next_step(state),
    )
    return text


def confirmation(target: str) -> str:
    """The question asked before a move that cannot be undone ("" for the others)."""
    if target not in IRREVERSIBLE:
        return ""
    text: str = _(
        "Move the poll to “%(state)s”? %(effect)s This cannot be undone. Next: %(next)s",
        state=label("state", target),
        effect=EFFECT.get(target, ""),
        next=next_step(target),
    )
    return text


def init_app(app: Flask) -> None:
    @app.context_processor
    def _moves() -> dict[str, Any]:
        return {"next_step": next_step, "move_confirmation": confirmation}
