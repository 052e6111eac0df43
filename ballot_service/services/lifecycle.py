"""A poll's lifecycle: the moves between its states, who may make them, and what each sets off.

draft → key_ceremony (the manifest is frozen) → ready → open (the delegates present are fixed)
→ closed (the tally is computed) → tallied (once k members have decrypted) → published (the
record's hash is logged); key_ceremony → draft when a member complains about a share.

This is the top of the state-changing services: `ceremony` and `counting` report what happened
(a complaint, a result) and the functions here move the poll accordingly.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import db
from ..models import Poll
from ..record.result import ResultPart
from . import ceremony, counting, export, ledger_log, manifest, polls
from .errors import Conflict, Forbidden
from .labels import LABELS

# Who may ask for each move: the secretariat prepares the poll; the counting committee runs it.
# (closed → tallied happens by itself once k members have decrypted.)
MOVED_BY: dict[str, str] = {
    "key_ceremony": "admin",
    "draft": "admin",
    "ready": "committee",
    "open": "committee",
    "closed": "committee",
    "published": "committee",
}

# state -> states it may move to; each move has its own check below.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("key_ceremony",),
    "key_ceremony": ("ready", "draft"),
    "ready": ("open",),
    "open": ("closed",),
    "closed": ("tallied",),
    "tallied": ("published",),
    "published": (),
}


def _check_transition(poll: Poll, target: str) -> None:
    polls.lock(poll)
    if target not in TRANSITIONS[poll.state]:
        raise Conflict(
            _l(
                "A poll cannot go from %(state)s to %(target)s.",
                state=LABELS["state"][poll.state],
                target=LABELS["state"].get(target, target),
            )
        )
    if target == "key_ceremony":
        polls.check_setup(poll)
    elif target == "ready" and not poll.election_key:
        raise Conflict(_l("The key ceremony has not produced the election key yet."))
    elif target == "open" and polls.counts(poll)["credentials"] == 0:
        raise Conflict(_l("Issue the ballot cards (credentials) before opening the poll."))
    elif target == "tallied" and not poll.result:
        raise Conflict(_l("The result is not decrypted yet."))


def moves_for(poll: Poll, role: str) -> list[str]:
    """The moves from the poll's state that `role` may ask for."""
    return [t for t in TRANSITIONS[poll.state] if MOVED_BY.get(t) == role]


def request_transition(poll: Poll, target: str, role: str) -> None:
    """A user's request to move the poll: the role must own that move (see MOVED_BY)."""
    if MOVED_BY.get(target) != role:
        raise Forbidden(
            _l(
                "Your role may not move the poll to %(target)s.",
                target=LABELS["state"].get(target, target),
            )
        )
    transition(poll, target)


def transition(poll: Poll, target: str, *, reason: str | None = None) -> None:
    """Move the poll to `target` after checking the move is allowed now; logged."""
    _check_transition(poll, target)
    previous = poll.state
    published_hash = None
    if target == "published":
        # The hash of the record exactly as auditors could download it at the result, before
        # anything of the publication is logged: what was published is what they checked.
        published_hash = export.record_hash_of(poll)
    if target == "key_ceremony":
        manifest.freeze(poll)
        poll.ceremony_attempt += 1
    elif target == "draft":
        poll.manifest = poll.fingerprint = poll.election_key = None
    if target == "open":
        poll.delegates_present = sum(1 for d in poll.council.delegates if d.present)
    poll.state = target
    db.session.flush()
    ledger_log.append_poll(
        poll, "state_changed", {"from_state": previous, "to_state": target, "reason": reason}
    )
    if published_hash is not None:
        ledger_log.append_poll(poll, "published", {"record_hash": published_hash, "url": None})
    if target == "open":
        issued = polls.counts(poll)["credentials"]  # every card issued, spares voided or not
        ledger_log.append_poll(
            poll, "poll_opened", {"election_fingerprint": poll.fingerprint, "credentials": issued}
        )
    elif target == "closed":
        ledger_log.append_poll(poll, "poll_closed", {"ballots": polls.counts(poll)["ballots"]})
        counting.compute_tally(poll)


def confirm_shares(poll: Poll, trustee: int, complaints: list[int]) -> None:
    """A member confirms the shares it received, or complains; a complaint sends the poll back
    to draft, so the ceremony starts again."""
    complained = ceremony.confirm(poll, trustee, complaints)
    if complained:
        transition(
            poll,
            "draft",
            reason=f"member {trustee} complained about "
            f"{', '.join(map(str, complained))}; the ceremony starts again",
        )


def decrypt(poll: Poll) -> ResultPart:
    """Combine k members' decryption shares into the result, and mark the poll tallied."""
    result = counting.decrypt(poll)
    transition(poll, "tallied")
    return result
