"""The pre-session check (`flask doctor` and the secretariat's page): each line OK or what to do.

Read-only: it opens files and the database, never changes them. Each check takes what it looks
at as arguments, so a test can introduce the problem and see the line report it.
"""

from __future__ import annotations

import contextlib
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Connection, Engine, inspect, select, text

from .. import config as config_module
from .. import db
from ..hall import addresses as hall_addresses
from ..hall import certs, clock, store
from ..hall.certs import IPAddress
from ..ledger import keys as key_files
from ..ledger.checkpoint import SignedCheckpoint, verify_checkpoint
from ..ledger.errors import LedgerError
from ..ledger.hasher import hash_leaf
from ..ledger.tree import MerkleTree
from ..models import Checkpoint, Log, LogEntry

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One line: what was checked, how it stands, what was found and what to do about it."""

    topic: str  # keys, database, disk, clock, certificate, log, backup
    status: Status
    title: Any  # a (lazy) translated string
    detail: Any = ""
    action: Any = ""


def _ok(topic: str, title: Any, detail: Any = "") -> Check:
    return Check(topic, Status.OK, title, detail)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- key files ---------------------------------------------------------------------------------


def _private_file(topic: str, title: Any, path: Path) -> Check:
    if not path.is_file():
        return Check(topic, Status.FAIL, title, _l("%(path)s is missing.", path=path))
    mode = _mode(path)
    if mode & 0o077:
        return Check(
            topic,
            Status.FAIL,
            title,
            _l(
                "%(path)s has mode %(mode)s: others can read it.",
                path=path,
                mode=format(mode, "04o"),
            ),
            _l("Run: chmod 600 %(path)s", path=path),
        )
    return _ok(topic, title, f"{path} ({mode:04o})")


def check_keys(
    log_key: Path, passphrase: bytes | None, keys_dir: Path, tls_key: Path | None
) -> list[Check]:
    """The log signing key and the TLS keys: present, mode 0600, in a 0700 folder."""
    title = _l("Log signing key")
    lines = []
    if not log_key.is_file():
        lines.append(
            Check(
                "keys",
                Status.FAIL,
                title,
                _l("%(path)s is missing.", path=log_key),
                _l("Run: flask --app ballot_service keys init"),
            )
        )
    else:
        line = _private_file("keys", title, log_key)
        if line.status is Status.OK:
            try:
                key_files.load_key_file(log_key, password=passphrase)
            except LedgerError as error:
                line = Check(
                    "keys",
                    Status.FAIL,
                    title,
                    str(error),
                    _l("Check BALLOT_LOG_KEY_PASSPHRASE, or restore the key from its backup."),
                )
        lines.append(line)
    folder = store.tls_dir(keys_dir)
    tls_keys = [folder / store.CA_KEY, folder / store.SERVER_KEY] if folder.is_dir() else []
    if folder.is_dir() and _mode(folder) & 0o077:
        lines.append(
            Check(
                "keys",
                Status.FAIL,
                _l("Certificate keys folder"),
                _l("%(path)s has mode %(mode)s.", path=folder, mode=format(_mode(folder), "04o")),
                _l("Run: chmod 700 %(path)s", path=folder),
            )
        )
    if tls_key is not None:
        tls_keys = [tls_key]
    for path in tls_keys:
        if path.exists() or tls_key is not None:
            lines.append(_private_file("keys", _l("Certificate key"), path))
    return lines


def check_private_paths(settings: Any) -> Check:
    """The instance folder, the keys folder and the SQLite database: no access for others (the
    same rule `serve` refuses to start without)."""
    title = _l("Private folders and database")
    try:
        config_module.check_private_paths(settings)
    except config_module.ConfigError as error:
        return Check("keys", Status.FAIL, title, str(error), _l("Run the chmod commands shown."))
    return _ok("keys", title)


# -- database ----------------------------------------------------------------------------------


def check_database(bind: Engine | Connection) -> list[Check]:
    """SQLite: WAL, synchronous=FULL, foreign keys; PostgreSQL: it answers. Both: the schema."""
    title = _l("Database")
    try:
        if isinstance(bind, Engine):
            with bind.connect() as connection:
                return _database_lines(connection)
        return _database_lines(bind)
    except Exception as error:
        return [
            Check(
                "database",
                Status.FAIL,
                title,
                _l("The database does not answer: %(error)s", error=type(error).__name__),
                _l("Check DATABASE_URL and that the database server is running."),
            )
        ]


def _database_lines(connection: Connection) -> list[Check]:
    lines = []
    name = connection.dialect.name
    version = connection.execute(
        text("SELECT sqlite_version()" if name == "sqlite" else "SHOW server_version")
    ).scalar()
    if "alembic_version" not in inspect(connection).get_table_names():
        lines.append(
            Check(
                "database",
                Status.FAIL,
                _l("Database"),
                _l("The database has no schema."),
                _l("Run: flask --app ballot_service init-db"),
            )
        )
    else:
        lines.append(_ok("database", _l("Database"), f"{name} {version}"))
    if name != "sqlite":
        return lines
    journal = str(connection.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()
    synchronous = int(connection.exec_driver_sql("PRAGMA synchronous").scalar() or 0)
    foreign = int(connection.exec_driver_sql("PRAGMA foreign_keys").scalar() or 0)
    fix = _l(
        "Start the service with ./scripts/run or flask serve, which set it on every connection."
    )
    for good, title, found in (
        (journal == "wal", _l("SQLite journal (WAL)"), journal),
        (synchronous >= 2, _l("SQLite synchronous=FULL"), str(synchronous)),
        (foreign == 1, _l("SQLite foreign keys"), str(foreign)),
    ):
        if good:
            lines.append(_ok("database", title, found))
        else:
            lines.append(
                Check("database", Status.FAIL, title, _l("found: %(value)s", value=found), fix)
            )
    return lines


# -- disk --------------------------------------------------------------------------------------


def check_disk(path: Path, min_free: int) -> Check:
    title = _l("Free disk space")
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    detail = _l("%(free)s MiB free at %(path)s", free=format(free // 2**20, ","), path=probe)
    if free < min_free:
        return Check(
            "disk",
            Status.WARN if free >= min_free // 10 else Status.FAIL,
            title,
            detail,
            _l("Free some space (at least %(need)s MiB).", need=format(min_free // 2**20, ",")),
        )
    return _ok("disk", title, detail)


# -- clock -------------------------------------------------------------------------------------


def _seconds(delta: timedelta) -> str:
    return f"{delta.total_seconds():+.0f} s"


def check_clock(instance: Path, now: datetime) -> Check:
    """The laptop's clock against those the browsers reported on the set-up page."""
    title = _l("Clock")
    local = now.astimezone(LOCAL_TZ).strftime("%H:%M:%S %d/%m/%Y")
    reports = clock.recent(instance, now)
    drift = clock.compare(reports)
    if drift.count == 0:
        return Check(
            "clock",
            Status.WARN,
            title,
            _l("Laptop: %(time)s. No browser has reported its time yet.", time=local),
            _l(
                "Open the set-up page (/setup) on the committee's computers and a few tablets, "
                "then run the check again."
            ),
        )
    detail = _l(
        "Laptop: %(time)s; %(n)s devices reported (%(staff)s of them logged-in committee or "
        "secretariat computers), median difference %(median)s.",
        time=local,
        n=drift.count,
        staff=drift.staff,
        median=_seconds(drift.median),
    )
    if drift.laptop_suspect:
        if drift.staff:
            action = _l(
                "The committee's and secretariat's computers differ from the laptop by more "
                "than 2 minutes: set the laptop's clock (e.g. sudo date -s 'HH:MM') before the "
                "session; it stamps every checkpoint and the minutes."
            )
        else:  # only tablets, which anyone on the Wi-Fi can pretend to be: a hint, not a verdict
            action = _l(
                "The tablets that reported differ from the laptop by more than 2 minutes, and "
                "no logged-in committee or secretariat computer has reported yet. Open the "
                "set-up page on one logged in, and check the laptop's clock against a watch "
                "before you change it (e.g. sudo date -s 'HH:MM'); it stamps every checkpoint "
                "and the minutes."
            )
        return Check("clock", Status.WARN, title, detail, action)
    if drift.off:
        devices = "; ".join(f"{r.agent or r.who} {_seconds(r.drift)}" for r in drift.off[:5])
        return Check(
            "clock",
            Status.WARN,
            title,
            _l(
                "%(detail)s Off by more than 2 minutes: %(devices)s", detail=detail, devices=devices
            ),
            _l("Set the clock of these devices (the laptop agrees with the others)."),
        )
    return _ok("clock", title, detail)


# -- certificate -------------------------------------------------------------------------------


def check_certificate(
    cert_path: Path,
    key_path: Path,
    ca: Any,
    addresses: Iterable[IPAddress],
    now: datetime,
    own: bool,
) -> list[Check]:
    """The HTTPS certificate: readable, its key, valid now and for a while, names the laptop's
    current addresses, and (local CA) issued by the CA the tablets installed."""
    title = _l("HTTPS certificate")
    renew = (
        _l("Ask for a new certificate from whoever issued it.")
        if own
        else _l("Restart with ./scripts/run --lan (it renews the certificate).")
    )
    if not cert_path.is_file():
        return [
            Check(
                "certificate",
                Status.WARN,
                title,
                _l("No certificate at %(path)s.", path=cert_path),
                _l("Start with ./scripts/run --lan: it creates the hall's certificates."),
            )
        ]
    try:
        cert = store.load_cert(cert_path)
    except (OSError, ValueError) as error:
        return [Check("certificate", Status.FAIL, title, str(error), renew)]
    lines = []
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    valid = _l(
        "valid %(start)s to %(end)s", start=start.strftime("%Y-%m-%d"), end=end.strftime("%Y-%m-%d")
    )
    if not start <= now <= end:
        lines.append(Check("certificate", Status.FAIL, title, valid, renew))
    elif now + certs.RENEW_BEFORE > end:
        lines.append(Check("certificate", Status.WARN, title, valid, renew))
    else:
        lines.append(_ok("certificate", title, valid))
    try:
        key = store.load_key(key_path)
        matches = certs.key_matches(cert, key)
    except (OSError, ValueError):
        matches = False
    if not matches:
        lines.append(
            Check(
                "certificate",
                Status.FAIL,
                _l("Certificate key"),
                _l("%(path)s is missing or is not the certificate's key.", path=key_path),
                renew,
            )
        )
    names = certs.names_of(cert)
    missing = [ip for ip in addresses if ip not in names.addresses]
    where = _l("Certificate addresses")
    if missing:
        lines.append(
            Check(
                "certificate",
                Status.FAIL,
                where,
                _l(
                    "The laptop's address %(missing)s is not in the certificate (%(names)s).",
                    missing=", ".join(map(str, missing)),
                    names=certs.describe(names),
                ),
                renew,
            )
        )
    else:
        lines.append(_ok("certificate", where, certs.describe(names)))
    if ca is not None:
        ca_title = _l("Local certificate authority")
        if not certs.issued_by(cert, ca):
            lines.append(
                Check(
                    "certificate",
                    Status.FAIL,
                    ca_title,
                    _l("The certificate was not issued by the local CA the tablets installed."),
                    renew,
                )
            )
        elif not ca.not_valid_before_utc <= now <= ca.not_valid_after_utc:
            lines.append(
                Check(
                    "certificate",
                    Status.FAIL,
                    ca_title,
                    _l("The local CA has expired."),
                    _l(
                        "Move keys/tls/ away, restart with --lan and install the new CA on "
                        "every tablet."
                    ),
                )
            )
        else:
            lines.append(_ok("certificate", ca_title, certs.fingerprint(ca)))
    return lines


# -- the logs ----------------------------------------------------------------------------------


def log_public_keys(log_key: Path, passphrase: bytes | None) -> list[Any]:
    """The log's current public key and the retired ones kept beside it."""
    found = []
    with contextlib.suppress(LedgerError, OSError, ValueError):
        found.append(key_files.load_key_file(log_key, password=passphrase).public_key())
    for retired in sorted(log_key.parent.glob(f"{log_key.name}.retired-*.pub.pem")):
        try:
            found.append(key_files.load_public_key_pem(retired.read_bytes()))
        except (LedgerError, OSError, ValueError):
            continue
    return found


def verify_log(log: Log, public_keys: list[Any]) -> str | None:
    """Recompute the log's leaf hashes and root and check them against its latest signed
    checkpoint; None when all agree, else what does not."""
    rows = db.session.execute(
        select(LogEntry.seq, LogEntry.leaf, LogEntry.leaf_hash)
        .where(LogEntry.log_id == log.id)
        .order_by(LogEntry.seq)
    ).all()
    for index, (seq, leaf, leaf_hash) in enumerate(rows):
        if seq != index:
            return f"entry {index} is missing (found {seq})"
        if hash_leaf(bytes(leaf)) != bytes(leaf_hash):
            return f"entry {seq}: its content does not match its leaf hash"
    if len(rows) != log.size:
        return f"the head says {log.size} entries, the table holds {len(rows)}"
    latest = db.session.scalar(
        select(Checkpoint)
        .where(Checkpoint.log_id == log.id)
        .order_by(Checkpoint.size.desc())
        .limit(1)
    )
    if latest is None:
        return None if not rows else "no signed checkpoint"
    if latest.size != log.size:
        return f"the latest checkpoint covers {latest.size} of {log.size} entries"
    try:
        signed = SignedCheckpoint.from_note(latest.body)
    except LedgerError as error:
        return f"checkpoint {latest.size}: {error}"
    if not any(_verifies(signed, key, log.id) for key in public_keys):
        return f"checkpoint {latest.size}: no log key verifies its signature"
    root = MerkleTree([bytes(r.leaf_hash) for r in rows]).root(latest.size)
    if root != signed.checkpoint.root or root != bytes(latest.root):
        return f"checkpoint {latest.size}: the recomputed root differs from the signed one"
    return None


def _verifies(signed: SignedCheckpoint, key: Any, log_id: str) -> bool:
    try:
        verify_checkpoint(signed, key, log_id=log_id)
    except LedgerError:
        return False
    return True


def check_logs(public_keys: list[Any]) -> Check:
    title = _l("Result logs")
    try:
        logs = db.session.scalars(select(Log).order_by(Log.id)).all()
    except Exception as error:
        return Check("log", Status.FAIL, title, type(error).__name__, _l("Fix the database first."))
    for log in logs:
        problem = verify_log(log, public_keys)
        if problem is not None:
            return Check(
                "log",
                Status.FAIL,
                title,
                f"{log.id}: {problem}",
                _l(
                    "Stop: the log does not verify. Do not open a poll; restore the database "
                    "from the latest backup and call the technical support."
                ),
            )
    return _ok(
        "log",
        title,
        _l("%(n)s logs: every root matches its latest signed checkpoint.", n=len(logs)),
    )


# -- backup ------------------------------------------------------------------------------------


def _backup_how(database_url: str, folder: str) -> Any:
    """The command that takes a backup `check_backup` accepts (services/backup.py: SQLite's
    online backup or pg_dump, whichever `database_url` names)."""
    del database_url  # the same command on both engines
    return _l("Make one with: flask --app ballot_service backup %(dir)s", dir=folder)


def check_backup(backup_dir: Path | None, database_url: str, today: date) -> Check:
    """A file in the backup folder written today (local date)."""
    title = _l("Backup")
    if backup_dir is None:
        return Check(
            "backup",
            Status.WARN,
            title,
            _l("No backup folder is configured (BALLOT_BACKUP_DIR)."),
            _l(
                "Set BALLOT_BACKUP_DIR to a folder on a USB drive. %(how)s",
                how=_backup_how(database_url, "$BALLOT_BACKUP_DIR"),
            ),
        )
    if not backup_dir.is_dir():
        return Check(
            "backup",
            Status.FAIL,
            title,
            _l("The backup folder %(path)s does not exist.", path=backup_dir),
            _l("Plug in the backup drive or correct BALLOT_BACKUP_DIR."),
        )
    latest: tuple[datetime, Path] | None = None
    for path in backup_dir.iterdir():
        if path.is_file() and path.stat().st_size > 0:
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC).astimezone(LOCAL_TZ)
            if latest is None or when > latest[0]:
                latest = (when, path)
    if latest is None or latest[0].date() != today:
        found = (
            _l(
                "latest: %(name)s, %(when)s",
                name=latest[1].name,
                when=latest[0].strftime("%d/%m/%Y %H:%M"),
            )
            if latest
            else _l("the folder is empty")
        )
        return Check(
            "backup",
            Status.WARN,
            title,
            _l("No backup taken today in %(path)s (%(found)s).", path=backup_dir, found=found),
            _backup_how(database_url, str(backup_dir)),
        )
    return _ok("backup", title, f"{latest[1].name}, {latest[0]:%H:%M}")


# -- all together ------------------------------------------------------------------------------


def run_all(now: datetime | None = None, addresses: list[IPAddress] | None = None) -> list[Check]:
    """Every check, for the running app's settings."""
    now = now or datetime.now(UTC)
    settings = current_app.extensions["ballot_settings"]
    config = current_app.config
    own = settings.tls_cert is not None
    folder = store.tls_dir(settings.keys_dir)
    cert_path = settings.tls_cert or folder / store.SERVER_CERT
    key_path = settings.tls_key or folder / store.SERVER_KEY
    if addresses is None:
        # Served on addresses named by hand (--address): those; else what the interfaces have
        # now (an address that changed since start-up is then reported: restart to renew).
        fixed = config.get("HALL_ADDRESSES_FIXED") and config.get("HALL_ADDRESSES")
        addresses = (
            hall_addresses.parse_addresses(config["HALL_ADDRESSES"])
            if fixed
            else hall_addresses.lan_addresses()
        )
    database = settings.database_url
    data_path = (
        Path(database.removeprefix("sqlite:///"))
        if database.startswith("sqlite:///") and ":memory:" not in database
        else Path(current_app.instance_path)
    )
    lines = check_keys(
        settings.log_key_path, settings.log_key_passphrase, settings.keys_dir, settings.tls_key
    )
    lines.append(check_private_paths(settings))
    # The request's own connection: a second one could wait for a lock the request's own
    # transaction holds (on SQLite, a writing request's BEGIN IMMEDIATE) and time out.
    try:
        bind: Engine | Connection = db.session.connection()
    except Exception:
        bind = db.session.get_bind()  # fails again in check_database, which reports it
    lines += check_database(bind)
    lines.append(
        check_disk(
            data_path.parent if data_path.suffix else data_path, config["DOCTOR_MIN_FREE_BYTES"]
        )
    )
    lines.append(check_clock(Path(current_app.instance_path), now))
    lines += check_certificate(
        cert_path, key_path, None if own else store.local_ca(settings.keys_dir), addresses, now, own
    )
    lines.append(check_logs(log_public_keys(settings.log_key_path, settings.log_key_passphrase)))
    lines.append(check_backup(settings.backup_dir, database, now.astimezone(LOCAL_TZ).date()))
    return lines
