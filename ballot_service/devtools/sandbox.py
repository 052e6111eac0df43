"""A database and log key of its own for `flask simulate`: a simulation never touches the service.

By default a throwaway SQLite file in a temporary directory (migrated, deleted afterwards); a URL
may name another database, never the service's own. The log is signed by a key of its own too
(throwaway, or kept in a chosen directory to export the record again later), so no checkpoint of
a made-up poll ever carries the service's signature.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import Engine, make_url

from .. import db
from ..ledger import keys as key_files
from ..migrations import upgrade
from ..services import ledger_log


class SandboxError(ValueError):
    """The database chosen for a simulation is the service's own."""


def _same_database(a: str, b: str) -> bool:
    first, second = make_url(a), make_url(b)
    return (
        first.set(password=None).render_as_string() == second.set(password=None).render_as_string()
    )


@contextmanager
def sandbox(app: Flask, database: str | None = None, keys_dir: Path | None = None) -> Iterator[str]:
    """Point the session and the log key at a simulation's own database; yields its URL."""
    settings = app.extensions["ballot_settings"]
    if database and _same_database(database, settings.database_url):
        raise SandboxError(
            "--database names the service's own database; a simulation writes a made-up "
            "council, poll and accounts, so give it another database (or leave --database out)"
        )
    saved_bind = dict(db.session.session_factory.kw)
    with tempfile.TemporaryDirectory(prefix="ballot-simulate-") as tmp:
        url = database or f"sqlite:///{Path(tmp) / 'simulation.sqlite3'}"
        engine = db.make_engine(url)
        try:
            with engine.begin() as connection:
                upgrade(connection)
            directory = keys_dir or Path(tmp)
            if keys_dir is not None and keys_dir.resolve() == settings.keys_dir.resolve():
                raise SandboxError(
                    "--keys-dir names the service's own key directory; choose another one"
                )
            directory.mkdir(parents=True, exist_ok=True)
            key_path = directory / settings.log_key_path.name
            key_files.load_or_generate_key_file(key_path)
            app.extensions["ballot_settings"] = dataclasses.replace(
                settings,
                database_url=url,
                keys_dir=directory,
                log_key_path=key_path,
                log_key_passphrase=None,
            )
            ledger_log.forget_key()
            db.bind(engine)
            yield url
        finally:
            db.session.remove()
            db.session.configure(**saved_bind)
            app.extensions["ballot_settings"] = settings
            ledger_log.forget_key()
            engine.dispose()


def scratch_app(
    create_app: Callable[[dict[str, Any]], Flask],
    folder: Path,
    name: str,
    engine: Engine | None = None,
    **config: Any,
) -> Flask:
    """A whole service of its own in `folder`: its log key in folder/keys, its instance folder,
    and `engine` (by default a migrated SQLite file folder/<name>.sqlite3), the session bound to
    it. For live test servers and the operator guide's screenshots; `config` adds settings. The
    caller passes the app factory (ballot_service.create_app): devtools sit below the web."""
    key_files.generate_key_file(folder / "keys" / "log_signing_key.pem")
    if engine is None:
        engine = db.make_engine(f"sqlite:///{folder / f'{name}.sqlite3'}")
        with engine.begin() as connection:
            upgrade(connection)
    app = create_app(
        {
            "ENGINE": engine,
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "SECRET_KEY": f"{name}-" + "x" * 40,
            "KEYS_DIR": str(folder / "keys"),
            "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",
            **config,
        }
    )
    app.instance_path = str(folder)
    app.extensions["ballot_settings"] = dataclasses.replace(
        app.extensions["ballot_settings"], instance_path=folder
    )
    db.bind(engine)
    ledger_log.forget_key()
    return app
