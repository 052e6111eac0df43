"""Configuration, validated once at start-up and read-only afterwards."""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite under the instance folder
    "KEYS_DIR": None,  # None: keys/ beside the package
    "LOG_KEY_FILE": "log_signing_key.pem",
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "LANGUAGES": ("vi", "en"),
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "LOGIN_MAX_FAILURES_PER_USER": 5,
    "LOGIN_MAX_FAILURES_PER_IP": 20,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "PASSWORD_HASH_METHOD": "scrypt",  # werkzeug: scrypt, n=2^15, r=8, p=1
    "BACKUP_DIR": None,  # None: BALLOT_BACKUP_DIR, else not configured (doctor says how)
    "TLS_CERT_FILE": None,  # None: BALLOT_TLS_CERT, else keys/tls/server.cert.pem (local CA)
    "TLS_KEY_FILE": None,  # None: BALLOT_TLS_KEY, else keys/tls/server.key.pem
    "DOCTOR_MIN_FREE_BYTES": 1024**3,  # doctor warns below 1 GiB free
    "HALL_HTTPS_PORT": None,  # set by `serve --lan`: the set-up page's HTTPS check
    "TRUSTED_PROXIES": None,  # None: BALLOT_TRUSTED_PROXIES, else 0 (no proxy trusted)
    "CASTS_AT_ONCE": None,  # None: BALLOT_CASTS_AT_ONCE, else 4 per verification process, 8
    # at least (web/vote.py)
}
MAX_PROXY_HOPS = 5


class ConfigError(RuntimeError):
    """The configuration is unusable; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    """The few settings the services read, checked once."""

    database_url: str
    keys_dir: Path
    log_key_path: Path
    log_key_passphrase: bytes | None = None
    backup_dir: Path | None = None
    tls_cert: Path | None = None  # an organisation's own certificate (None: the local CA's)
    tls_key: Path | None = None
    instance_path: Path | None = None


def make_private_dir(path: Path) -> None:
    """Create `path` (and missing parents) with mode 0700 whatever the umask; an existing folder
    is left as it is (check_private_paths judges it)."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)


def sqlite_path(database_url: str) -> Path | None:
    """The database file of a SQLite URL (None for PostgreSQL and in-memory databases)."""
    if database_url.startswith("sqlite:///") and not database_url.startswith("sqlite:///:memory:"):
        return Path(database_url.removeprefix("sqlite:///").split("?", 1)[0])
    return None


def check_private_paths(settings: Settings) -> None:
    """Refuse to serve when others may read the instance folder, the keys folder or the SQLite
    database (password hashes, the session secret, the log key): say the chmod to run."""
    problems = []
    database = sqlite_path(settings.database_url)
    folders = [settings.instance_path, settings.keys_dir, database.parent if database else None]
    files = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm")] if database else []
    for path, wanted in [*((f, 0o700) for f in folders), *((f, 0o600) for f in files)]:
        if path is None or not path.exists():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            problems.append(
                f"{path} has mode {mode:04o}: group or others can access it; "
                f"run: chmod {wanted:o} {path}"
            )
    if problems:
        raise ConfigError("; ".join(problems))


def _secret_key(instance: Path) -> str:
    """Read the session secret from instance/secret_key, creating it (mode 0600) once."""
    path = instance / "secret_key"
    if not path.exists():
        make_private_dir(instance)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _proxy_hops(configured: Any) -> int:
    """How many reverse proxies in front of the service to believe (X-Forwarded-For/-Proto)."""
    value = configured if configured is not None else os.environ.get("BALLOT_TRUSTED_PROXIES", "0")
    text = str(value).strip() or "0"
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_PROXY_HOPS:
        raise ConfigError(
            f"BALLOT_TRUSTED_PROXIES must be the number of reverse proxies in front of the "
            f"service, 0 to {MAX_PROXY_HOPS}, not {value!r}"
        )
    return int(text)


def _casts_at_once(configured: Any) -> int | None:
    """How many casts one server process verifies at once (None: from its verification
    processes); a cast past them is told to come back (429)."""
    value = configured if configured is not None else os.environ.get("BALLOT_CASTS_AT_ONCE")
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 1024:
        raise ConfigError(f"BALLOT_CASTS_AT_ONCE must be a number from 1 to 1024, not {value!r}")
    return int(text)


def load(
    config: dict[str, Any], instance_path: str, root_path: str, overrides: dict[str, Any]
) -> Settings:
    """Fill defaults (unless overridden), read the environment once, validate, return settings."""
    for key, value in DEFAULTS.items():
        if key not in overrides:
            config[key] = value
    instance = Path(instance_path)
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = os.environ.get("DATABASE_URL") or (
            f"sqlite:///{instance / 'ballot_service.sqlite3'}"
        )
    url = str(config["DATABASE_URL"])
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not (url.startswith("sqlite") or url.startswith("postgresql+psycopg://")):
        raise ConfigError(f"DATABASE_URL must be sqlite:///… or postgresql://…, not {url!r}")
    config["DATABASE_URL"] = url
    database = sqlite_path(url)
    if database is not None:
        make_private_dir(database.parent)
    keys_dir = Path(
        config["KEYS_DIR"] or os.environ.get("BALLOT_KEYS_DIR") or Path(root_path).parent / "keys"
    )
    config["KEYS_DIR"] = str(keys_dir)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ.get("BALLOT_SECRET_KEY") or _secret_key(instance)
    if len(str(config["SECRET_KEY"])) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters")
    if config["BABEL_DEFAULT_LOCALE"] not in config["LANGUAGES"]:
        raise ConfigError("BABEL_DEFAULT_LOCALE must be one of LANGUAGES")
    config["TRUSTED_PROXIES"] = _proxy_hops(config["TRUSTED_PROXIES"])
    config["CASTS_AT_ONCE"] = _casts_at_once(config["CASTS_AT_ONCE"])
    passphrase = config.get("LOG_KEY_PASSPHRASE") or os.environ.get("BALLOT_LOG_KEY_PASSPHRASE")
    backup = config["BACKUP_DIR"] or os.environ.get("BALLOT_BACKUP_DIR")
    tls_cert = config["TLS_CERT_FILE"] or os.environ.get("BALLOT_TLS_CERT")
    tls_key = config["TLS_KEY_FILE"] or os.environ.get("BALLOT_TLS_KEY")
    if bool(tls_cert) != bool(tls_key):
        raise ConfigError("BALLOT_TLS_CERT and BALLOT_TLS_KEY go together: set both or neither")
    return Settings(
        database_url=url,
        keys_dir=keys_dir,
        log_key_path=keys_dir / config["LOG_KEY_FILE"],
        log_key_passphrase=passphrase.encode("utf-8") if passphrase else None,
        backup_dir=Path(backup) if backup else None,
        tls_cert=Path(tls_cert) if tls_cert else None,
        tls_key=Path(tls_key) if tls_key else None,
        instance_path=instance,
    )
