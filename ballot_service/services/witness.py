"""Witness cosignatures: each committee member's device countersigns the poll's checkpoints.

A member's witness key (crypto/witness_key.py) is logged in the key ceremony (`witness_key`
entry, before its `dkg_confirmed`). At the key moments (election key fixed, opened, closed,
result) the device fetches the latest checkpoint, checks the log's signature and consistency with
the last checkpoint it cosigned, and posts a tlog-cosignature/v1 (docs/LOG.md §5). The service
checks it against the logged key and keeps it beside the checkpoint. A cosignature is not a log
event: logging it would make a new checkpoint, which would need cosigning in turn.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..crypto.witness_key import witness_name
from ..ledger import checkpoint as cp
from ..ledger.errors import LedgerError
from ..models import CeremonyMessage, Checkpoint, Cosignature, Poll, User
from . import ledger_log, polls
from .errors import Conflict, NotFound, ServiceError

MAX_CLOCK_SKEW = 15 * 60
"""A cosignature's time may differ from the service's clock by at most this (seconds)."""


def _hex32(value: object, what: str) -> bytes:
    if not isinstance(value, str) or len(value) != 64:
        raise ServiceError(_l("The %(what)s must be 64 hexadecimal digits.", what=what))
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise ServiceError(_l("The %(what)s must be 64 hexadecimal digits.", what=what)) from None


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def register_key(poll: Poll, member: User, public_key: object) -> None:
    """Log member m's witness public key in the current key ceremony (once per attempt)."""
    polls.require_state(poll, "key_ceremony")
    index = polls.seat(poll, member).index
    raw = _hex32(public_key, "witness key")
    try:
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise ServiceError(_l("The witness key is not an Ed25519 public key.")) from None
    if index in _keys_of_attempt(poll):
        raise Conflict(_l("Member %(index)s has already given a witness key.", index=index))
    db.session.add(
        CeremonyMessage(
            poll_id=poll.id,
            attempt=poll.ceremony_attempt,
            kind="witness_key",
            sender=index,
            recipient=None,
            body={"public_key": raw.hex()},
        )
    )
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "witness_key",
        {"member": index, "name": witness_name(index), "public_key": raw.hex()},
    )


def _keys_of_attempt(poll: Poll) -> dict[int, str]:
    rows = db.session.scalars(
        select(CeremonyMessage).where(
            CeremonyMessage.poll_id == poll.id,
            CeremonyMessage.kind == "witness_key",
            CeremonyMessage.attempt == poll.ceremony_attempt,
        )
    )
    return {row.sender: str(row.body["public_key"]) for row in rows}


def witness_keys(poll: Poll) -> dict[int, tuple[str, str]]:
    """Member index → (witness name, public key hex) of the current ceremony."""
    return {m: (witness_name(m), key) for m, key in sorted(_keys_of_attempt(poll).items())}


def signed_note(row: Checkpoint) -> str:
    """The checkpoint's signed note with every cosignature it has (in the order received)."""
    signed = cp.SignedCheckpoint.from_note(row.body)
    for c in db.session.scalars(
        select(Cosignature).where(Cosignature.checkpoint_id == row.id).order_by(Cosignature.id)
    ):
        signed = signed.with_cosignature(
            cp.Cosignature(c.name, bytes(c.key_id), c.timestamp, bytes(c.signature))
        )
    return signed.to_note()


def cosign(
    poll: Poll,
    member: User,
    size: object,
    timestamp: object,
    signature: object,
    *,
    now: datetime | None = None,
) -> cp.Cosignature:
    """Check and keep member m's cosignature of the poll log's checkpoint of `size` entries."""
    index = polls.seat(poll, member).index
    keys = witness_keys(poll)
    if index not in keys:
        raise Conflict(_l("Member %(index)s has no witness key in this key ceremony.", index=index))
    name, key_hex = keys[index]
    if not (_whole(size) and _whole(timestamp)):
        raise ServiceError(_l("The checkpoint size and the time must be whole numbers."))
    assert isinstance(size, int) and isinstance(timestamp, int)  # noqa: S101 - narrowed by _whole
    clock = int((now or datetime.now(UTC)).timestamp())
    if abs(timestamp - clock) > MAX_CLOCK_SKEW:
        raise ServiceError(_l("The cosignature's time differs from the service's clock."))
    row = db.session.scalar(
        select(Checkpoint).where(
            Checkpoint.log_id == ledger_log.poll_log_id(poll), Checkpoint.size == size
        )
    )
    if row is None:
        raise NotFound(_l("The poll's log has no checkpoint of %(size)s entries.", size=size))
    if not isinstance(signature, str) or len(signature) != 128:
        raise ServiceError(_l("The cosignature must be 128 hexadecimal digits."))
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex))
        cosignature = cp.Cosignature(
            name, cp.cosigner_key_id(name, public), timestamp, bytes.fromhex(signature)
        )
        checkpoint = cp.SignedCheckpoint.from_note(row.body).checkpoint
        cp.verify_cosignature(checkpoint, cosignature, public, name=name)
    except (ValueError, LedgerError) as error:
        raise ServiceError(
            _l("The cosignature was refused: %(reason)s", reason=str(error))
        ) from None
    taken = db.session.scalar(
        select(Cosignature.id).where(Cosignature.checkpoint_id == row.id, Cosignature.name == name)
    )
    if taken is not None:
        raise Conflict(_l("%(name)s has already cosigned this checkpoint.", name=name))
    db.session.add(
        Cosignature(
            checkpoint_id=row.id,
            name=name,
            key_id=cosignature.key_id,
            timestamp=timestamp,
            signature=cosignature.signature,
        )
    )
    db.session.flush()
    return cosignature


def cosigned_sizes(poll: Poll) -> dict[str, list[int]]:
    """Witness name → the sizes of the checkpoints it cosigned (for the pages)."""
    rows = db.session.execute(
        select(Cosignature.name, Checkpoint.size)
        .join(Checkpoint, Cosignature.checkpoint_id == Checkpoint.id)
        .where(Checkpoint.log_id == ledger_log.poll_log_id(poll))
        .order_by(Checkpoint.size)
    ).all()
    found: dict[str, list[int]] = {}
    for name, size in rows:
        found.setdefault(name, []).append(size)
    return found
