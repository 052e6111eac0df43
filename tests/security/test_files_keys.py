"""Files, keys and the log: the review's findings 10.20 and 10.21; issue 9.5's rotation order."""

from __future__ import annotations

import dataclasses
import http.client
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.config import ConfigError, check_private_paths
from ballot_service.ledger import checkpoint as cp
from ballot_service.ledger import keys as key_files
from ballot_service.models import Checkpoint, LogEntry
from ballot_service.services import ledger_log
from tests.helpers import make_user

FLASK = [sys.executable, "-m", "flask", "--app", "ballot_service"]
LOOSE_FOLDER, LOOSE_FILE, GROUP_FOLDER = 0o755, 0o644, 0o750  # modes the service must refuse


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(args, env, timeout=120, umask=0o022):
    return subprocess.run(
        [*FLASK, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=lambda: os.umask(umask),
    )


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'instance' / 'db.sqlite3'}",
        "BALLOT_KEYS_DIR": str(tmp_path / "keys"),
        "BALLOT_SECRET_KEY": "s" * 40,
    }


def test_new_folders_and_database_are_private_whatever_the_umask(tmp_path, fresh_env):
    """issue 10.20: under umask 022 instance/ was 755 and the database 644 (password hashes
    readable by every local user)."""
    (tmp_path / "keys").mkdir()
    os.chmod(tmp_path / "keys", LOOSE_FOLDER)  # as a fresh clone has it
    for command in (["init-db"], ["keys", "init"], ["demo", "--password", "demo-password-77"]):
        done = _run(command, fresh_env)
        assert done.returncode == 0, done.stderr
    database = tmp_path / "instance" / "db.sqlite3"
    assert _mode(tmp_path / "instance") == 0o700
    assert _mode(tmp_path / "keys") == 0o700
    assert _mode(database) == 0o600
    connection = sqlite3.connect(database)  # a writer makes the -wal and -shm files
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE probe (x)")
    try:
        for suffix in ("-wal", "-shm"):
            assert _mode(Path(f"{database}{suffix}")) == 0o600, suffix
    finally:
        connection.close()


def test_the_service_refuses_to_start_on_loose_modes(tmp_path, fresh_env):
    """issue 10.20: the service refuses to start, saying the chmod, when the folders or the
    database are open to others (as it does for the key file)."""
    for command in (["init-db"], ["keys", "init"]):
        assert _run(command, fresh_env).returncode == 0
    instance, database = tmp_path / "instance", tmp_path / "instance" / "db.sqlite3"
    cases = ((instance, LOOSE_FOLDER, "chmod 700"), (database, LOOSE_FILE, "chmod 600"))
    for path, loose, fix in cases:
        os.chmod(path, loose)
        done = _run(["serve", "--port", "1"], fresh_env, timeout=60)
        assert done.returncode != 0
        assert f"{fix} {path}" in done.stderr
        wsgi = subprocess.run(
            [sys.executable, "-c", "import ballot_service.wsgi"],
            env=fresh_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert wsgi.returncode != 0 and f"{fix} {path}" in wsgi.stderr
        os.chmod(path, 0o700 if path == instance else 0o600)


def test_private_path_check_names_every_loose_path(app, tmp_path):
    """issue 10.20: keys/ too, and the -wal/-shm files."""
    keys_dir, instance = tmp_path / "keys", tmp_path / "instance"
    for folder in (keys_dir, instance):
        folder.mkdir()
        os.chmod(folder, 0o700)
    database = instance / "db.sqlite3"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.touch()
        os.chmod(path, 0o600)
    settings = dataclasses.replace(
        app.extensions["ballot_settings"],
        database_url=f"sqlite:///{database}",
        keys_dir=keys_dir,
        instance_path=instance,
    )
    check_private_paths(settings)
    os.chmod(keys_dir, GROUP_FOLDER)
    os.chmod(Path(f"{database}-wal"), LOOSE_FILE)
    with pytest.raises(ConfigError) as refused:
        check_private_paths(settings)
    assert f"chmod 700 {keys_dir}" in str(refused.value)
    assert f"chmod 600 {database}-wal" in str(refused.value)


def test_a_running_service_signs_with_the_rotated_key(make_live_app, serve, tmp_path):
    """issue 10.21: `keys rotate` while the service ran had no effect: the running process
    kept signing with the cached old key."""
    keys_dir = tmp_path / "live-keys"
    old_key = key_files.generate_key_file(keys_dir / "log_signing_key.pem")
    app = make_live_app(
        KEYS_DIR=str(keys_dir), LOGIN_MAX_FAILURES_PER_USER=2, WTF_CSRF_ENABLED=False
    )
    with app.app_context():
        make_user("thuky", "admin")  # signs with the old key: the process holds it now
        assert ledger_log.key_fingerprint() == key_files.fingerprint(old_key.public_key())
        database_url = app.config["DATABASE_URL"]
        db.session.remove()
    site = serve(app)
    rotated = _run(
        ["keys", "rotate", "--reason", "thử khi dịch vụ đang chạy"],
        {
            **os.environ,
            "DATABASE_URL": database_url,
            "BALLOT_KEYS_DIR": str(keys_dir),
            "BALLOT_SECRET_KEY": "x" * 40,
        },
    )
    assert rotated.returncode == 0, rotated.stderr
    new_public = key_files.load_key_file(keys_dir / "log_signing_key.pem").public_key()
    # Two wrong passwords through the running server: the burst entry is signed now.
    host, port = site.split(":")
    for _ in range(2):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        body = urlencode({"username": "thuky", "password": "wrong password"})
        connection.request(
            "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert connection.getresponse().status == 401
        connection.close()
    with app.app_context():
        newest = db.session.scalar(
            select(Checkpoint)
            .where(Checkpoint.log_id == ledger_log.SERVICE_LOG)
            .order_by(Checkpoint.size.desc())
            .limit(1)
        )
        leaves = db.session.scalars(
            select(LogEntry.leaf).where(LogEntry.log_id == ledger_log.SERVICE_LOG)
        ).all()
        db.session.remove()
    assert b'"login_failure_burst"' in leaves[-1]
    cp.verify_checkpoint(cp.SignedCheckpoint.from_note(newest.body), new_public)


def test_rotation_is_logged_before_the_key_file_changes(app, runner, tmp_path):
    """issue 9.5 (docs/LOG.md §8): key_rotated is logged and signed with the old key before the
    file is replaced; when the entry cannot be logged, the key file stays as it was."""
    app.extensions["ballot_settings"] = dataclasses.replace(
        app.extensions["ballot_settings"],
        keys_dir=tmp_path,
        log_key_path=tmp_path / "log_signing_key.pem",
    )
    ledger_log.forget_key()
    assert runner.invoke(args=["keys", "init"]).exit_code == 0
    path = tmp_path / "log_signing_key.pem"
    before = path.read_bytes()
    old_public = key_files.load_key_file(path).public_key()
    # An empty reason is refused by the entry's schema: the log cannot say it, so no rotation.
    result = runner.invoke(args=["keys", "rotate", "--reason", ""])
    assert result.exit_code != 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log_signing_key.pem"]
    result = runner.invoke(args=["keys", "rotate", "--reason", "định kỳ"])
    assert result.exit_code == 0, result.output
    new_public = key_files.load_key_file(path).public_key()
    entry = db.session.scalars(
        select(LogEntry)
        .where(LogEntry.log_id == ledger_log.SERVICE_LOG)
        .order_by(LogEntry.seq.desc())
    ).first()
    assert b'"key_rotated"' in entry.leaf
    signed = db.session.scalar(
        select(Checkpoint).where(
            Checkpoint.log_id == ledger_log.SERVICE_LOG, Checkpoint.size == entry.seq + 1
        )
    )
    cp.verify_checkpoint(cp.SignedCheckpoint.from_note(signed.body), old_public)
    assert key_files.fingerprint(new_public).encode() in entry.leaf
