"""The flask commands: keys, demo, export and simulate."""

from __future__ import annotations

import os
import re
import stat

from sqlalchemy import func, select

from ballot_service import db
from ballot_service.ledger import keys as key_files
from ballot_service.models import Council, LogEntry, User
from ballot_service.services import ledger_log


def _fresh_keys(app, tmp_path):
    app.extensions["ballot_settings"] = type(app.extensions["ballot_settings"])(
        database_url=app.extensions["ballot_settings"].database_url,
        keys_dir=tmp_path,
        log_key_path=tmp_path / "log_signing_key.pem",
    )
    ledger_log.forget_key()


def test_keys_init_show_rotate(app, runner, tmp_path):
    _fresh_keys(app, tmp_path)
    result = runner.invoke(args=["keys", "init"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "log_signing_key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = ledger_log.key_fingerprint()
    assert first in result.output
    assert "created" not in runner.invoke(args=["keys", "init"]).output  # idempotent
    assert first in runner.invoke(args=["keys", "show"]).output
    result = runner.invoke(args=["keys", "rotate", "--reason", "thử xoay khóa"])
    assert result.exit_code == 0, result.output
    second = ledger_log.key_fingerprint()
    assert second != first
    retired = list(tmp_path.glob("log_signing_key.pem.retired-*.pub.pem"))
    assert len(retired) == 1
    assert key_files.fingerprint(key_files.load_public_key_pem(retired[0].read_bytes())) == first
    leaf = db.session.scalars(select(LogEntry.leaf).order_by(LogEntry.id.desc())).first()
    assert b'"key_rotated"' in leaf and first.encode() in leaf and second.encode() in leaf


def test_world_readable_key_is_refused(app, runner, tmp_path):
    _fresh_keys(app, tmp_path)
    runner.invoke(args=["keys", "init"])
    os.chmod(tmp_path / "log_signing_key.pem", 0o644)
    ledger_log.forget_key()
    result = runner.invoke(args=["serve", "--port", "1"])
    assert result.exit_code != 0
    assert "chmod 600" in result.output
    assert app.test_client().get("/healthz").status_code == 503


def test_missing_key_is_refused(app, runner, tmp_path):
    _fresh_keys(app, tmp_path)
    result = runner.invoke(args=["serve", "--port", "1"])
    assert result.exit_code != 0
    assert "keys init" in result.output
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "ok"


def test_demo_is_seeded_once(app, runner):
    result = runner.invoke(args=["demo", "--password", "demo-password-123"])
    assert result.exit_code == 0, result.output
    # the one password printed opens every seeded account, and the output says which ones
    assert "admin / demo-password-123" in result.output
    assert "kiemphieu1–kiemphieu7" in result.output and "kiemtoan" in result.output
    client = app.test_client()
    for username in ("kiemphieu1", "kiemphieu7", "kiemtoan"):
        login = client.post("/login", data={"username": username, "password": "demo-password-123"})
        assert login.status_code == 302, username
        client.post("/logout")
    council = db.session.scalar(select(Council))
    assert len(council.delegates) == 50
    assert len(council.officials) == 29
    assert {o.bloc for o in council.officials} == {"council", "peoples_committee"}
    members = db.session.scalars(select(User).where(User.role == "committee")).all()
    assert len(members) == 7
    assert all(m.delegate_id for m in members)
    again = runner.invoke(args=["demo", "--password", "demo-password-123"])
    assert "present already" in again.output
    assert len(db.session.scalars(select(Council)).all()) == 1


SIMULATE = ["simulate", "-d", "5", "-k", "2", "-n", "3", "-t", "2", "-a", "1", "--seed", "3"]


def _rows():
    return [
        db.session.scalar(select(func.count()).select_from(table))
        for table in (Council, User, LogEntry)
    ]


def test_simulate_uses_a_throwaway_database(app, runner, tmp_path):
    before = _rows()
    out = tmp_path / "sim.record"
    result = runner.invoke(args=[*SIMULATE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "match the chosen" in result.output
    chosen = re.findall(r"^  chosen \d+: (.*)$", result.output, re.M)
    decrypted = re.findall(r"^  decrypted \d+: (.*)$", result.output, re.M)
    assert chosen and chosen == decrypted
    assert out.stat().st_size > 0
    assert _rows() == before  # no made-up council, account or log entry in the service's database
    assert "service's database was not touched" in result.output


def test_simulate_into_a_chosen_database_then_export(app, runner, tmp_path):
    from ballot_service.services import export, polls

    url = f"sqlite:///{tmp_path / 'sim.sqlite3'}"
    out = tmp_path / "sim.record"
    before = _rows()
    keys = tmp_path / "simulation-keys"
    result = runner.invoke(
        args=[*SIMULATE, "--out", str(out), "--database", url, "--keys-dir", str(keys)]
    )
    assert result.exit_code == 0, result.output
    assert _rows() == before
    poll_id = int(result.output.split("poll ", 1)[1].split(":", 1)[0])
    _fresh_keys(app, keys)  # export with the simulation's own key, as the log was signed with it
    saved = dict(db.session.session_factory.kw)
    engine = db.make_engine(url)
    db.bind(engine)
    try:
        assert len(db.session.scalars(select(Council)).all()) == 1
        again = export.export_record(polls.get_poll(poll_id))
    finally:
        db.session.remove()
        db.session.configure(**saved)
        engine.dispose()
    assert again == out.read_bytes()  # the record is reproducible byte for byte


def test_simulate_refuses_the_services_database(app, runner, tmp_path):
    before = _rows()
    url = app.extensions["ballot_settings"].database_url
    result = runner.invoke(args=[*SIMULATE, "--out", str(tmp_path / "x"), "--database", url])
    assert result.exit_code == 1
    assert "service's own database" in result.output
    assert _rows() == before
    assert not (tmp_path / "x").exists()


def test_export_refuses_an_untallied_poll(app, runner, tmp_path):
    from tests.helpers import make_poll

    poll = make_poll()
    result = runner.invoke(args=["export-record", str(poll.id), "--out", str(tmp_path / "x")])
    assert result.exit_code != 0


def test_passphrase_encrypts_the_key_at_rest(app, runner, tmp_path):
    _fresh_keys(app, tmp_path)
    settings = app.extensions["ballot_settings"]
    app.extensions["ballot_settings"] = type(settings)(
        database_url=settings.database_url,
        keys_dir=tmp_path,
        log_key_path=tmp_path / "log_signing_key.pem",
        log_key_passphrase=b"mat khau kho doan",
    )
    assert runner.invoke(args=["keys", "init"]).exit_code == 0
    pem = (tmp_path / "log_signing_key.pem").read_bytes()
    assert b"ENCRYPTED" in pem
    assert ledger_log.key_fingerprint()
    app.extensions["ballot_settings"] = type(settings)(
        database_url=settings.database_url,
        keys_dir=tmp_path,
        log_key_path=tmp_path / "log_signing_key.pem",
        log_key_passphrase=b"wrong",
    )
    ledger_log.forget_key()
    result = runner.invoke(args=["serve", "--port", "1"])
    assert result.exit_code != 0


def test_commands_on_a_database_without_schema_say_to_run_init_db(tmp_path):
    from ballot_service import create_app

    empty = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
            "SECRET_KEY": "test-" + "x" * 40,
            "KEYS_DIR": str(tmp_path / "keys"),
        }
    )
    empty.instance_path = str(tmp_path)
    with empty.app_context():
        runner = empty.test_cli_runner()
        assert runner.invoke(args=["keys", "init"]).exit_code == 0  # needs no database
        for args in (
            ["export-record", "1", "--out", str(tmp_path / "r.zip")],
            ["demo", "--password", "demo-password-123"],
            ["create-user", "someone", "--password", "a-long-password-1"],
            ["keys", "rotate"],
            ["serve", "--port", "1"],
        ):
            result = runner.invoke(args=args)
            assert result.exit_code == 1, (args, result.output)
            assert "no schema: run `flask --app ballot_service init-db` first" in result.output
            assert "Traceback" not in result.output
        assert not (tmp_path / "r.zip").exists()
        assert len(list((tmp_path / "keys").glob("*.retired-*"))) == 0  # rotate changed nothing
        assert runner.invoke(args=["init-db"]).exit_code == 0
        result = runner.invoke(args=["demo", "--password", "demo-password-123"])
        assert result.exit_code == 0, result.output


KEYED_COMMANDS = [
    ["keys", "show"],
    ["keys", "rotate"],
    ["demo", "--password", "demo-password-123"],
    ["serve", "--port", "1"],
    ["create-user", "someone", "--role", "auditor", "--password", "a long password 1"],
]


def _explained(result, *words):
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


def test_every_command_explains_a_missing_key(app, runner, tmp_path):
    _fresh_keys(app, tmp_path)
    for args in KEYED_COMMANDS:
        ledger_log.forget_key()
        result = runner.invoke(args=args)
        _explained(result, "does not exist", "keys init")


def test_every_command_explains_an_unreadable_key(app, runner, tmp_path):
    _fresh_keys(app, tmp_path)
    path = tmp_path / "log_signing_key.pem"
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    path.chmod(0o600)
    for args in [["keys", "init"], *KEYED_COMMANDS]:
        ledger_log.forget_key()
        result = runner.invoke(args=args)
        _explained(result, "not a readable PEM", "BALLOT_LOG_KEY_PASSPHRASE", "keys init")
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\nnot a key")  # untouched
