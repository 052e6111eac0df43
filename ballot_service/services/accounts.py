"""Accounts and login: scrypt password hashes, and rate limits on guessing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text
from werkzeug.security import check_password_hash, generate_password_hash

from .. import db
from ..models import ROLES, Delegate, LoginFailure, User, utcnow
from . import ledger_log
from .errors import Conflict, RateLimited, ServiceError

MIN_PASSWORD = 10
_dummy_hashes: dict[str, str] = {}


def _method() -> str:
    """scrypt with werkzeug's parameters; tests may lower the cost (PASSWORD_HASH_METHOD)."""
    return str(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def _dummy_hash() -> str:
    """Checked against when the username is unknown, so both paths cost one scrypt."""
    method = _method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not-a-real-password", method=method)
    return _dummy_hashes[method]


def create_user(
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    *,
    delegate_id: int | None = None,
) -> User:
    """Create an account; the password is stored only as a scrypt hash.

    A committee member's account names the delegate it belongs to (the counting committee is
    elected from the delegates).
    """
    username = username.strip().lower()
    if (
        not username
        or len(username) > 80
        or not username.replace(".", "").replace("_", "").replace("-", "").isalnum()
    ):
        raise ServiceError(
            _l("A username uses letters, digits, '.', '_' or '-'."), field="username"
        )
    if role not in ROLES:
        raise ServiceError(_l("Unknown role %(role)s.", role=role), field="role")
    if len(password) < MIN_PASSWORD:
        raise ServiceError(
            _l("A password needs at least %(n)s characters.", n=MIN_PASSWORD), field="password"
        )
    delegate = db.session.get(Delegate, delegate_id) if delegate_id is not None else None
    if delegate_id is not None and delegate is None:
        raise ServiceError(_l("No such delegate."), field="delegate_id")
    holder = db.session.scalar(select(User).where(User.delegate_id == delegate_id))
    if delegate is not None and holder is not None:
        # One person, one account: else one delegate could hold several committee seats.
        raise Conflict(
            _l(
                "Delegate %(name)s already has an account (%(username)s); a delegate has one "
                "account.",
                name=delegate.name,
                username=holder.username,
            ),
            field="delegate_id",
        )
    if db.session.scalar(select(User).where(User.username == username)):
        raise Conflict(_l("The username %(name)s is taken.", name=username), field="username")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=generate_password_hash(password, method=_method()),
        role=role,
        delegate_id=delegate_id,
    )
    db.session.add(user)
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "account_created",
            "value": {"username": username, "role": role, "delegate": delegate_id},
        },
    )
    return user


def _failures_since(column: Any, value: str, since: datetime) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(
                column == value,
                LoginFailure.at >= since,
            )
        )
        or 0
    )


def _one_attempt_at_a_time(username: str, address: str) -> None:
    """Serialize attempts per account and per address until the request commits.

    Counting recent failures, checking the password and recording a failure must be one step,
    or parallel guesses all pass the count. SQLite's BEGIN IMMEDIATE already serializes every
    write transaction; PostgreSQL takes two transaction-scoped advisory locks (account first,
    then address, always in that order).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in (f"login-account:{username}", f"login-address:{address}"):
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
        )


def authenticate(
    username: str,
    password: str,
    address: str,
    *,
    limits: tuple[int, int, int],
    now: datetime | None = None,
) -> User:
    """Check a login; too many recent failures for the account or the address are refused."""
    per_user, per_address, window = limits
    now = now or utcnow()
    since = now - timedelta(seconds=window)
    username = username.strip().lower()
    _one_attempt_at_a_time(username, address)
    if (
        _failures_since(LoginFailure.username, username, since) >= per_user
        or _failures_since(LoginFailure.address, address, since) >= per_address
    ):
        raise RateLimited(
            _l(
                "Too many failed logins. Wait %(minutes)s minutes and try again.",
                minutes=window // 60,
            )
        )
    user = db.session.scalar(select(User).where(User.username == username))
    ok = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not ok or not user.active:
        db.session.add(LoginFailure(username=username, address=address, at=now))
        db.session.flush()
        if _failures_since(LoginFailure.username, username, since) == per_user:
            ledger_log.append_service(
                "login_failure_burst",
                {"account": username, "failures": per_user, "window_seconds": window},
            )
        raise ServiceError(_l("Wrong username or password."))
    return user


def change_password(user: User, old: str, new: str) -> None:
    if not check_password_hash(user.password_hash, old):
        raise ServiceError(_l("The current password is wrong."), field="old")
    if len(new) < MIN_PASSWORD:
        raise ServiceError(
            _l("A password needs at least %(n)s characters.", n=MIN_PASSWORD), field="new"
        )
    user.password_hash = generate_password_hash(new, method=_method())
    db.session.flush()
