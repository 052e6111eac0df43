"""A poll's lifecycle: the moves between its states, who may make them, and what each sets off.

draft → key_ceremony (the manifest is frozen) → ready → open (the delegates present are fixed)
→ closed (the tally is computed) → tallied (once k members have decrypted) → published (the
record's hash is logged); key_ceremony → draft when a member complains about a share.

This is the top of the state-changing services: `ceremony` and `counting` report what happened
(a complaint, a result) and the functions here move the poll accordingly.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..models import PendingMove, Poll, User, utcnow
from ..record.result import ResultPart
from ..rules.states import NEXT
from . import cards, ceremony, counting, export, ledger_log, manifest, polls
from .errors import Conflict, Forbidden, NotFound
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

# state -> states it may move to (rules/states.py); each move has its own check below.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    state.value: tuple(target.value for target in targets) for state, targets in NEXT.items()
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
    elif target == "open" and not poll.election_key:
        raise Conflict(_l("The key ceremony is not done: the poll has no election key yet."))
    elif target == "open" and not any(reason is None for _c, reason in cards.listing(poll)):
        raise Conflict(
            _l(
                "Issue the ballot cards (credentials) before opening the poll: "
                "no card that is not voided has been issued."
            )
        )
    elif target == "tallied" and not poll.result:
        raise Conflict(_l("The result is not decrypted yet."))


def moves_for(poll: Poll, role: str) -> list[str]:
    """The moves from the poll's state that `role` may ask for."""
    return [t for t in TRANSITIONS[poll.state] if MOVED_BY.get(t) == role]


def _actor(poll: Poll, user: User | None) -> dict[str, Any] | None:
    """Who made a move, as the log says it: a member by seat, the secretariat by account;
    None for the service's own moves (decryption complete, a command on the server)."""
    if user is None:
        return None
    if user.role == "committee":
        member = polls.seat(poll, user)
        return {"role": "committee", "member": member.index, "chair": member.is_chair}
    return {"role": "secretariat", "account": user.username}


def _check_role(target: str, user: User) -> None:
    if MOVED_BY.get(target) != user.role:
        raise Forbidden(
            _l(
                "Your role may not move the poll to %(target)s.",
                target=LABELS["state"].get(target, target),
            )
        )


def _check_seen(poll: Poll, seen_state: str | None) -> None:
    """Refuse a move asked from a page showing another state than the poll's (someone else
    moved it since the page was rendered): the user looks again before moving it."""
    if seen_state is None:
        return
    polls.lock(poll)
    if seen_state != poll.state:
        raise Conflict(
            _l(
                "Your page was out of date: the poll is now %(state)s (someone else moved it). "
                "Nothing was done; look at the poll again before moving it.",
                state=LABELS["state"][poll.state],
            )
        )


def request_move(
    poll: Poll, target: str, user: User, *, seen_state: str | None = None
) -> PendingMove | None:
    """A user asks to move the poll. The secretariat's moves and the chair's are made at once;
    another member's committee move waits for a second member's confirmation when the poll
    allows it (`second_member_confirms`) and is refused otherwise. Returns the pending request,
    or None when the poll moved. `seen_state`: the state the user's page showed, refused when
    the poll has moved since."""
    _check_role(target, user)
    _check_seen(poll, seen_state)
    if user.role != "committee":
        transition(poll, target, by=user)
        return None
    member = polls.seat(poll, user)
    if member.is_chair:
        transition(poll, target, by=user)
        return None
    if not poll.second_member_confirms:
        raise Forbidden(
            _l(
                "Only the chair of the counting committee may move the poll to %(target)s.",
                target=LABELS["state"].get(target, target),
            )
        )
    _check_transition(poll, target)  # refuse now what could not be confirmed later
    if any(p.to_state == target and p.requester_id == user.id for p in pending_moves(poll)):
        raise Conflict(_l("You have asked for this move already; another member must confirm."))
    pending = PendingMove(
        poll_id=poll.id, from_state=poll.state, to_state=target, requester_id=user.id
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def pending_moves(poll: Poll) -> list[PendingMove]:
    """The requests waiting for a second member, oldest first."""
    return list(
        db.session.scalars(
            select(PendingMove)
            .where(PendingMove.poll_id == poll.id, PendingMove.outcome.is_(None))
            .order_by(PendingMove.id)
        )
    )


def _pending(poll: Poll, pending_id: int) -> PendingMove:
    pending = db.session.get(PendingMove, pending_id)
    if pending is None or pending.poll_id != poll.id:
        raise NotFound(_l("No such request to move the poll."))
    if pending.outcome is not None:
        raise Conflict(_l("This request has been dealt with already."))
    return pending


def confirm_move(poll: Poll, pending_id: int, user: User) -> None:
    """A second member confirms another member's request; the poll moves and the log names
    both."""
    polls.seat(poll, user)
    pending = _pending(poll, pending_id)
    if pending.requester_id == user.id:
        raise Forbidden(_l("A second member of the committee must confirm this move."))
    polls.lock(poll)
    if poll.state != pending.from_state:
        raise Conflict(_l("The poll has moved since this request; ask again."))
    _resolve(pending, "made", user)
    transition(poll, pending.to_state, by=pending.requester, confirmed_by=user)


def withdraw_move(poll: Poll, pending_id: int, user: User) -> None:
    """The member who asked, or the chair, withdraws a request."""
    member = polls.seat(poll, user)
    pending = _pending(poll, pending_id)
    if pending.requester_id != user.id and not member.is_chair:
        raise Forbidden(_l("Only the member who asked, or the chair, may withdraw a request."))
    _resolve(pending, "withdrawn", None)


def _resolve(pending: PendingMove, outcome: str, confirmer: User | None) -> None:
    pending.outcome, pending.resolved_at = outcome, utcnow()
    pending.confirmer_id = confirmer.id if confirmer is not None else None
    db.session.flush()


def transition(
    poll: Poll,
    target: str,
    *,
    reason: str | None = None,
    by: User | None = None,
    confirmed_by: User | None = None,
) -> None:
    """Move the poll to `target` after checking the move is allowed now; logged with who made
    it (`by`) and who confirmed it. Who may ask is checked by `request_move`."""
    _check_transition(poll, target)
    previous = poll.state
    actor, confirmer = _actor(poll, by), _actor(poll, confirmed_by)
    published_hash = None
    if target == "published":
        # The hash of the record exactly as auditors could download it at the result, before
        # anything of the publication is logged: what was published is what they checked.
        published_hash = export.record_hash_of(poll)
    if target == "key_ceremony":
        manifest.freeze(poll)
        poll.ceremony_attempt += 1
    elif target == "draft":
        # No card outlives the key ceremony it was made for (cards come only once the poll is
        # ready, so this voids only cards a database kept from before that rule).
        cards.void_all(poll, "the poll went back to draft; the key ceremony starts again")
        poll.manifest = poll.fingerprint = poll.election_key = None
    if target == "open":
        poll.delegates_present = sum(1 for d in poll.council.delegates if d.present)
    poll.state = target
    for pending in pending_moves(poll):  # the poll moved: no waiting request still applies
        _resolve(pending, "stale", None)
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "state_changed",
        {
            "from_state": previous,
            "to_state": target,
            "reason": reason,
            "by": actor,
            "confirmed_by": confirmer,
        },
    )
    if published_hash is not None:
        ledger_log.append_poll(poll, "published", {"record_hash": published_hash, "url": None})
    if target == "open":
        issued = polls.counts(poll)["credentials"]  # every card issued, spares voided or not
        ledger_log.append_poll(
            poll,
            "poll_opened",
            {
                "election_fingerprint": poll.fingerprint,
                "credentials": issued,
                # Fixed here, so the log covers the result's delegates_present (issue 10.22).
                "delegates_present": poll.delegates_present,
            },
        )
    elif target == "closed":
        ledger_log.append_poll(poll, "poll_closed", {"ballots": polls.counts(poll)["ballots"]})
        counting.compute_tally(poll)


def confirm_shares(poll: Poll, member: User, complaints: list[int]) -> None:
    """A member confirms the shares it received, or complains; a complaint sends the poll back
    to draft, so the ceremony starts again."""
    complained = ceremony.confirm(poll, member, complaints)
    if complained:
        index = polls.seat(poll, member).index
        transition(
            poll,
            "draft",
            reason=f"member {index} complained about "
            f"{', '.join(map(str, complained))}; the ceremony starts again",
            by=member,
        )


def decrypt(poll: Poll) -> ResultPart:
    """Combine k members' decryption shares into the result, and mark the poll tallied."""
    result = counting.decrypt(poll)
    transition(poll, "tallied")
    return result


def post_decryption(poll: Poll, member: User, shares: list[list[dict[str, Any]]]) -> bool:
    """A member's decryption shares (each proof checked; the member is the acting user, never an
    index a request names). Once k members' shares are in, the result is computed, checked
    against the tally and logged, and the poll is tallied; returns whether that happened."""
    counting.post_decryption(poll, member, shares)
    if len(counting.posted_shares(poll)) < (poll.threshold or 0):
        return False
    decrypt(poll)
    return True
