"""Appending to the result logs: one Merkle log per poll, one for the service's own events.

Every state change appends its entry in the same transaction as the change, then signs a
checkpoint of the new tree head with the service key from keys/.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import select

from .. import db
from ..ledger import checkpoint as cp
from ..ledger import entries, keys
from ..ledger.entries import Entry, EventType
from ..ledger.tree import MerkleTree
from ..ledger.utctime import format_time
from ..models import Checkpoint, Log, LogEntry, Poll, utcnow
from ..rules.states import PollState

SERVICE_LOG = "ballot_service/service"


def poll_log_id(poll: Poll) -> str:
    return entries.poll_log_id(poll_ref(poll))


def poll_ref(poll: Poll) -> str:
    return f"poll-{poll.id}"


# path → (the file's identity when it was read, the key)
_key_cache: dict[str, tuple[tuple[int, int, int, int] | None, Any]] = {}


def _file_identity(path: str) -> tuple[int, int, int, int] | None:
    """Device, inode, modification time and size: a rotation (a new file renamed into place)
    changes them."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def signing_key(app: Flask | None = None) -> Any:
    """The log signing key (Ed25519); refuses a missing or world-readable file.

    Read again whenever the file changed since it was read (`keys rotate` run beside a
    running service): every signature is made with the key the file holds now.
    """
    app = app or current_app
    settings = app.extensions["ballot_settings"]
    path = str(settings.log_key_path)
    identity = _file_identity(path)
    cached = _key_cache.get(path)
    if cached is None or cached[0] != identity or identity is None:
        key = keys.load_key_file(path, password=settings.log_key_passphrase)
        _key_cache[path] = (identity, key)
        return key
    return cached[1]


def key_fingerprint(app: Flask | None = None, *, quiet: bool = False, grouped: bool = False) -> str:
    """SHA-256 of the log's public key: 64 hex digits, or grouped by 4 for people to read.

    With `quiet`, a missing or unreadable key gives "—" (pages still render; /healthz and
    `serve` report the key's state).
    """
    try:
        public = signing_key(app).public_key()
        return keys.display_fingerprint(public) if grouped else keys.fingerprint(public)
    except Exception:
        if quiet:
            return "—"
        raise


def forget_key() -> None:
    _key_cache.clear()


def open_poll_log(poll: Poll) -> Log:
    log = Log(id=poll_log_id(poll), size=0, poll_id=poll.id)
    db.session.add(log)
    db.session.flush()
    return log


def _lock(log_id: str) -> Log:
    log = db.session.scalar(select(Log).where(Log.id == log_id).with_for_update())
    if log is None:
        log = Log(id=log_id, size=0)
        db.session.add(log)
        db.session.flush()
    return log


def lock_poll_log(poll: Poll) -> Log:
    """Take the poll log's head lock for the rest of the transaction."""
    return _lock(poll_log_id(poll))


def leaf_hashes(log_id: str, size: int | None = None) -> list[bytes]:
    query = select(LogEntry.leaf_hash).where(LogEntry.log_id == log_id).order_by(LogEntry.seq)
    if size is not None:
        query = query.limit(size)
    return list(db.session.scalars(query))


def entry_leaf(log_id: str, seq: int) -> bytes:
    """The canonical bytes of entry `seq` of a log (it must exist)."""
    leaf = db.session.scalar(
        select(LogEntry.leaf).where(LogEntry.log_id == log_id, LogEntry.seq == seq)
    )
    if leaf is None:
        raise LookupError(f"{log_id} has no entry {seq}")
    return bytes(leaf)


def _append(
    log_id: str,
    poll: str | None,
    event: str,
    data: dict[str, Any],
    now: datetime | None,
    signer: Any = None,
) -> LogEntry:
    log = _lock(log_id)
    when = now or utcnow()
    entry = Entry(
        type=EventType(event),
        poll=poll,
        seq=log.size,
        time=format_time(when),
        data=data,
    )
    row = LogEntry(
        log_id=log_id,
        seq=log.size,
        leaf=entry.encode(),
        leaf_hash=entry.leaf_hash(),
        created_at=when,
    )
    db.session.add(row)
    log.size += 1
    tree = MerkleTree(leaf_hashes(log_id, log.size - 1))
    tree.append_leaf_hash(row.leaf_hash)
    root = tree.root()
    signed = cp.sign_checkpoint(
        signer or signing_key(), log_id=log_id, size=log.size, root=root, time=when
    )
    db.session.add(
        Checkpoint(log_id=log_id, size=log.size, root=root, body=signed.to_note(), created_at=when)
    )
    db.session.flush()
    return row


def append_poll(
    poll: Poll, event: str, data: dict[str, Any], *, now: datetime | None = None
) -> LogEntry:
    """Append a poll event to the poll's log and sign the new checkpoint."""
    return _append(poll_log_id(poll), poll_ref(poll), event, data, now)


def append_service(
    event: str, data: dict[str, Any], *, now: datetime | None = None, signer: Any = None
) -> LogEntry:
    """Append a service-wide event (council setup, accounts, login bursts, key rotation)."""
    if not has_app_context():
        raise RuntimeError("the service log needs the app's signing key")
    return _append(SERVICE_LOG, None, event, data, now, signer)


@dataclass(frozen=True)
class RotationProof:
    """A logged key rotation, provable to a witness that knows only the old key.

    `leaf` is the `key_rotated` entry at `index` of the service log; `note` is the checkpoint of
    `size` = index + 1 entries that the *old* key signed right after it (docs/LOG.md §8), and
    `proof` the entry's inclusion proof in that checkpoint.
    """

    leaf: bytes
    index: int
    size: int
    proof: list[bytes]
    note: str


def key_rotations() -> list[RotationProof]:
    """Every `key_rotated` entry of the service log, each with what proves it (oldest first)."""
    rows = db.session.scalars(
        select(LogEntry).where(LogEntry.log_id == SERVICE_LOG).order_by(LogEntry.seq)
    ).all()
    notes = {
        row.size: row.body
        for row in db.session.scalars(select(Checkpoint).where(Checkpoint.log_id == SERVICE_LOG))
    }
    tree = MerkleTree(row.leaf_hash for row in rows)
    found = []
    for row in rows:
        if Entry.decode(row.leaf).type is not EventType.KEY_ROTATED:
            continue
        size = row.seq + 1
        if size not in notes:
            continue  # cannot happen: every append signs the checkpoint that ends with it
        proof = tree.inclusion_proof(row.seq, size)
        found.append(RotationProof(row.leaf, row.seq, size, proof, notes[size]))
    return found


def checkpoint_at(log_id: str, size: int) -> Checkpoint | None:
    """The log's signed checkpoint of exactly `size` entries (every append signs one)."""
    return db.session.scalar(
        select(Checkpoint).where(Checkpoint.log_id == log_id, Checkpoint.size == size)
    )


def latest_checkpoint(log_id: str, *, at_most: int | None = None) -> Checkpoint | None:
    """The log's latest signed checkpoint (of at most `at_most` entries, if given)."""
    query = select(Checkpoint).where(Checkpoint.log_id == log_id)
    if at_most is not None:
        query = query.where(Checkpoint.size <= at_most)
    return db.session.scalar(query.order_by(Checkpoint.size.desc()).limit(1))


# Entries whose data gives the result away: k decryption shares decrypt the tally, and the
# result entry holds the counts. Until the poll is published their data is withheld, and so is
# every hash that covers them (below).
RESULT_EVENTS = frozenset({EventType.DECRYPTION_SHARE.value, EventType.RESULT.value})


def public_checkpoint(poll: Poll) -> Checkpoint | None:
    """The poll log's latest checkpoint that the public may see.

    Until the poll is published, the public head stops just before the first decryption share:
    a root, an inclusion proof or a consistency proof over the result entry would let anyone
    test guessed counts against its hash (a small poll's counts are few to try). Receipts, the
    board and its witness checks all stand on this head; it only grows, so a browser that
    remembered it sees no shrink when the poll is published."""
    log_id = poll_log_id(poll)
    if poll.state in (PollState.CLOSED, PollState.TALLIED):
        # The shares and the result come after the close's tally: read back from the log's end
        # (a few entries: the shares, the result, the moves) to the tally.
        first = None
        rows = db.session.execute(
            select(LogEntry.seq, LogEntry.leaf)
            .where(LogEntry.log_id == log_id)
            .order_by(LogEntry.seq.desc())
            .execution_options(yield_per=16)
        )
        for seq, leaf in rows:
            kind = json.loads(leaf)["type"]
            if kind in RESULT_EVENTS:
                first = seq
            elif kind in _BEFORE_THE_COUNT:
                break
        rows.close()
        if first is not None:
            return latest_checkpoint(log_id, at_most=first)
    return latest_checkpoint(log_id)


# The close's entries: nothing before them gives the result away.
_BEFORE_THE_COUNT = frozenset({EventType.TALLY.value, EventType.POLL_CLOSED.value})
