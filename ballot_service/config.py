"""Configuration, validated once at start-up and read-only afterwards."""

from __future__ import annotations

import os
import secrets
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
}


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


def _secret_key(instance: Path) -> str:
    """Read the session secret from instance/secret_key, creating it (mode 0600) once."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


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
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
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
    )
