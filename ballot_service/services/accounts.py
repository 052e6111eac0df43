"""Accounts and login: scrypt password hashes, a password policy, and throttled guessing.

Guessing is throttled per (account, address) with growing delays, and per address overall, so
nobody can lock an account out for everyone else; the secretariat can lift a throttle. A name
typed at the login that is no account (a password typed into the wrong field, say) is kept only
as a keyed hash and never reaches the log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, text
from werkzeug.security import check_password_hash, generate_password_hash

from .. import db
from ..models import ROLES, Delegate, LoginFailure, User, utcnow
from ..rules.text import unsafe_character
from . import ledger_log, passwords
from .errors import Conflict, NotFound, RateLimited, ServiceError

MIN_PASSWORD = passwords.MIN_LENGTH
USERNAME_MAX = 80
DISPLAY_NAME_MAX = 200
ADDRESS_MAX = 64
# ASCII letters, digits, '.', '_', '-': a look-alike (Cyrillic "а" for Latin "a") is refused.
_USERNAME = re.compile(rf"[A-Za-z0-9._-]{{1,{USERNAME_MAX}}}")
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


def normal_username(typed: str) -> str | None:
    """The account name `typed` stands for (lower case), or None when no account can have it.

    Checked on the typed text before any case folding, so nothing grows under lower()
    (80 × "İ" would become 160 characters) and no look-alike passes.
    """
    typed = typed.strip()
    return typed.lower() if _USERNAME.fullmatch(typed) else None


def _check_name(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ServiceError(_l("At most %(n)s characters.", n=limit), field=field)
    bad = unsafe_character(value)
    if bad is not None:
        raise ServiceError(
            _l("The character %(char)s is not allowed in a name.", char=bad), field=field
        )
    return value


def create_user(
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    *,
    delegate_id: int | None = None,
    must_change_password: bool = False,
) -> User:
    """Create an account; the password is stored only as a scrypt hash.

    A committee member's account names the delegate it belongs to (the counting committee is
    elected from the delegates). With `must_change_password` (an account the secretariat makes
    for someone else) the owner chooses a new password at first login.
    """
    name = normal_username(username)
    if name is None:
        raise ServiceError(
            _l("A username uses letters a–z, digits, '.', '_' or '-' (at most %(n)s).", n=80),
            field="username",
        )
    display = _check_name(display_name, "display_name", DISPLAY_NAME_MAX)
    if role not in ROLES:
        raise ServiceError(_l("Unknown role %(role)s.", role=role), field="role")
    passwords.check(password, name)
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
    if db.session.scalar(select(User).where(User.username == name)):
        raise Conflict(_l("The username %(name)s is taken.", name=name), field="username")
    user = User(
        username=name,
        display_name=display or name,
        password_hash=generate_password_hash(password, method=_method()),
        role=role,
        delegate_id=delegate_id,
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "account_created",
            "value": {"username": name, "role": role, "delegate": delegate_id},
        },
    )
    return user


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("No such account."))
    return user


def load_session_user(reference: str) -> User | None:
    """The account a login session refers to ("id:version"), if it still may act.

    None when the account is gone or deactivated, or when the session was made before the
    account's last logout, deactivation or password change.
    """
    user_id, _, version = reference.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    if len(user_id) > 10 or len(version) > 10:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User) -> None:
    """End every login session of `user` (logout, deactivation, a new password)."""
    user.session_version += 1
    db.session.flush()


def set_active(user: User, active: bool, *, actor: Any = None) -> None:
    """Deactivate (ending its sessions) or reactivate an account; logged."""
    if not active and actor is not None and getattr(actor, "id", None) == user.id:
        raise Conflict(_l("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    end_sessions(user)
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "account_activated" if active else "account_deactivated",
            "value": {"username": user.username},
        },
    )


def unlock(user: User) -> None:
    """Forget the account's failed logins, from every address; logged."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
    ledger_log.append_service(
        "admin_setting_changed",
        {"setting": "account_unlocked", "value": {"username": user.username}},
    )


def failure_key(typed: str) -> str:
    """What `login_failures` keeps for a typed name: an account's name as it is, any other
    text as "?" and an HMAC of it under the app's secret (so it is never stored in clear)."""
    name = normal_username(typed)
    if name is not None and db.session.scalar(select(User.id).where(User.username == name)):
        return name
    secret = str(current_app.config["SECRET_KEY"]).encode()
    typed_form = (name or typed.strip()).encode("utf-8", "replace")
    return "?" + hmac.new(secret, b"login-username\0" + typed_form, hashlib.sha256).hexdigest()


def _count(*conditions: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginFailure).where(*conditions)) or 0


def _one_attempt_at_a_time(key: str, address: str) -> None:
    """Serialize attempts per account and per address until the request commits.

    Counting recent failures, checking the password and recording a failure must be one step,
    or parallel guesses all pass the count. SQLite's BEGIN IMMEDIATE already serializes every
    write transaction; PostgreSQL takes two transaction-scoped advisory locks (account first,
    then address, always in that order).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    # Advisory locks are shared by the whole database: the schema in the key keeps services
    # (or test runs) in other schemas of the same database from waiting on each other.
    for lock in (f"login-account:{key}", f"login-address:{address}"):
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || :key, 0))"),
            {"key": f":{lock}"},
        )


def wait_seconds(failures: int, free: int, window: int) -> int:
    """How long (account, address) waits after its last failure: nothing for the first `free`
    failures, then 30 s, 60 s, 120 s … up to the window."""
    if failures < free:
        return 0
    return int(min(window, 30 * 2 ** min(failures - free, 20)))


def authenticate(
    username: str,
    password: str,
    address: str,
    *,
    limits: tuple[int, int, int],
    now: datetime | None = None,
) -> User:
    """Check a login. `limits` = (failures of one account from one address before the delays
    start, failures from one address over all accounts, the window in seconds)."""
    free, per_address, window = limits
    now = now or utcnow()
    since = now - timedelta(seconds=window)
    address = (address or "?")[:ADDRESS_MAX]
    key = failure_key(username)
    _one_attempt_at_a_time(key, address)
    if _count(LoginFailure.address == address, LoginFailure.at >= since) >= per_address:
        raise RateLimited(
            _l(
                "Too many failed logins from this address. Wait %(minutes)s minutes.",
                minutes=window // 60,
            )
        )
    pair = (LoginFailure.username == key, LoginFailure.address == address)
    failures = _count(*pair, LoginFailure.at >= since)
    wait = wait_seconds(failures, free, window)
    if wait:
        last = db.session.scalar(select(func.max(LoginFailure.at)).where(*pair))
        remaining = int((last + timedelta(seconds=wait) - now).total_seconds()) if last else 0
        if remaining > 0:
            raise RateLimited(
                _l(
                    "Too many failed logins for this account from here. Wait %(seconds)s seconds.",
                    seconds=remaining,
                )
            )
    # Counted before the password is hashed: whatever happens next, the attempt is on record.
    failure = LoginFailure(username=key, address=address, at=now)
    db.session.add(failure)
    db.session.flush()
    user = (
        None if key.startswith("?") else db.session.scalar(select(User).where(User.username == key))
    )
    ok = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is not None and ok and user.active:
        db.session.execute(delete(LoginFailure).where(*pair))
        return user
    if user is not None and failures + 1 == free:
        ledger_log.append_service(
            "login_failure_burst",
            {"account": user.username, "failures": free, "window_seconds": window},
        )
    raise ServiceError(_l("Wrong username or password."))


def change_password(user: User, old: str, new: str) -> None:
    """The owner's new password (the policy applies); every other session of theirs ends."""
    if not check_password_hash(user.password_hash, old):
        raise ServiceError(_l("The current password is wrong."), field="old")
    if new == old:
        raise ServiceError(_l("Choose a password different from the current one."), field="new")
    passwords.check(new, user.username, field="new")
    user.password_hash = generate_password_hash(new, method=_method())
    user.must_change_password = False
    end_sessions(user)
