"""Tampering with the database behind the service's back is caught by ballot-verify.

The append-only triggers are switched off inside the test's transaction (as an attacker with the
database's owner rights could), rows are deleted, edited or reordered, and the exported record
must then fail verification; a truncated log must fail against a checkpoint saved earlier.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import APPEND_ONLY_TABLES
from ballot_service.services import export, ledger_log, lifecycle, polls
from ballot_service.verifier.cli import main as ballot_verify


@pytest.fixture
def election(app):
    outcome = simulation.run(delegates=5, officials=2, trustees=3, threshold=2, seed=11)
    return polls.get_poll(outcome.poll_id)


def _without_triggers() -> None:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        for table in APPEND_ONLY_TABLES:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    else:
        for table in APPEND_ONLY_TABLES:
            for action in ("update", "delete"):
                connection.execute(text(f"DROP TRIGGER {table}_no_{action}"))


def _verify(poll, tmp_path: Path, *extra: str) -> int:
    db.session.expire_all()
    path = tmp_path / "record.zip"
    path.write_bytes(export.export_record(poll))
    return ballot_verify([str(path), "--jobs", "1", "--quiet", *extra])


def _log(poll) -> str:
    return ledger_log.poll_log_id(poll)


def test_untouched_record_verifies(election, tmp_path):
    assert _verify(election, tmp_path) == 0


def test_deleted_log_entry_is_caught(election, tmp_path):
    _without_triggers()
    db.session.execute(
        text("DELETE FROM log_entries WHERE log_id = :log AND seq = 3"), {"log": _log(election)}
    )
    assert _verify(election, tmp_path) == 1


def test_edited_log_entry_is_caught(election, tmp_path):
    _without_triggers()
    rows = db.session.execute(
        text("SELECT id, leaf FROM log_entries WHERE log_id = :log"), {"log": _log(election)}
    ).all()
    row = next(r for r in rows if b'"ballot_cast"' in bytes(r.leaf))
    leaf = bytes(row.leaf)
    code_at = leaf.index(b'"tracking_code":"') + len(b'"tracking_code":"')
    forged = (
        leaf[:code_at]
        + (b"0" if leaf[code_at : code_at + 1] != b"0" else b"1")
        + leaf[code_at + 1 :]
    )
    db.session.execute(
        text("UPDATE log_entries SET leaf = :leaf WHERE id = :id"), {"leaf": forged, "id": row.id}
    )
    assert _verify(election, tmp_path) == 1


def test_reordered_log_entries_are_caught(election, tmp_path):
    _without_triggers()
    params = {"log": _log(election)}
    db.session.execute(
        text("UPDATE log_entries SET seq = -1 WHERE log_id = :log AND seq = 4"), params
    )
    db.session.execute(
        text("UPDATE log_entries SET seq = 4 WHERE log_id = :log AND seq = 5"), params
    )
    db.session.execute(
        text("UPDATE log_entries SET seq = 5 WHERE log_id = :log AND seq = -1"), params
    )
    assert _verify(election, tmp_path) == 1


def test_deleted_ballot_is_caught(election, tmp_path):
    _without_triggers()
    db.session.execute(
        text("DELETE FROM ballots WHERE id = (SELECT min(id) FROM ballots WHERE poll_id = :poll)"),
        {"poll": election.id},
    )
    assert _verify(election, tmp_path) == 1


def test_truncated_log_is_caught_against_a_checkpoint_seen_before(election, tmp_path, capsys):
    early = tmp_path / "early.zip"
    early.write_bytes(export.export_record(election))
    first_seen = ledger_log.latest_checkpoint(_log(election)).body
    lifecycle.transition(election, "published")  # the log grows: state_changed, published
    later_seen = tmp_path / "witness-checkpoint.txt"
    later_seen.write_text(ledger_log.latest_checkpoint(_log(election)).body)
    (tmp_path / "first.txt").write_text(first_seen)
    assert _verify(election, tmp_path, "--checkpoint", str(later_seen)) == 0
    assert _verify(election, tmp_path, "--checkpoint", str(tmp_path / "first.txt")) == 0
    # A record whose log stops before a checkpoint a witness holds is a truncated log.
    assert (
        ballot_verify([str(early), "--quiet", "--jobs", "1", "--checkpoint", str(later_seen)]) == 1
    )
    assert "điểm kiểm tra đã lưu" in capsys.readouterr().out  # the reason, in Vietnamese
