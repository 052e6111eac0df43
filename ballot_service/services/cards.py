"""Ballot cards: only the public credentials X = x·B reach the server; spare cards are voided."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..models import Credential, CredentialVoid, Poll, User
from . import ledger_log, polls
from .errors import Conflict, Forbidden, NotFound, ServiceError

MAX_BATCH = 5000


def spares_allowed(present: int) -> int:
    """How many usable cards beyond the delegates present the committee may hold: a fifth of
    them, 10 at least. Stops a mistyped count (500 for 50) and bounds what one member alone
    could add; spares are voided before or during the vote."""
    return max(10, present // 5)


def issue(poll: Poll, public_keys: list[str]) -> int:
    """Register a printed batch of cards by their public credentials; all or nothing.

    Cards exist only once the election key is fixed for good: in the ready state, when the
    poll can no longer go back to draft (a card of an abandoned key ceremony would otherwise be
    counted as issued after the next one; docs/RECORD.md §4).
    """
    polls.lock(poll)
    if poll.state != "ready" or poll.election_key is None:
        raise Conflict(
            _l(
                "Ballot cards are issued once the key ceremony has fixed the election key and "
                "the poll is ready."
            )
        )
    if not public_keys:
        raise ServiceError(_l("The batch has no credential."))
    if len(public_keys) > MAX_BATCH:
        raise ServiceError(_l("At most %(n)s cards per batch.", n=MAX_BATCH))
    seen: set[str] = set()
    for number, text in enumerate(public_keys, start=1):
        try:
            point = Point.from_hex(text.strip().lower(), what=f"credential {number}")
        except VerificationError as error:
            raise ServiceError(
                _l(
                    "Card %(n)s: not a valid public credential (%(reason)s).",
                    n=number,
                    reason=str(error),
                )
            ) from error
        if point.hex() in seen:
            raise ServiceError(_l("Card %(n)s repeats an earlier card.", n=number))
        seen.add(point.hex())
    existing = set(
        db.session.scalars(
            select(Credential.public_key).where(
                Credential.poll_id == poll.id, Credential.public_key.in_(seen)
            )
        )
    )
    if existing:
        raise Conflict(_l("%(n)s of these cards are registered already.", n=len(existing)))
    figures = hall_figures(poll)
    present, usable = figures["delegates_present"], figures["cards_issued"]
    most = present + spares_allowed(present)
    if usable + len(public_keys) > most:
        raise ServiceError(
            _l(
                "With these %(n)s cards there would be %(total)s usable cards for %(present)s "
                "delegates present; at most %(most)s (spares included). Check the number of "
                "cards, or ask the secretariat to mark the delegates present first.",
                n=len(public_keys),
                total=usable + len(public_keys),
                present=present,
                most=most,
            )
        )
    ordered = [Point.from_hex(t.strip().lower()).hex() for t in public_keys]
    number = _batch_number(poll)
    for key in ordered:
        db.session.add(Credential(poll_id=poll.id, public_key=key, batch=number))
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "credentials_issued",
        {"batch": str(number), "count": len(ordered), "credentials": ordered},
    )
    return len(ordered)


def _batch_number(poll: Poll) -> int:
    return (
        db.session.scalar(select(func.max(Credential.batch)).where(Credential.poll_id == poll.id))
        or 0
    ) + 1


def find(poll: Poll, public_key: str) -> Credential:
    credential = db.session.scalar(
        select(Credential).where(
            Credential.poll_id == poll.id, Credential.public_key == public_key.lower()
        )
    )
    if credential is None:
        raise NotFound(_l("This ballot card is not registered for this poll."))
    return credential


def is_void(credential: Credential) -> bool:
    return (
        db.session.scalar(
            select(CredentialVoid).where(CredentialVoid.credential_id == credential.id)
        )
        is not None
    )


def void(poll: Poll, public_key: str, reason: str, by: User | None = None) -> None:
    """Void an unused spare card, with the reason, on the board. `by` is the committee member
    who voids it (None: the service's own scripts, e.g. a simulation). While the poll is open a
    voided card can no longer vote, so then only the chair voids (a member alone could void
    every unused card in the delegates' hands)."""
    polls.require_state(poll, "ready", "open")
    if (
        by is not None
        and poll.state == "open"
        and not any(t.user_id == by.id and t.is_chair for t in poll.trustees)
    ):
        raise Forbidden(
            _l("While the poll is open only the chair of the counting committee voids a card.")
        )
    if not reason.strip():
        raise ServiceError(_l("Give the reason for voiding the card."))
    credential = find(poll, public_key)
    from ..models import Ballot

    if db.session.scalar(select(Ballot).where(Ballot.credential_id == credential.id)):
        raise Conflict(_l("This card has been used to vote; it cannot be voided."))
    if is_void(credential):
        raise Conflict(_l("This card is voided already."))
    db.session.add(CredentialVoid(credential_id=credential.id, reason=reason.strip()))
    db.session.flush()
    ledger_log.append_poll(
        poll, "credential_voided", {"credential": credential.public_key, "reason": reason.strip()}
    )


def void_all(poll: Poll, reason: str) -> int:
    """Void every card of the poll not voided yet, each logged; returns how many.

    For a reset to draft: no card may outlive the key ceremony it was made for.
    """
    voided = set(
        db.session.scalars(
            select(CredentialVoid.credential_id)
            .join(Credential, Credential.id == CredentialVoid.credential_id)
            .where(Credential.poll_id == poll.id)
        )
    )
    live = [
        c
        for c in db.session.scalars(
            select(Credential).where(Credential.poll_id == poll.id).order_by(Credential.id)
        )
        if c.id not in voided
    ]
    for credential in live:
        db.session.add(CredentialVoid(credential_id=credential.id, reason=reason))
        db.session.flush()
        ledger_log.append_poll(
            poll, "credential_voided", {"credential": credential.public_key, "reason": reason}
        )
    return len(live)


def listing(poll: Poll) -> list[tuple[Credential, str | None]]:
    """Every credential of the poll with its void reason (None if usable)."""
    rows = db.session.execute(
        select(Credential, CredentialVoid.reason)
        .outerjoin(CredentialVoid, CredentialVoid.credential_id == Credential.id)
        .where(Credential.poll_id == poll.id)
        .order_by(Credential.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def hall_figures(poll: Poll) -> dict[str, int]:
    """What the hall display shows, and nothing more (never a count per person rated or
    level): ballot cards issued and not voided, ballots cast, delegates present (fixed when
    the poll opens; before that, as the secretariat marks them)."""
    counts = polls.counts(poll)
    present = poll.delegates_present
    if present is None:
        present = sum(1 for delegate in poll.council.delegates if delegate.present)
    return {
        "cards_issued": counts["issued"],
        "ballots_cast": counts["ballots"],
        "delegates_present": present,
    }
