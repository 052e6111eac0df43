"""Backup and restore (services/backup.py, `flask backup` / `flask restore`) on both engines.

The databases here are committed for real (a backup reads what other connections see): each
test migrates its own SQLite file or PostgreSQL schema (tests.conftest.migrated_engine).
"""

from __future__ import annotations

import sqlite3
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url

from ballot_service import create_app, db
from ballot_service.devtools import simulation
from ballot_service.ledger.entries import Entry, EventType
from ballot_service.ledger.proofs import verify_consistency
from ballot_service.ledger.tree import MerkleTree
from ballot_service.models import Ballot, LogEntry, Poll
from ballot_service.services import backup as backups
from ballot_service.services import export, ledger_log, voting
from tests.conftest import migrated_engine
from tests.helpers import ballot_for, open_poll_with_cards


def _app(engine: Engine, key_dir: Path, tmp: Path, url: str | None = None) -> Any:
    app = create_app(
        {
            "TESTING": True,
            "ENGINE": engine,
            "DATABASE_URL": url or engine.url.render_as_string(hide_password=False),
            "SECRET_KEY": "backup-" + "x" * 40,
            "KEYS_DIR": str(key_dir),
            "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
        }
    )
    app.instance_path = str(tmp)
    return app


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, key_dir: Path, tmp_path: Path) -> Iterator[Any]:
    """An app on a committed database of its own (the session bound to its engine)."""
    with migrated_engine(request.param, tmp_path) as engine:
        app = _app(engine, key_dir, tmp_path)
        db.bind(engine)
        ledger_log.forget_key()
        with app.app_context():
            yield app
        db.session.remove()


def _url(app: Any) -> str:
    return str(app.config["DATABASE_URL"])


def _empty_target(app: Any, tmp: Path, name: str = "restored") -> str:
    """An empty database to restore into: a new SQLite file, or — PostgreSQL restores into the
    schema it was taken from — the same schema dropped and created again, empty."""
    url = _url(app)
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp / name}.sqlite3"
    db.session.remove()
    schema = str(make_url(url).query["options"]).split("=", 1)[1]
    engine = create_engine(make_url(url).set(query={}))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return url


def _snapshot(url: str) -> list[dict[str, Any]]:
    """The logs' roots in the database at `url`."""
    engine = create_engine(url)
    with engine.connect() as connection:
        roots = backups.log_roots(connection)
    engine.dispose()
    return roots


def _records(app: Any) -> dict[int, bytes]:
    return {
        poll.id: export.export_record(poll)
        for poll in db.session.scalars(select(Poll)).all()
        if poll.state in ("tallied", "published")
    }


def test_restored_copy_has_same_roots_and_result(live: Any, key_dir: Path, tmp_path: Path) -> None:
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=5)
    db.session.commit()
    records = _records(live)
    assert outcome.poll_id in records
    made = backups.take_backup(_url(live), tmp_path / "backups")
    assert made.path.name.startswith("ballot-backup-") and made.path.stat().st_mode & 0o077 == 0
    before = _snapshot(_url(live))
    assert made.manifest["logs"] == before
    assert {log["size"] for log in before} != {0}
    for log in before:
        assert log["checkpoint_size"] == log["size"]
        assert log["checkpoint_root"] == log["root"]
    with tarfile.open(made.path) as archive:
        names = archive.getnames()
    assert not any(name.startswith("keys/") for name in names)

    target = _empty_target(live, tmp_path)
    backups.restore_backup(made.path, target)
    after = _snapshot(target)
    assert after == before
    engine = create_engine(target)
    db.bind(engine)
    try:
        with _app(engine, key_dir, tmp_path, target).app_context():
            assert _records(live) == records  # the same election record, byte for byte
    finally:
        db.session.remove()
        engine.dispose()


def test_restore_refuses_a_database_with_data_unless_forced(live: Any, tmp_path: Path) -> None:
    simulation.run(delegates=3, officials=1, trustees=3, threshold=2, seed=7)
    db.session.commit()
    made = backups.take_backup(_url(live), tmp_path / "b")
    runner = live.test_cli_runner()
    refused = runner.invoke(args=["restore", str(made.path)])
    assert refused.exit_code == 1
    assert "already holds data" in refused.output and "--force" in refused.output
    db.session.remove()
    forced = runner.invoke(args=["restore", str(tmp_path / "b"), "--force"])
    assert forced.exit_code == 0, forced.output
    assert made.path.name in forced.output
    assert _snapshot(_url(live)) == made.manifest["logs"]


def test_backup_command_satisfies_doctor_and_warns_about_keys(
    live: Any, key_dir: Path, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from ballot_service.services.doctor import LOCAL_TZ, check_backup

    folder = tmp_path / "usb"
    runner = live.test_cli_runner()
    plain = runner.invoke(args=["backup", str(folder)])
    assert plain.exit_code == 0, plain.output
    assert "not in this backup" in plain.output
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    assert check_backup(folder, _url(live), today).status == "ok"
    with_keys = runner.invoke(args=["backup", str(tmp_path / "k"), "--with-keys"])
    assert with_keys.exit_code == 0, with_keys.output
    assert "WARNING" in with_keys.output and "log signing key" in with_keys.output
    archive = next((tmp_path / "k").glob("*.tar.gz"))
    with tarfile.open(archive) as opened:
        assert "keys/log_signing_key.pem" in opened.getnames()
    # the keys come back only when asked, with mode 0600, and a different key is not replaced
    restored_keys = tmp_path / "restored-keys"
    target = _empty_target(live, tmp_path)
    backups.restore_backup(archive, target, keys_dir=restored_keys)
    key = restored_keys / "log_signing_key.pem"
    assert key.read_bytes() == (key_dir / "log_signing_key.pem").read_bytes()
    assert key.stat().st_mode & 0o777 == 0o600
    key.write_bytes(b"another key")
    target = _empty_target(live, tmp_path, "second")
    with pytest.raises(backups.BackupError, match="differs from the backup"):
        backups.restore_backup(archive, target, keys_dir=restored_keys, force=False)


def test_backup_during_casting_restores_a_prefix_of_the_later_log(
    live: Any, key_dir: Path, tmp_path: Path
) -> None:
    poll, tokens, _ = open_poll_with_cards(cards_issued=10)
    poll_id, log_id = poll.id, ledger_log.poll_log_id(poll)
    ballots = [ballot_for(poll, token) for token in tokens]
    db.session.commit()
    started = threading.Event()
    failures: list[BaseException] = []

    def cast_all() -> None:
        with live.app_context():
            try:
                for i, ballot in enumerate(ballots):
                    voting.cast(db.session.get(Poll, poll_id), ballot)
                    db.session.commit()
                    if i == 2:
                        started.set()
            except BaseException as error:  # the main thread reports it
                failures.append(error)
                started.set()
            finally:
                db.session.remove()

    caster = threading.Thread(target=cast_all)
    caster.start()
    assert started.wait(120)
    made = backups.take_backup(_url(live), tmp_path / "during")
    caster.join(300)
    assert not failures
    db.session.remove()
    final = MerkleTree(bytes(h) for h in ledger_log.leaf_hashes(log_id))
    assert db.session.scalar(select(Ballot.id).where(Ballot.poll_id == poll_id).limit(1))

    taken = next(log for log in made.manifest["logs"] if log["log_id"] == log_id)
    assert taken["checkpoint_size"] == taken["size"]  # a signed checkpoint ends the copy's log
    target = _empty_target(live, tmp_path)
    backups.restore_backup(made.path, target)
    restored = {log["log_id"]: log for log in _snapshot(target)}[log_id]
    assert restored == taken
    size = restored["size"]
    assert 0 < size <= final.size
    verify_consistency(
        size,
        final.size,
        final.consistency_proof(size),
        bytes.fromhex(restored["root"]),
        final.root(),
    )
    # the restored copy is itself consistent: one ballot row per ballot entry of its log
    engine = create_engine(target)
    with engine.connect() as connection:
        rows = connection.scalar(
            text("SELECT count(*) FROM ballots WHERE poll_id = :p"), {"p": poll_id}
        )
        entries = connection.scalars(select(LogEntry.leaf).where(LogEntry.log_id == log_id)).all()
    engine.dispose()
    assert rows == sum(Entry.decode(bytes(leaf)).type is EventType.BALLOT_CAST for leaf in entries)


def test_restore_refuses_other_engines_damage_and_missing_pg_dump(
    live: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = backups.take_backup(_url(live), tmp_path / "b")
    other = (
        "postgresql+psycopg://nobody@127.0.0.1:1/none"
        if _url(live).startswith("sqlite")
        else f"sqlite:///{tmp_path / 'x.sqlite3'}"
    )
    with pytest.raises(backups.BackupError, match="restore into the same engine"):
        backups.restore_backup(made.path, other)
    with pytest.raises(backups.BackupError, match="does not exist"):
        backups.take_backup(f"sqlite:///{tmp_path / 'none.sqlite3'}", tmp_path / "e")
    sqlite3.connect(tmp_path / "empty.sqlite3").close()
    with pytest.raises(backups.BackupError, match="has no schema"):
        backups.take_backup(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path / "e")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(backups.BackupError, match="is not a backup archive"):
        backups.restore_backup(junk, _url(live))
    if _url(live).startswith("postgresql"):
        monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on PATH
        with pytest.raises(backups.BackupError, match="pg_dump is not installed"):
            backups.take_backup(_url(live), tmp_path / "c")
        fake = tmp_path / "pg_dump"
        fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.1'\n")
        fake.chmod(0o755)
        with pytest.raises(backups.BackupError, match=r"pg_dump 9 cannot dump a PostgreSQL 1\d"):
            backups.take_backup(_url(live), tmp_path / "c")
