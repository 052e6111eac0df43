"""Flask commands `backup` and `restore` (services/backup.py does the work)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from . import db
from .services import backup as backups
from .services import ledger_log

KEYS_WARNING = (
    "WARNING: this backup holds the keys folder — the log signing key (anyone holding it can "
    "sign checkpoints in the service's name) and the TLS keys. Keep the archive offline and as "
    "secret as keys/ itself; never leave it on a shared drive."
)


def _archive(path: Path) -> Path:
    """A backup archive, or the newest one in a folder."""
    if path.is_dir():
        found = sorted(path.glob(backups.ARCHIVE_GLOB))
        if not found:
            raise click.ClickException(f"no backup ({backups.ARCHIVE_GLOB}) in {path}")
        return found[-1]
    if not path.is_file():
        raise click.ClickException(f"{path} does not exist")
    return path


@click.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "--with-keys", is_flag=True, help="also copy keys/ (the log signing key): see the warning"
)
def backup_command(folder: Path | None, with_keys: bool) -> None:
    """Write a consistent backup of the running service's database into FOLDER
    (default BALLOT_BACKUP_DIR): one archive with a manifest of the logs' roots."""
    settings = current_app.extensions["ballot_settings"]
    folder = folder or settings.backup_dir
    if folder is None:
        raise click.ClickException("name a folder, or set BALLOT_BACKUP_DIR")
    db.session.remove()
    try:
        made = backups.take_backup(
            settings.database_url, folder, keys_dir=settings.keys_dir if with_keys else None
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    manifest = made.manifest
    click.echo(f"backup written: {made.path} ({made.path.stat().st_size} bytes)")
    click.echo(f"engine {manifest['engine']}, taken at {manifest['taken_at']}")
    for log in manifest["logs"]:
        click.echo(f"  {log['log_id']}: size {log['size']}, root {log['root']}")
    if with_keys:
        click.echo(KEYS_WARNING, err=True)
    else:
        click.echo("the key files are not in this backup: keep a copy of keys/ apart (--with-keys)")


@click.command("restore")
@click.argument("archive", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="replace a database that already holds data")
@click.option("--with-keys", is_flag=True, help="also restore the backup's key files into keys/")
def restore_command(archive: Path, force: bool, with_keys: bool) -> None:
    """Restore a backup archive (or the newest one in a folder) into the configured database.
    Stop the service first."""
    settings = current_app.extensions["ballot_settings"]
    path = _archive(archive)
    db.session.remove()
    engine = db.session.get_bind()
    dispose = getattr(engine, "dispose", None)
    if callable(dispose):
        dispose()
    try:
        manifest = backups.restore_backup(
            path,
            settings.database_url,
            force=force,
            keys_dir=settings.keys_dir if with_keys else None,
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    ledger_log.forget_key()
    click.echo(f"restored {path} (taken at {manifest['taken_at']}, {manifest['engine']})")
    for log in manifest["logs"]:
        click.echo(f"  {log['log_id']}: size {log['size']}, root {log['root']}")
    if with_keys:
        click.echo(f"key files restored into {settings.keys_dir} (mode 0600)")
    click.echo("check it with: flask --app ballot_service doctor")
