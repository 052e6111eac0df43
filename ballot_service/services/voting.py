"""Casting: validate every point, proof and the credential's signature; one ballot per card."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..crypto.ballot_types import Ballot as VerifiedBallot
from ..crypto.ballot_types import short_code, short_code_prefix
from ..crypto.ballot_verify import ReceivedBallot
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..ledger.tree import MerkleTree
from ..models import Ballot, Credential, Poll
from . import cards, ceremony, ledger_log, polls, verify_pool
from .errors import Conflict, ServiceError


class AlreadyVoted(Conflict):
    """The card was used; `receipt` is the ballot it cast (shown again, never replaced)."""

    def __init__(self, receipt: Ballot) -> None:
        super().__init__(_l("This ballot card has already been used. Its receipt is shown again."))
        self.receipt = receipt


@dataclass(frozen=True)
class Election:
    """What a ballot is checked against; fixed once the poll is open."""

    poll_id: int
    fingerprint: bytes
    key: Point
    officials: int
    levels: int


@dataclass(frozen=True)
class CastOutcome:
    """The stored ballot (the receipt) and whether this cast repeated an earlier one."""

    receipt: Ballot
    repeated: bool


def election_of(poll: Poll) -> Election:
    """The open poll's election fingerprint, key and ballot shape (reads only)."""
    polls.require_state(poll, "open")
    return Election(
        poll.id,
        bytes.fromhex(poll.fingerprint or ""),
        ceremony.election_key(poll),
        len(poll.rated),
        poll.levels,
    )


def check_card(poll: Poll, body: object) -> None:
    """Refuse early, before the costly verification, a ballot whose card is unknown to the poll
    or voided (reads only; `record_cast` checks again under the lock). A used card goes on to
    the full path, which tells a retry from another ballot."""
    credential = body.get("credential") if isinstance(body, dict) else None
    if not isinstance(credential, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", credential):
        return  # malformed: verify_cast names what is wrong
    found = cards.find(poll, credential)
    if cards.is_void(found):
        raise Conflict(_l("This ballot card was voided and cannot vote."))


def repeated_cast(poll: Poll, body: object) -> Ballot | None:
    """The stored ballot that `body` repeats byte for byte (a tablet retrying after a lost
    answer), or None (reads only). Its tracking code hashes the whole ballot, so an equal code
    means a ballot already verified and stored: the retry gets its receipt again without paying
    for the verification once more, and a hall retrying over a weak Wi-Fi cannot overload the
    service. Anything else, malformed included, goes on to the full path."""
    credential = body.get("credential") if isinstance(body, dict) else None
    if not isinstance(credential, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", credential):
        return None
    used = db.session.scalar(
        select(Ballot)
        .join(Credential, Ballot.credential_id == Credential.id)
        .where(Credential.poll_id == poll.id, Credential.public_key == credential.lower())
    )
    if used is None:
        return None
    try:
        code = ReceivedBallot.from_dict(body).tracking_code()
    except VerificationError:
        return None
    return used if hmac.compare_digest(used.tracking_code, code) else None


def verify_cast(election: Election, body: object) -> VerifiedBallot:
    """Decode and verify a received ballot: every point, proof and the signature.

    The expensive part of a cast; it needs no database, so it runs before the poll's log is
    locked and casts in the hall are verified in parallel.
    """
    if not isinstance(body, dict):
        raise ServiceError(_l("The ballot is malformed: %(reason)s", reason="not a JSON object"))
    found = verify_pool.verify(
        body, election.fingerprint, election.key.encode(), election.officials, election.levels
    )
    if found.failure == "malformed":
        raise ServiceError(_l("The ballot is malformed: %(reason)s", reason=found.reason))
    if found.ballot is None:
        raise ServiceError(_l("The ballot was refused: %(reason)s", reason=found.reason))
    return found.ballot


def record_cast(poll: Poll, ballot: VerifiedBallot) -> CastOutcome:
    """Store a verified ballot and log its tracking code, under the poll's log lock.

    Only the card checks and the append run under the lock. The same ballot sent again (a
    tablet retrying over a weak Wi-Fi) gives its receipt again; another ballot on a used card is
    refused with the first receipt (AlreadyVoted).
    """
    # The poll's lock first, then its log's, as every writer takes them; the poll is reloaded,
    # so a close that committed while the ballot was being verified is seen here.
    polls.require_state(poll, "open")
    ledger_log.lock_poll_log(poll)  # one append at a time per poll: the card check is race-free
    if bytes.fromhex(poll.fingerprint or "") != ballot.election:
        raise Conflict(_l("This ballot was made for another poll."))
    credential = cards.find(poll, ballot.credential.encode().hex())
    code = ballot.tracking_code()
    used = db.session.scalar(select(Ballot).where(Ballot.credential_id == credential.id))
    if used is not None:
        if hmac.compare_digest(used.tracking_code, code):
            return CastOutcome(used, repeated=True)
        raise AlreadyVoted(used)
    if cards.is_void(credential):
        raise Conflict(_l("This ballot card was voided and cannot vote."))
    cast_so_far = db.session.scalar(
        select(func.count()).select_from(Ballot).where(Ballot.poll_id == poll.id)
    )
    if poll.delegates_present is not None and (cast_so_far or 0) >= poll.delegates_present:
        # Ballots collected never exceed the delegates present (docs/RECORD.md §2): a spare
        # card that was not voided cannot add a ballot no delegate present could have cast.
        raise Conflict(
            _l(
                "Every one of the %(present)s delegates present has voted already; the "
                "counting committee must check the ballot cards handed out.",
                present=poll.delegates_present,
            )
        )
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
    return CastOutcome(row, repeated=False)


def cast(poll: Poll, body: dict[str, Any]) -> Ballot:
    """Check and store an encrypted ballot in one go (the simulation's devices; tests).

    A request handler calls the three steps itself, ending the read transaction before
    `verify_cast` so that no lock is held while a ballot is verified (web/vote.py).
    """
    outcome = record_cast(poll, verify_cast(election_of(poll), body))
    if outcome.repeated:
        raise AlreadyVoted(outcome.receipt)
    return outcome.receipt


def receipt(ballot: Ballot) -> dict[str, Any]:
    """The receipt a tablet keeps: tracking and short code, the entry and its inclusion proof
    under the latest signed checkpoint of the poll's log (docs/LOG.md §3, §5)."""
    poll = polls.get_poll(ballot.poll_id)
    log_id = ledger_log.poll_log_id(poll)
    latest = ledger_log.public_checkpoint(poll)  # a receipt is public
    if latest is None or latest.size <= ballot.log_index:  # its own append signed one
        raise LookupError(f"{log_id}: no signed checkpoint covers entry {ballot.log_index}")
    leaf = ledger_log.entry_leaf(log_id, ballot.log_index)
    tree = MerkleTree(ledger_log.leaf_hashes(log_id, latest.size))
    return {
        "tracking_code": ballot.tracking_code,
        "short_code": short_code(bytes.fromhex(ballot.tracking_code)),
        "log_id": log_id,
        "leaf_index": ballot.log_index,
        "leaf": leaf.decode("utf-8"),
        "tree_size": latest.size,
        "inclusion_proof": [h.hex() for h in tree.inclusion_proof(ballot.log_index, latest.size)],
        "note": latest.body,
    }


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
