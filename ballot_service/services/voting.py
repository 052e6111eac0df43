"""Casting: validate every point, proof and the credential's signature; one ballot per card."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..crypto.ballot_types import short_code_prefix
from ..crypto.ballot_verify import ReceivedBallot, verify_ballot
from ..crypto.errors import VerificationError
from ..models import Ballot, Poll
from . import cards, ceremony, ledger_log, polls
from .errors import Conflict, ServiceError


class AlreadyVoted(Conflict):
    """The card was used; `receipt` is the ballot it cast (shown again, never replaced)."""

    def __init__(self, receipt: Ballot) -> None:
        super().__init__(_l("This ballot card has already been used. Its receipt is shown again."))
        self.receipt = receipt


def cast(poll: Poll, body: dict[str, Any]) -> Ballot:
    """Check and store an encrypted ballot; log its tracking code. Returns the receipt."""
    polls.require_state(poll, "open")
    ledger_log.lock_poll_log(poll)  # one cast at a time per poll: the card check is race-free
    try:
        received = ReceivedBallot.from_dict(body)
    except VerificationError as error:
        raise ServiceError(_l("The ballot is malformed: %(reason)s", reason=str(error))) from error
    credential = cards.find(poll, received.credential_hex)
    if cards.is_void(credential):
        raise Conflict(_l("This ballot card was voided and cannot vote."))
    used = db.session.scalar(select(Ballot).where(Ballot.credential_id == credential.id))
    if used is not None:
        raise AlreadyVoted(used)
    try:
        ballot = verify_ballot(
            received,
            bytes.fromhex(poll.fingerprint or ""),
            ceremony.election_key(poll),
            officials=len(poll.rated),
            levels=poll.levels,
        )
    except VerificationError as error:
        raise ServiceError(_l("The ballot was refused: %(reason)s", reason=str(error))) from error
    code = ballot.tracking_code()
    entry = ledger_log.append_poll(
        poll, "ballot_cast", {"tracking_code": code, "credential": credential.public_key}
    )
    row = Ballot(
        poll_id=poll.id,
        credential_id=credential.id,
        tracking_code=code,
        body=ballot.to_dict(),
        log_index=entry.seq,
    )
    db.session.add(row)
    db.session.flush()
    return row


def find_receipt(code: str) -> Ballot | None:
    """The ballot a receipt names: its 64-hex-digit tracking code or its short code.

    A malformed code is refused with a translated message; an unknown one gives None.
    """
    text = code.strip()
    if re.fullmatch(r"[0-9a-fA-F]{64}", text):
        return db.session.scalar(select(Ballot).where(Ballot.tracking_code == text.lower()))
    try:
        prefix = short_code_prefix(text).hex()
    except VerificationError as error:
        raise ServiceError(
            _l(
                "This is not a tracking code. Type the 64 hexadecimal digits of the receipt, "
                "or its short code of 16 letters and digits (XXXX-XXXX-XXXX-XXXX)."
            )
        ) from error
    return db.session.scalar(select(Ballot).where(Ballot.tracking_code.startswith(prefix)).limit(1))


def ballots(poll: Poll) -> list[Ballot]:
    return list(
        db.session.scalars(
            select(Ballot).where(Ballot.poll_id == poll.id).order_by(Ballot.log_index)
        )
    )
