"""A poll to cast into: a fresh database and log key, an open poll, ballots made beforehand.

Never the service's own database: a SQLite file in a temporary folder, or a PostgreSQL schema
of its own (dropped afterwards). The poll is set up, closed and decrypted through the services,
as the simulation does; the ballots are made with the Python client of crypto/.
"""

from __future__ import annotations

import json
import random
import secrets
import subprocess
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from ... import db
from ...crypto.ballot_encrypt import encrypt_ballot
from ...crypto.group import Point, Scalar
from ...ledger import keys as key_files
from ...migrations import upgrade
from ...services import ceremony, export, ledger_log, lifecycle, polls
from .. import simulation


@dataclass
class Prepared:
    """The open poll and what the tablets will send: `bodies[i]` is card i's ballot (JSON) and
    `codes[i]` its tracking code."""

    url: str
    keys_dir: Path
    poll_id: int
    log_key: str  # the log key's fingerprint (ballot-verify --log-key)
    member_secrets: dict[int, Scalar]
    threshold: int
    bodies: list[bytes]
    codes: list[str]
    fingerprint: bytes = b""
    key: bytes = b""  # the election key's encoding
    officials: int = 0
    levels: int = 0


def _postgres(base: str) -> str:
    if base.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + base.split("://", 1)[1]
    return base


@contextmanager
def fresh_database(tmp: Path, postgres: str | None = None) -> Iterator[str]:
    """A new, migrated database; yields its URL (for the server's DATABASE_URL)."""
    if postgres is None:
        url = f"sqlite:///{tmp / 'load.sqlite3'}"
        drop = None
    else:
        base = _postgres(postgres)
        schema = f"load_{secrets.token_hex(4)}"
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        url = (
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
        drop = (base, schema)
    engine = db.make_engine(url)
    with engine.begin() as connection:
        upgrade(connection)
    engine.dispose()
    try:
        yield url
    finally:
        if drop is not None:
            admin = create_engine(drop[0])
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{drop[1]}" CASCADE'))
            admin.dispose()


def make_keys(tmp: Path) -> Path:
    """A log signing key of the run's own (no checkpoint of it carries the service's key)."""
    directory = tmp / "keys"
    directory.mkdir(mode=0o700, exist_ok=True)
    key_files.generate_key_file(directory / "log_signing_key.pem")
    return directory


def _encrypt(job: tuple[bytes, bytes, bytes, list[int | None], int]) -> tuple[bytes, str]:
    fingerprint, key, token, choices, levels = job
    ballot, _ = encrypt_ballot(fingerprint, Point.decode(key), token, choices, levels)
    return json.dumps(ballot.to_dict()).encode(), ballot.tracking_code()


def make_ballots(
    jobs: Sequence[tuple[bytes, bytes, bytes, list[int | None], int]], processes: int
) -> list[tuple[bytes, str]]:
    if processes <= 1 or len(jobs) < 40:
        return [_encrypt(job) for job in jobs]
    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(_encrypt, jobs, chunksize=8))


def prepare(
    app: Flask,
    url: str,
    keys_dir: Path,
    *,
    delegates: int,
    officials: int,
    trustees: int = 7,
    threshold: int = 4,
    processes: int = 2,
    seed: int | None = None,
) -> Prepared:
    """Open a poll of `delegates` cards and make one ballot per card (random marks)."""
    choose = random.Random(seed)  # noqa: S311 - the simulated delegates' marks only
    with app.app_context():
        opened = simulation.open_poll(
            delegates=delegates, officials=officials, trustees=trustees, threshold=threshold
        )
        poll = opened.poll
        fingerprint = bytes.fromhex(poll.fingerprint or "")
        key = ceremony.election_key(poll).encode()
        levels, poll_id = poll.levels, poll.id
        log_key = ledger_log.key_fingerprint()
        db.session.remove()
    jobs = [
        (
            fingerprint,
            key,
            token,
            [
                None if choose.random() < 0.08 else choose.randrange(levels)
                for _ in range(officials)
            ],
            levels,
        )
        for token in opened.tokens
    ]
    made = make_ballots(jobs, processes)
    return Prepared(
        url,
        keys_dir,
        poll_id,
        log_key,
        opened.member_secrets,
        threshold,
        [body for body, _ in made],
        [code for _, code in made],
        fingerprint,
        key,
        officials,
        levels,
    )


def finish(app: Flask, prepared: Prepared, record: Path) -> None:
    """Close the poll, decrypt with the first k members and write the election record."""
    with app.app_context():
        poll = polls.get_poll(prepared.poll_id)
        lifecycle.transition(poll, "closed")
        db.session.commit()
        present = list(range(1, prepared.threshold + 1))
        simulation.decrypt(poll, prepared.member_secrets, present)
        record.write_bytes(export.export_record(polls.get_poll(prepared.poll_id)))
        db.session.remove()


def verify_record(record: Path, log_key: str) -> tuple[bool, str]:
    """Run `ballot-verify` on the record as an auditor would: (VALID?, its last report line)."""
    command = [sys.executable, "-m", "ballot_service.verifier.cli", str(record), "--lang", "en"]
    done = subprocess.run(  # noqa: S603 - our own verifier on our own file
        [*command, "--log-key", log_key], capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if "VALID" in line]
    return done.returncode == 0, (lines[0] if lines else (done.stdout + done.stderr).strip())


def dispose(app: Any) -> None:
    """Close the app's connections (before the server, or a copy of it, takes the database)."""
    with app.app_context():
        bind = db.session.get_bind()
        db.session.remove()
        if isinstance(bind, Engine):
            bind.dispose()
