"""Exporting a poll's election record (docs/RECORD.md) from the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..ledger import keys as key_files
from ..ledger.checkpoint import SignedCheckpoint, log_key_id
from ..models import Checkpoint, Credential, CredentialVoid, LogEntry, Poll
from ..record.codec import ElectionRecord, encode_record, record_hash
from . import ceremony, counting, ledger_log, voting, witness
from .errors import Conflict


def _service_keys() -> list[Ed25519PublicKey]:
    current = ledger_log.signing_key().public_key()
    found = [current]
    path = Path(current_app.extensions["ballot_settings"].log_key_path)
    for retired in sorted(path.parent.glob(f"{path.name}.retired-*.pub.pem")):
        found.append(key_files.load_public_key_pem(retired.read_bytes()))
    return found


def public_keys() -> list[str]:
    """The service key and every retired key kept beside it (for checkpoints made before)."""
    return [key_files.public_key_raw(key).hex() for key in _service_keys()]


def signing_keys(log_id: str, checkpoints: Sequence[str]) -> list[str]:
    """The keys among public_keys() that signed these checkpoints, each once, in the order of
    their first checkpoint: what a record lists (docs/RECORD.md §2; a key that signed nothing
    would make the record invalid)."""
    by_key_id = {log_key_id(log_id, key): key for key in _service_keys()}
    found: list[str] = []
    for note in checkpoints:
        key = by_key_id.get(SignedCheckpoint.from_note(note).signature.key_id)
        raw = None if key is None else key_files.public_key_raw(key).hex()
        if raw is not None and raw not in found:
            found.append(raw)
    return found


def build_record(poll: Poll) -> ElectionRecord:
    """Collect every public artifact of a tallied poll."""
    if poll.state not in ("tallied", "published") or poll.result is None:
        raise Conflict(_l("The record can be exported once the result is decrypted."))
    log_id = ledger_log.poll_log_id(poll)
    credentials = db.session.scalars(
        select(Credential).where(Credential.poll_id == poll.id).order_by(Credential.id)
    ).all()
    voids = db.session.execute(
        select(Credential.public_key, CredentialVoid.reason)
        .join(CredentialVoid, CredentialVoid.credential_id == Credential.id)
        .where(Credential.poll_id == poll.id)
        .order_by(CredentialVoid.id)
    ).all()
    entries = db.session.scalars(
        select(LogEntry.leaf).where(LogEntry.log_id == log_id).order_by(LogEntry.seq)
    ).all()
    checkpoints = [
        witness.signed_note(row)  # with the witnesses' cosignatures (docs/LOG.md §5)
        for row in db.session.scalars(
            select(Checkpoint).where(Checkpoint.log_id == log_id).order_by(Checkpoint.size)
        )
    ]
    return ElectionRecord(
        manifest=json.loads(poll.manifest or "{}"),
        dkg=[c.to_dict() for _, c in sorted(ceremony.commitments(poll).items())],
        credentials=[{"credential": c.public_key, "batch": str(c.batch)} for c in credentials],
        voided=[{"credential": key, "reason": reason} for key, reason in voids],
        ballots=[b.body for b in voting.ballots(poll)],
        tally=counting.tally(poll),
        decryption=[
            {"trustee": m, "shares": shares}
            for m, shares in sorted(counting.posted_shares(poll).items())
        ],
        result=json.loads(poll.result),
        log={
            "log_id": log_id,
            "public_keys": signing_keys(log_id, checkpoints),
            "entries": [json.loads(leaf) for leaf in entries],
            "checkpoints": list(checkpoints),
        },
    )


def record_hash_of(poll: Poll) -> str:
    return record_hash(export_record(poll))


def export_record(poll: Poll) -> bytes:
    """The record file's bytes."""
    return encode_record(build_record(poll), poll.fingerprint or "")
