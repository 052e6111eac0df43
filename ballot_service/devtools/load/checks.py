"""What must hold after a rehearsal, whatever happened on the way: one ballot per card, every
receipt's ballot in the log exactly once, the signed checkpoints one growing log (no fork, no
shrink), and on SQLite a sound database file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from flask import Flask
from sqlalchemy import select, text

from ... import db
from ...ledger import checkpoint as cp
from ...ledger.errors import CheckpointError
from ...ledger.tree import MerkleTree
from ...models import Ballot, Checkpoint, LogEntry
from ...services import ledger_log, polls
from .clients import Cast


def _checkpoint_problems(
    notes: Sequence[str], log_id: str, tree: MerkleTree, public: Any, where: str
) -> list[str]:
    problems = []
    for note in notes:
        signed = cp.SignedCheckpoint.from_note(note)
        try:
            head = cp.verify_checkpoint(signed, public, log_id=log_id)
        except CheckpointError as error:
            problems.append(f"{where}: {error}")
            continue
        if head.size > tree.size:
            problems.append(f"{where}: checkpoint of size {head.size} > the log's {tree.size}")
        elif tree.root(head.size) != head.root:
            problems.append(f"{where}: checkpoint of size {head.size} forks from the log")
    return problems


def check(app: Flask, poll_id: int, casts: Sequence[Cast], codes: Sequence[str]) -> list[str]:
    """Every problem found (none when all holds)."""
    problems: list[str] = []
    with app.app_context():
        poll = polls.get_poll(poll_id)
        log_id = ledger_log.poll_log_id(poll)
        public = ledger_log.signing_key().public_key()
        stored = db.session.execute(
            select(Ballot.credential_id, Ballot.tracking_code, Ballot.log_index).where(
                Ballot.poll_id == poll_id
            )
        ).all()
        per_card = Counter(row.credential_id for row in stored)
        problems += [f"card {card}: {n} ballots" for card, n in per_card.items() if n > 1]
        by_code = Counter(row.tracking_code for row in stored)
        leaves = db.session.execute(
            select(LogEntry.seq, LogEntry.leaf, LogEntry.leaf_hash)
            .where(LogEntry.log_id == log_id)
            .order_by(LogEntry.seq)
        ).all()
        if [row.seq for row in leaves] != list(range(len(leaves))):
            problems.append("the log's entries are not numbered 0, 1, 2, …")
        tree = MerkleTree(bytes(row.leaf_hash) for row in leaves)
        logged = Counter(
            code
            for row in leaves
            for code in codes
            if b'"ballot_cast"' in bytes(row.leaf) and code.encode() in bytes(row.leaf)
        )
        for item in casts:
            if item.receipt is None:
                problems.append(f"card {item.card}: no receipt ({item.failures[-3:]})")
                continue
            if item.status not in (200, 201):
                problems.append(f"card {item.card}: refused ({item.status} {item.refusal})")
            code = item.receipt["tracking_code"]
            if code != codes[item.card]:
                problems.append(f"card {item.card}: the receipt names another ballot")
            if by_code[code] != 1 or logged[code] != 1:
                problems.append(
                    f"card {item.card}: its ballot is stored {by_code[code]} times and logged "
                    f"{logged[code]} times"
                )
            index = item.receipt["leaf_index"]
            if index >= len(leaves) or bytes(leaves[index].leaf) != item.receipt["leaf"].encode():
                problems.append(f"card {item.card}: the receipt's entry {index} is not in the log")
        problems += _checkpoint_problems(
            [item.receipt["note"] for item in casts if item.receipt],
            log_id,
            tree,
            public,
            "receipt",
        )
        notes = db.session.execute(
            select(Checkpoint.size, Checkpoint.body)
            .where(Checkpoint.log_id == log_id)
            .order_by(Checkpoint.id)
        ).all()
        sizes = [row.size for row in notes]
        if sizes != sorted(sizes) or len(set(sizes)) != len(sizes):
            problems.append("the stored checkpoints shrink or repeat a size")
        problems += _checkpoint_problems(
            [row.body for row in notes], log_id, tree, public, "stored"
        )
        if db.session.get_bind().dialect.name == "sqlite":
            verdict = db.session.execute(text("PRAGMA integrity_check")).scalars().all()
            if verdict != ["ok"]:
                problems.append(f"PRAGMA integrity_check: {verdict[:5]}")
        db.session.remove()
    return problems
