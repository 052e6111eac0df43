"""Flask commands: init-db, create-user, keys, demo, serve, doctor, simulate, export-record."""

from __future__ import annotations

import functools
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from . import cli_backup, db
from . import config as config_module
from .devtools import demo, simulation
from .devtools.sandbox import SandboxError, sandbox
from .ledger import keys as key_files
from .ledger.errors import KeyFileError
from .migrations import upgrade
from .record.codec import record_hash
from .rules.kinds import PollKind, codes
from .services import accounts, export, ledger_log, polls, verify_pool
from .services.errors import ServiceError

keys_cli = AppGroup("keys", help="The log signing key (Ed25519) under keys/.")


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    engine = db.session.get_bind()
    if not isinstance(engine, Engine):
        raise click.ClickException("the session is not bound to an engine")
    with engine.begin() as connection:
        upgrade(connection)
    click.echo(f"database ready: {engine.url.render_as_string(hide_password=True)}")


def _require_schema() -> None:
    """Stop with the command to run, rather than a database traceback, on a database that
    init-db has not prepared."""
    if "alembic_version" not in inspect(db.session.get_bind()).get_table_names():
        raise click.ClickException(
            "the database has no schema: run `flask --app ballot_service init-db` first"
        )


def _key_problem(error: Exception) -> click.ClickException:
    """A missing, unsafe or unreadable log signing key, with what to run instead."""
    path = _key_path()
    if not path.exists():
        hint = "create it with: flask --app ballot_service keys init"
    elif "chmod" in str(error):
        hint = ""  # the message already says which chmod to run
    else:
        hint = (
            "if the file is encrypted, set BALLOT_LOG_KEY_PASSPHRASE to its passphrase; "
            f"otherwise restore {path} from your backup (or move it away and run "
            "`flask --app ballot_service keys init` for a new key, then "
            "`flask --app ballot_service keys show`)"
        )
    return click.ClickException(f"{error}; {hint}" if hint else str(error))


def _require_private_files() -> None:
    """Stop when others may read the instance or keys folder or the database."""
    try:
        config_module.check_private_paths(current_app.extensions["ballot_settings"])
    except config_module.ConfigError as error:
        raise click.ClickException(str(error)) from error


def _require_log_key() -> None:
    """Stop on a missing or unsafe log signing key, saying how to make one."""
    try:
        ledger_log.signing_key()  # refuses a missing or world-readable key
    except (KeyFileError, PermissionError) as error:
        raise _key_problem(error) from error


def _explain_key_errors(command: click.Command) -> None:
    """Every command (and subcommand) answers a key file problem with a hint, not a traceback."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _explain_key_errors(sub)
    callback = command.callback
    if callback is None or getattr(callback, "explains_key_errors", False):
        return

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except KeyFileError as error:
            raise _key_problem(error) from error
        except PermissionError as error:
            if str(error.filename or "").startswith(str(_key_path().parent)):
                raise _key_problem(error) from error
            raise

    run.explains_key_errors = True  # type: ignore[attr-defined]
    command.callback = run


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "committee", "auditor"]), default="admin")
@click.option("--name", default="")
@click.password_option()
def create_user(username: str, role: str, name: str, password: str) -> None:
    """Create an account (the password is asked for, never echoed)."""
    _require_schema()
    try:
        accounts.create_user(username, password, role, name)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"created {role} account {username}")


def _key_path() -> Path:
    return Path(current_app.extensions["ballot_settings"].log_key_path)


def _passphrase() -> bytes | None:
    """BALLOT_LOG_KEY_PASSPHRASE, when set, encrypts the key file at rest."""
    passphrase: bytes | None = current_app.extensions["ballot_settings"].log_key_passphrase
    return passphrase


@keys_cli.command("init")
def keys_init() -> None:
    """Create the log signing key (mode 0600) unless it exists."""
    path = _key_path()
    # keys/ is the service's own folder (a fresh clone has it 0755): only its owner may enter.
    config_module.make_private_dir(path.parent)
    os.chmod(path.parent, 0o700)
    if path.exists():
        key_files.load_key_file(path, password=_passphrase())
        click.echo(f"key exists: {path}")
    else:
        key_files.generate_key_file(path, password=_passphrase())
        click.echo(f"created {path}")
    ledger_log.forget_key()
    click.echo(f"fingerprint: {ledger_log.key_fingerprint()}")


@keys_cli.command("show")
def keys_show() -> None:
    """Print the public key and its fingerprint."""
    key = ledger_log.signing_key()
    click.echo(f"file: {_key_path()}")
    click.echo(f"public key: {key_files.public_key_raw(key.public_key()).hex()}")
    click.echo(f"fingerprint: {ledger_log.key_fingerprint()}")


@keys_cli.command("rotate")
@click.option("--reason", default="scheduled rotation")
def keys_rotate(reason: str) -> None:
    """Make a new key; the old public key stays in the log (key_rotated entry).

    In the order of docs/LOG.md §8: the new key is written aside, the key_rotated entry is
    logged and committed with a checkpoint signed by the old key, and only then does the new
    file replace the old one. A running service notices the new file before it signs again.
    """
    _require_schema()  # before the key file changes: the rotation must reach the log
    _require_log_key()
    old = ledger_log.signing_key()
    staged = key_files.stage_rotation(_key_path(), password=_passphrase())
    try:
        # The announcement of the new key is signed by the old one, the last thing it signs.
        ledger_log.append_service(
            "key_rotated",
            {
                "old_fingerprint": key_files.fingerprint(old.public_key()),
                "new_fingerprint": key_files.fingerprint(staged.new_key.public_key()),
                "reason": reason,
            },
            signer=old,
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        key_files.abandon_rotation(staged)
        raise
    rotation = key_files.complete_rotation(staged, password=_passphrase())
    ledger_log.forget_key()
    click.echo(f"old public key kept at {rotation.old_public_key_path}")
    click.echo(f"new fingerprint: {ledger_log.key_fingerprint()}")


@click.command("demo")
@click.option("--password", default=None, help="the admin password (default: random, printed)")
def demo_command(password: str | None) -> None:
    """Seed the demo council once (idempotent) and print the first login."""
    _require_schema()
    _require_log_key()
    password = password or os.environ.get("BALLOT_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    created = demo.seed(password)
    db.session.commit()
    if created:  # shown once, never stored in clear: only its scrypt hash is kept
        seats = len(demo.COMMITTEE_DELEGATES)
        click.echo(f"demo council seeded; first login: admin / {password}")
        click.echo(
            "the same password opens the counting committee's accounts "
            f"kiemphieu1–kiemphieu{seats} and the auditor's account kiemtoan"
        )
    else:
        click.echo(
            "demo council present already (its password was shown when it was seeded; "
            "set BALLOT_DEMO_PASSWORD and start from an empty instance/ to choose one)"
        )


@click.command("serve")
@click.option("--host", default="127.0.0.1", help="without --lan: the address to bind")
@click.option("--port", default=5000, type=int, help="without --lan: the port")
@click.option(
    "--threads",
    default=32,
    type=click.IntRange(1, 256),
    show_default=True,
    help="serving threads: casts wait for the verification processes while pages go on",
)
@click.option(
    "--lan",
    is_flag=True,
    help="serve HTTPS on the laptop's hall addresses (and 127.0.0.1), with the local CA",
)
@click.option(
    "--address",
    "addresses",
    multiple=True,
    help="with --lan: an address to serve on (repeatable; default: found on the interfaces)",
)
@click.option("--https-port", default=8443, type=click.IntRange(1, 65535), show_default=True)
@click.option(
    "--http-port",
    default=8080,
    type=click.IntRange(0, 65535),
    show_default=True,
    help="the plain-HTTP set-up page and redirects (0: none)",
)
@click.option("--cert", type=click.Path(dir_okay=False, exists=True), help="your own certificate")
@click.option("--key", type=click.Path(dir_okay=False, exists=True), help="its private key")
@click.option(
    "--verify-processes",
    type=click.IntRange(0, 64),
    envvar="BALLOT_VERIFY_PROCESSES",
    help="worker processes that verify the cast ballots (default: one per core; 0: none, "
    "the serving thread verifies)",
)
def serve(
    host: str,
    port: int,
    threads: int,
    lan: bool,
    addresses: tuple[str, ...],
    https_port: int,
    http_port: int,
    cert: str | None,
    key: str | None,
    verify_processes: int | None,
) -> None:
    """Serve: with waitress on one address, or with --lan over HTTPS in the meeting hall."""
    _require_schema()
    _require_log_key()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # A hall's casts verify on every core (services/verify_pool.py); started before serving.
    verify_pool.start((os.cpu_count() or 1) if verify_processes is None else verify_processes)
    _enough_file_descriptors()
    if not lan:
        if cert or key or addresses:
            raise click.ClickException("--cert, --key and --address go with --lan")
        from waitress import serve as waitress_serve

        _require_private_files()
        click.echo(f"serving on http://{host}:{port}/")
        waitress_serve(app, host=host, port=port, **waitress_options(app, threads))
        return
    _require_private_files()
    _serve_lan(app, threads, addresses, https_port, http_port or None, cert, key)


def _serve_lan(
    app: Flask,
    threads: int,
    given: tuple[str, ...],
    https_port: int,
    http_port: int | None,
    cert: str | None,
    key: str | None,
) -> None:
    from .hall import addresses as hall_addresses
    from .hall import certs, store
    from .hall.certs import CertError
    from .hall.server import Hall, host_port

    if bool(cert) != bool(key):
        raise click.ClickException("--cert and --key go together")
    settings = app.extensions["ballot_settings"]
    try:
        found = hall_addresses.parse_addresses(given) if given else hall_addresses.lan_addresses()
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if not found:
        click.echo(
            "no hall network address found (is the Wi-Fi connected?): serving on 127.0.0.1 "
            "only; name one with --address",
            err=True,
        )
    addresses = [
        *found,
        *([hall_addresses.LOOPBACK] if hall_addresses.LOOPBACK not in found else []),
    ]
    now = datetime.now(UTC)
    try:
        if cert and key:
            served = store.own(Path(cert), Path(key), now)
        elif settings.tls_cert and settings.tls_key:
            served = store.own(settings.tls_cert, settings.tls_key, now)
        else:
            wanted = store.wanted_names(addresses, hall_addresses.host_names())
            served = store.ensure(settings.keys_dir, wanted, now)
    except CertError as error:
        raise click.ClickException(str(error)) from error
    for message in served.messages:
        click.echo(message)
    missing = [ip for ip in addresses if ip not in certs.names_of(served.cert).addresses]
    if missing and served.ca is None:
        raise click.ClickException(
            f"the certificate does not name {', '.join(map(str, missing))}: "
            "use a certificate for these addresses, or name others with --address"
        )
    if missing:  # the local CA certifies private addresses only: serve on the others
        click.echo(
            f"not serving on {', '.join(map(str, missing))}: outside the local CA's name "
            "constraints (private and loopback addresses only)",
            err=True,
        )
        addresses = [ip for ip in addresses if ip not in missing]
        found = [ip for ip in found if ip not in missing]
    app.config.update(
        HALL_HTTPS_PORT=https_port,
        HALL_HTTP_PORT=http_port,
        HALL_ADDRESSES=[str(ip) for ip in found],
        HALL_ADDRESSES_FIXED=bool(given),
        TLS_CERT_FILE=str(served.cert_path),
    )
    hall = Hall(
        app,
        served,
        addresses,
        https_port,
        http_port,
        threads,
        max_body=int(app.config["MAX_CONTENT_LENGTH"]),  # as waitress_options does
    )
    for ip in addresses:
        click.echo(f"serving on https://{host_port(str(ip), https_port)}/")
    if http_port and found:
        click.echo(f"tablet set-up page: http://{host_port(str(found[0]), http_port)}/setup")
    if served.ca is not None:
        click.echo(f"local CA fingerprint (SHA-256): {certs.fingerprint(served.ca)}")
        click.echo("  compare it on each tablet before installing the CA")
    else:
        click.echo(f"certificate: {served.cert_path} (your organisation's; no CA to install)")
    try:
        hall.run_forever()
    except OSError as error:
        raise click.ClickException(
            f"cannot listen: {error} (ports below 1024 need root; the defaults are 8443/8080)"
        ) from error


@click.command("doctor")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option(
    "--address",
    "addresses",
    multiple=True,
    help="the hall addresses the certificate must name (default: found on the interfaces)",
)
def doctor_command(lang: str, addresses: tuple[str, ...]) -> None:
    """The pre-session check: each line OK or what to do (exit 1 on a problem)."""
    from flask_babel import force_locale

    from .hall import addresses as hall_addresses
    from .services import doctor

    try:
        given = hall_addresses.parse_addresses(addresses) if addresses else None
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    marks = {"ok": "  OK  ", "warn": " WARN ", "fail": " FAIL "}
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.test_request_context("/"), force_locale(lang):
        checks = doctor.run_all(addresses=given)
        for check in checks:
            detail = f": {check.detail}" if str(check.detail) else ""
            click.echo(f"[{marks[check.status]}] {check.title}{detail}")
            if str(check.action):
                click.echo(f"         -> {check.action}")
    if any(check.status == "fail" for check in checks):
        raise SystemExit(1)


CONNECTION_LIMIT = 2000  # open connections waitress keeps (a hall of 500 tablets, and more)


def _enough_file_descriptors() -> None:
    """Raise this process's open-file limit towards what CONNECTION_LIMIT needs (a laptop's
    usual soft limit is 1024), as far as its hard limit allows."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTION_LIMIT + 256  # the database, the logs, the verification processes
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if ceiling > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


def waitress_options(app: Flask, threads: int = 8) -> dict[str, int | bool]:
    """waitress's settings: it refuses a body over Flask's limit before reading it (by default
    it would buffer up to 1 GiB first). Behind trusted proxies (BALLOT_TRUSTED_PROXIES) it keeps
    their X-Forwarded-* headers for the app's ProxyFix, which it would otherwise strip."""
    options: dict[str, int | bool] = {
        "threads": threads,
        "max_request_body_size": int(app.config["MAX_CONTENT_LENGTH"]),
        # Every tablet's browser keeps its connection open between requests: waitress's 100
        # connections (its default) would let 100 idle tablets shut out the rest of the hall,
        # the projector and the committee until they time out. poll(), not select(), which
        # fails past 1024 descriptors.
        "connection_limit": CONNECTION_LIMIT,
        "asyncore_use_poll": True,
    }
    if app.config.get("TRUSTED_PROXIES"):
        options["clear_untrusted_proxy_headers"] = False
    return options


@click.command("simulate")
@click.option("--delegates", "-d", default=35, type=click.IntRange(1, 2000))
@click.option("--officials", "-k", default=15, type=click.IntRange(1, 200))
@click.option("--trustees", "-n", default=7, type=click.IntRange(3, 50))
@click.option("--threshold", "-t", default=4, type=click.IntRange(2, 50))
@click.option("--absent", "-a", default=0, type=click.IntRange(0, 50))
@click.option("--kind", type=click.Choice(codes(PollKind)), default=PollKind.POLL.value)
@click.option("--seed", type=int, default=None, help="deterministic choices and nonces (tests)")
@click.option("--out", type=click.Path(dir_okay=False), required=True)
@click.option(
    "--database",
    default=None,
    metavar="URL",
    help="a database for the simulation (default: a throwaway SQLite file, deleted afterwards); "
    "never the service's own",
)
@click.option(
    "--keys-dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="where the simulation's own log signing key is kept (default: throwaway); "
    "never the service's key directory",
)
def simulate(
    delegates: int,
    officials: int,
    trustees: int,
    threshold: int,
    absent: int,
    kind: str,
    seed: int | None,
    out: str,
    database: str | None,
    keys_dir: Path | None,
) -> None:
    """Run a whole election through the services in a database of its own; write its record."""
    try:
        with sandbox(current_app._get_current_object(), database, keys_dir) as url:  # type: ignore[attr-defined]
            click.echo(f"simulating in {make_url(url).render_as_string(hide_password=True)}")
            try:
                outcome = simulation.run(
                    delegates=delegates,
                    officials=officials,
                    trustees=trustees,
                    threshold=threshold,
                    absent=absent,
                    kind=kind,
                    seed=seed,
                    progress=click.echo,
                )
            except (ValueError, ServiceError) as error:
                db.session.rollback()
                raise click.ClickException(str(error)) from error
            Path(out).write_bytes(export.export_record(polls.get_poll(outcome.poll_id)))
    except SandboxError as error:
        raise click.ClickException(str(error)) from error
    for label, rows in (("chosen", outcome.chosen), ("decrypted", outcome.decrypted)):
        click.echo(f"{label} totals (per official: counts per level | blank):")
        for i, (levels, blank) in enumerate(rows):
            click.echo(f"  {label} {i}: {' '.join(map(str, levels))} | {blank}")
    verdict = "match" if outcome.chosen == outcome.decrypted else "MISMATCH"
    click.echo(f"decrypted totals {verdict} the chosen ones; record written to {out}")
    if not database:
        click.echo("the throwaway database is deleted; the service's database was not touched")
    if verdict != "match":
        raise SystemExit(1)


@click.command("export-record")
@click.argument("poll_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False), required=True)
def export_record(poll_id: int, out: str) -> None:
    """Write a tallied poll's election record (checked by ballot-verify)."""
    _require_schema()
    try:
        data = export.export_record(polls.get_poll(poll_id))
    except ServiceError as error:
        raise click.ClickException(str(error)) from error
    Path(out).write_bytes(data)
    click.echo(f"wrote {out} ({len(data)} bytes, sha256 {record_hash(data)})")


def init_app(app: Flask) -> None:
    for command in (
        init_db,
        create_user,
        demo_command,
        serve,
        doctor_command,
        keys_cli,
        simulate,
        export_record,
        cli_backup.backup_command,
        cli_backup.restore_command,
    ):
        app.cli.add_command(command)
        _explain_key_errors(command)
