"""Backup and restore of the service's database, online and consistent on both engines.

A backup is one archive, `ballot-backup-YYYYMMDD-HHMMSSZ.tar.gz`, written under a temporary
name and renamed into place (mode 0600: it holds password hashes), so `doctor` never sees half
of one. It holds:

* `manifest.json` — format, time (UTC), engine, schema revision, and every log's size and Merkle
  root as they stand in the copy (with the latest signed checkpoint), plus the SHA-256 of every
  other member;
* `database.sqlite3` — SQLite: a copy made with SQLite's online backup API in one step (one read
  transaction: a consistent snapshot, writers are not stopped); or `database.pgdump` —
  PostgreSQL: `pg_dump --format=custom` under a snapshot exported by the transaction that read
  the manifest's roots, so the roots describe exactly the data dumped;
* `keys/…` — the keys folder, only when asked (`with_keys`): the log signing key lets anyone
  sign checkpoints in the service's name.

Restore refuses a database that already holds data unless forced, checks every member's hash
first, and for PostgreSQL needs a `pg_restore` at least as new as the `pg_dump` that wrote it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from ..config import sqlite_path
from ..ledger.tree import MerkleTree
from ..models import Checkpoint, Log, LogEntry

FORMAT = "ballot_service-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
KEYS_PREFIX = "keys/"
ARCHIVE_GLOB = "ballot-backup-*.tar.gz"
_SAFE_KEY_NAME = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


def engine_of(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


# -- the logs' roots ---------------------------------------------------------------------------


def log_roots(connection: Connection) -> list[dict[str, Any]]:
    """Every log's size and Merkle root computed from its entries, with its latest checkpoint."""
    found = []
    for log in connection.execute(select(Log.id, Log.size).order_by(Log.id)):
        hashes = connection.scalars(
            select(LogEntry.leaf_hash).where(LogEntry.log_id == log.id).order_by(LogEntry.seq)
        ).all()
        tree = MerkleTree(bytes(h) for h in hashes)
        latest = connection.execute(
            select(Checkpoint.size, Checkpoint.root)
            .where(Checkpoint.log_id == log.id)
            .order_by(Checkpoint.size.desc())
            .limit(1)
        ).first()
        found.append(
            {
                "log_id": log.id,
                "size": tree.size,
                "root": tree.root().hex(),
                "checkpoint_size": latest.size if latest else 0,
                "checkpoint_root": bytes(latest.root).hex() if latest else None,
            }
        )
    return found


def _revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    found = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return str(found) if found is not None else None


def _require_schema(connection: Connection) -> str:
    revision = _revision(connection)
    if revision is None:
        raise BackupError(
            "the database has no schema: nothing to back up "
            "(run `flask --app ballot_service init-db` first)"
        )
    return revision


# -- PostgreSQL's client programs -----------------------------------------------------------------


def _pg_conninfo(database_url: str) -> tuple[list[str], dict[str, str], str | None]:
    """libpq arguments (--dbname=URI), the environment (PGPASSWORD) and the schema named by
    `options=-csearch_path=…` in the URL, if any."""
    url: URL = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    host = url.host or "localhost"
    user = f"{url.username}@" if url.username else ""
    port = f":{url.port}" if url.port else ""
    options = str(url.query.get("options", ""))
    match = re.search(r"-csearch_path=([A-Za-z0-9_]+)", options)
    return (
        [f"--dbname=postgresql://{user}{host}{port}/{url.database}"],
        env,
        (match.group(1) if match else None),
    )


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not match:
        raise BackupError(f"cannot read a version number in {version_text!r}")
    return int(match.group(1))


def _pg_tool(name: str) -> tuple[str, int]:
    """The path and major version of pg_dump or pg_restore; a clear error if missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed (or not on PATH): a PostgreSQL backup needs the client "
            f"programs of the server's version; on Debian: apt-get install postgresql-client"
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return path, _major(out.stdout)


def _server_major(connection: Connection) -> int:
    return int(str(connection.scalar(text("SHOW server_version_num")))) // 10000


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit {done.returncode}): {done.stderr.strip()}")


# -- backup ------------------------------------------------------------------------------------


def _sqlite_copy(database: Path, target: Path) -> None:
    """Copy with the online backup API in one step (one read transaction: a snapshot), then
    make the copy a single self-contained file (no WAL)."""
    if not database.exists():
        raise BackupError(f"the database {database} does not exist")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.execute("PRAGMA busy_timeout=10000")
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _backup_sqlite(database_url: str, work: Path, manifest: dict[str, Any]) -> Path:
    database = sqlite_path(database_url)
    if database is None:
        raise BackupError("an in-memory database cannot be backed up")
    target = work / SQLITE_MEMBER
    _sqlite_copy(database, target)
    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            manifest["schema_revision"] = _require_schema(connection)
            manifest["logs"] = log_roots(connection)
    finally:
        engine.dispose()
    return target


def _backup_postgresql(database_url: str, work: Path, manifest: dict[str, Any]) -> Path:
    pg_dump, dump_major = _pg_tool("pg_dump")
    conninfo, env, schema = _pg_conninfo(database_url)
    target = work / PG_MEMBER
    engine = create_engine(database_url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection:
            server = _server_major(connection)
            if dump_major < server:
                raise BackupError(
                    f"pg_dump {dump_major} cannot dump a PostgreSQL {server} server: install "
                    f"the client programs of version {server} (postgresql-client-{server})"
                )
            # The transaction that reads the roots exports its snapshot; pg_dump dumps that
            # same snapshot, so the manifest describes exactly the data in the dump.
            snapshot = str(connection.scalar(text("SELECT pg_export_snapshot()")))
            manifest["schema_revision"] = _require_schema(connection)
            manifest["logs"] = log_roots(connection)
            command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
            command += [f"--snapshot={snapshot}", f"--file={target}", *conninfo]
            if schema:
                command.append(f"--schema={schema}")
            _run(command, env, "pg_dump")
            connection.rollback()
    finally:
        engine.dispose()
    manifest["pg_dump_major"] = dump_major
    manifest["server_major"] = server
    manifest["schema"] = schema
    return target


def _key_files(keys_dir: Path) -> Iterator[tuple[str, Path]]:
    if not keys_dir.is_dir():
        return
    for path in sorted(keys_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield KEYS_PREFIX + path.relative_to(keys_dir).as_posix(), path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def take_backup(
    database_url: str,
    folder: Path,
    *,
    keys_dir: Path | None = None,
    now: datetime | None = None,
) -> Backup:
    """Write a consistent backup of the database (and of `keys_dir` when given) into `folder`."""
    now = now or datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    engine = engine_of(database_url)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "taken_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "engine": engine,
        "keys_included": keys_dir is not None,
    }
    with tempfile.TemporaryDirectory(prefix="ballot-backup-") as tmp:
        work = Path(tmp)
        dump = (_backup_sqlite if engine == "sqlite" else _backup_postgresql)(
            database_url, work, manifest
        )
        members: list[tuple[str, Path]] = [(dump.name, dump)]
        if keys_dir is not None:
            members += list(_key_files(keys_dir))
        manifest["sha256"] = {name: _sha256(path) for name, path in members}
        name = f"ballot-backup-{now:%Y%m%d-%H%M%S}Z.tar.gz"
        final = folder / name
        if final.exists():
            raise BackupError(f"{final} already exists")
        fd, partial = tempfile.mkstemp(prefix=".partial-", dir=folder)
        os.fchmod(fd, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(body), 0o600, int(now.timestamp())
                archive.addfile(info, io.BytesIO(body))
                for member, path in members:
                    archive.add(path, arcname=member, recursive=False)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, final)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return Backup(final, manifest)


# -- restore -----------------------------------------------------------------------------------


@contextmanager
def _opened(archive_path: Path) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
    """The archive and its manifest, checked: known format, every listed member present."""
    try:
        archive = tarfile.open(archive_path, mode="r:gz")  # noqa: SIM115 - closed by `with archive`
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path} is not a backup archive: {error}") from error
    with archive:
        try:
            handle = archive.extractfile(MANIFEST)
            manifest = json.loads(handle.read()) if handle else None
        except (KeyError, ValueError, tarfile.TarError) as error:
            raise BackupError(f"{archive_path} has no readable {MANIFEST}: {error}") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{archive_path} is not a {FORMAT} archive")
        yield archive, manifest


def read_manifest(archive_path: Path) -> dict[str, Any]:
    with _opened(archive_path) as (_, manifest):
        return manifest


def _extract(archive: tarfile.TarFile, manifest: dict[str, Any], name: str, target: Path) -> None:
    """Copy one member to `target` (never extractall: names come from the manifest), checking
    its SHA-256 against the manifest."""
    expected = manifest.get("sha256", {}).get(name)
    try:
        member = archive.getmember(name)
        source = archive.extractfile(member) if member.isfile() else None
    except KeyError:
        source = None
    if source is None or expected is None:
        raise BackupError(f"the backup has no {name}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(source, out)
    if _sha256(target) != expected:
        raise BackupError(
            f"{name} in the backup is damaged (its SHA-256 differs from the manifest)"
        )


def _occupied(connection: Connection) -> list[str]:
    """Tables (other than alembic_version) that hold rows."""
    names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
    return [n for n in names if connection.scalar(text(f'SELECT 1 FROM "{n}" LIMIT 1'))]  # noqa: S608 - names from the catalogue


def _refuse_if_occupied(database_url: str, force: bool) -> bool:
    """Refuse a database that holds data (unless `force`); say whether it has tables."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            occupied = _occupied(connection)
    finally:
        engine.dispose()
    if occupied and not force:
        shown = ", ".join(occupied[:6]) + (" …" if len(occupied) > 6 else "")
        raise BackupError(
            f"the database already holds data (tables {shown}): restoring would replace it; "
            "stop the service, then run restore again with --force if that is what you want"
        )
    return bool(tables)


def _restore_sqlite(database_url: str, copy: Path) -> None:
    database = sqlite_path(database_url)
    if database is None:
        raise BackupError("cannot restore into an in-memory database")
    from ..db import _create_private_file

    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _create_private_file(f"sqlite:///{database}")
    source = sqlite3.connect(copy)
    target = sqlite3.connect(database)
    try:
        target.execute("PRAGMA busy_timeout=10000")
        source.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _restore_postgresql(
    database_url: str, dump: Path, manifest: dict[str, Any], has_tables: bool
) -> None:
    pg_restore, restore_major = _pg_tool("pg_restore")
    written_by = int(manifest.get("pg_dump_major", 0))
    if restore_major < written_by:
        raise BackupError(
            f"pg_restore {restore_major} cannot read a dump of pg_dump {written_by}: install "
            f"the client programs of version {written_by} or newer"
        )
    conninfo, env, schema = _pg_conninfo(database_url)
    if schema != manifest.get("schema"):
        raise BackupError(
            f"the backup is of the schema {manifest.get('schema') or 'public'}, the database "
            f"URL names {schema or 'public'}: restore into the same schema"
        )
    # The schema itself already exists in the target (a database's public schema, or the one
    # the URL names): restore everything in the dump but the CREATE SCHEMA entry.
    listing = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(f"pg_restore cannot read the dump: {listing.stderr.strip()}")
    kept = [line for line in listing.stdout.splitlines() if " SCHEMA " not in line]
    toc = dump.with_suffix(".list")
    toc.write_text("\n".join(kept) + "\n")
    command = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction"]
    command += ["--exit-on-error", f"--use-list={toc}", *conninfo, str(dump)]
    if has_tables:
        command[1:1] = ["--clean", "--if-exists"]
    _run(command, env, "pg_restore")


def _restore_keys(
    archive: tarfile.TarFile, manifest: dict[str, Any], keys_dir: Path, force: bool
) -> list[Path]:
    names = [n for n in manifest.get("sha256", {}) if n.startswith(KEYS_PREFIX)]
    if not names:
        raise BackupError("the backup holds no key files (it was taken without --with-keys)")
    planned = []
    for name in names:
        relative = name.removeprefix(KEYS_PREFIX)
        if not _SAFE_KEY_NAME.match(relative) or ".." in relative.split("/"):
            raise BackupError(f"the backup names an unsafe key path {name!r}")
        planned.append((name, keys_dir / relative))
    with tempfile.TemporaryDirectory(prefix="ballot-restore-keys-") as tmp:
        staged = []
        for i, (name, target) in enumerate(planned):
            copy = Path(tmp) / str(i)
            _extract(archive, manifest, name, copy)
            if target.exists() and not force and _sha256(target) != _sha256(copy):
                raise BackupError(
                    f"{target} exists and differs from the backup's; move it away or use --force"
                )
            staged.append((copy, target))
        for copy, target in staged:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(copy, target)
            os.chmod(target, 0o600)
    return [target for _, target in staged]


def restore_backup(
    archive_path: Path,
    database_url: str,
    *,
    force: bool = False,
    keys_dir: Path | None = None,
) -> dict[str, Any]:
    """Restore the database (and the key files into `keys_dir` when given); the manifest."""
    with _opened(archive_path) as (archive, manifest):
        engine = engine_of(database_url)
        if manifest.get("engine") != engine:
            raise BackupError(
                f"the backup is of a {manifest.get('engine')} database, DATABASE_URL names "
                f"{engine}: restore into the same engine"
            )
        has_tables = _refuse_if_occupied(database_url, force)
        member = SQLITE_MEMBER if engine == "sqlite" else PG_MEMBER
        with tempfile.TemporaryDirectory(prefix="ballot-restore-") as tmp:
            copy = Path(tmp) / member
            _extract(archive, manifest, member, copy)
            if keys_dir is not None:
                _restore_keys(archive, manifest, keys_dir, force)
            if engine == "sqlite":
                _restore_sqlite(database_url, copy)
            else:
                _restore_postgresql(database_url, copy, manifest, has_tables)
    return manifest
