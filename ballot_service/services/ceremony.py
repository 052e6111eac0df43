"""The key ceremony (Pedersen/Feldman DKG): the server relays and checks, it never learns a share.

Each trustee's device posts its commitments with proofs, then one share encrypted to each other
trustee, then confirms that every share it received passes the Feldman check (or complains).
When all n have confirmed, the election key K = Σ_i A_i0 is fixed and logged.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..crypto import dkg
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..crypto.share_transport import EncryptedShare
from ..models import CeremonyMessage, Poll, User
from . import ledger_log, polls
from .errors import Conflict, ServiceError


def _messages(poll: Poll, kind: str) -> list[CeremonyMessage]:
    return list(
        db.session.scalars(
            select(CeremonyMessage)
            .where(
                CeremonyMessage.poll_id == poll.id,
                CeremonyMessage.kind == kind,
                CeremonyMessage.attempt == poll.ceremony_attempt,
            )
            .order_by(CeremonyMessage.id)
        )
    )


def _keep(
    poll: Poll, kind: str, sender: int, body: dict[str, Any], recipient: int | None = None
) -> None:
    """Store one message of the current attempt (the table is append-only)."""
    db.session.add(
        CeremonyMessage(
            poll_id=poll.id,
            attempt=poll.ceremony_attempt,
            kind=kind,
            sender=sender,
            recipient=recipient,
            body=body,
        )
    )
    db.session.flush()


def _fingerprint(poll: Poll) -> bytes:
    if poll.fingerprint is None:
        raise Conflict(_l("The poll has no frozen manifest yet."))
    return bytes.fromhex(poll.fingerprint)


def _index(poll: Poll, member: User) -> int:
    """The acting member's index m, from their seat on this poll's committee (never one the
    request names: whoever posted first would otherwise take seat m)."""
    return polls.seat(poll, member).index


def commitments(poll: Poll) -> dict[int, dkg.DkgCommitment]:
    """The commitments posted in the current attempt, by trustee index."""
    return {m.sender: dkg.DkgCommitment.from_dict(m.body) for m in _messages(poll, "commitment")}


def post_commitment(poll: Poll, member: User, body: dict[str, Any]) -> None:
    """Accept member i's commitments A_i0…A_i,k−1 after checking every proof."""
    polls.require_state(poll, "key_ceremony")
    trustee = _index(poll, member)
    if trustee in {m.sender for m in _messages(poll, "commitment")}:
        raise Conflict(
            _l("Committee member %(index)s has already posted commitments.", index=trustee)
        )
    try:
        message = dkg.DkgCommitment.from_dict(body)
        if message.trustee != trustee:
            raise ServiceError(
                _l("These commitments are signed for member %(index)s.", index=message.trustee)
            )
        dkg.verify_commitment(
            message, _fingerprint(poll), trustees=len(poll.trustees), threshold=poll.threshold or 0
        )
    except VerificationError as error:
        raise ServiceError(
            _l("The commitments were refused: %(reason)s", reason=str(error))
        ) from error
    _keep(poll, "commitment", trustee, message.to_dict())
    ledger_log.append_poll(
        poll,
        "dkg_commitment",
        {
            "member": trustee,
            "commitments": [a.hex() for a in message.commitments],
            "proofs": [p.to_dict() for p in message.proofs],
        },
    )


def post_shares(poll: Poll, member: User, shares: list[dict[str, Any]]) -> None:
    """Relay member i's encrypted shares, one to each other member; needs all commitments."""
    polls.require_state(poll, "key_ceremony")
    sender = _index(poll, member)
    n = len(poll.trustees)
    if len(commitments(poll)) != n:
        raise Conflict(_l("Wait until every member has posted commitments."))
    if sender in {m.sender for m in _messages(poll, "share")}:
        raise Conflict(_l("Committee member %(index)s has already sent shares.", index=sender))
    fingerprint = _fingerprint(poll)
    try:
        parsed = [EncryptedShare.from_dict(item) for item in shares]
    except VerificationError as error:
        raise ServiceError(_l("The shares were refused: %(reason)s", reason=str(error))) from error
    recipients = sorted(s.recipient for s in parsed)
    if recipients != [m for m in range(1, n + 1) if m != sender]:
        raise ServiceError(_l("Send exactly one share to each other member."))
    if any(s.sender != sender or s.election != fingerprint for s in parsed):
        raise ServiceError(_l("A share names another sender or another election."))
    for share in parsed:
        _keep(poll, "share", sender, share.to_dict(), recipient=share.recipient)
        ledger_log.append_poll(
            poll,
            "dkg_share_posted",
            {
                "sender": sender,
                "recipient": share.recipient,
                "ciphertext": (share.nonce + share.ciphertext).hex(),
            },
        )


def shares_for(poll: Poll, recipient: int) -> list[dict[str, Any]]:
    """The encrypted shares addressed to one trustee (only its device can open them)."""
    return [m.body for m in _messages(poll, "share") if m.recipient == recipient]


def confirm(poll: Poll, member: User, complaints: list[int]) -> list[int]:
    """Member m confirms its shares pass the Feldman check, or names the senders that fail.

    Returns the complaints (sorted); the caller (`lifecycle`) sends the poll back to draft when
    there are any. When the last of the n members confirms without one, the key is fixed.
    """
    polls.require_state(poll, "key_ceremony")
    trustee = _index(poll, member)
    n = len(poll.trustees)
    if len(shares_for(poll, trustee)) != n - 1:
        raise Conflict(_l("Member %(index)s has not received every share yet.", index=trustee))
    if trustee in {m.sender for m in _messages(poll, "confirm")}:
        raise Conflict(_l("Member %(index)s has already confirmed.", index=trustee))
    complaints = sorted(set(complaints))
    if any(not 1 <= c <= n or c == trustee for c in complaints):
        raise ServiceError(_l("A complaint names an unknown member."))
    _keep(poll, "confirm", trustee, {"complaints": complaints})
    ledger_log.append_poll(poll, "dkg_confirmed", {"member": trustee, "complaints": complaints})
    if not complaints and len(_messages(poll, "confirm")) == n:
        _fix_key(poll)
    return complaints


def _fix_key(poll: Poll) -> None:
    posted = list(commitments(poll).values())
    key = dkg.election_key(posted)
    poll.election_key = key.hex()
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "election_key",
        {
            "key": key.hex(),
            "fingerprint": poll.fingerprint,
            "threshold": poll.threshold,
            "trustees": len(poll.trustees),
        },
    )


def election_key(poll: Poll) -> Point:
    if poll.election_key is None:
        raise Conflict(_l("The key ceremony has not produced the election key yet."))
    return Point.from_hex(poll.election_key, what="election key")


def verification_keys(poll: Poll) -> dict[int, Point]:
    posted = list(commitments(poll).values())
    return {t.index: dkg.verification_key(t.index, posted) for t in poll.trustees}


def status(poll: Poll) -> dict[str, list[int]]:
    """Who has done which step in the current attempt, for the committee's page."""
    return {
        kind: sorted({m.sender for m in _messages(poll, kind)})
        for kind in ("commitment", "share", "confirm")
    }
