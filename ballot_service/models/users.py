"""Accounts of the secretariat, the counting committee and auditors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow

ROLES = ("admin", "committee", "auditor")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'committee', 'auditor')", name="role"),
        # One account per delegate: a person holds at most one seat on a committee (10.2).
        Index("uq_users_delegate_id", "delegate_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    delegate_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A login session holds the version it was made with; logout, deactivation and a new
    # password raise it, ending every session made before.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when someone else chose the password (the secretariat): changed at first login.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    # Flask-Login protocol, kept here so the web layer needs no wrapper class.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The session's reference to the account: its id and the session version."""
        return f"{self.id}:{self.session_version}"


class LoginFailure(Base):
    """One failed login, kept to rate-limit guessing per account and address.

    `username` is an existing account's name, or, for a name that is no account (a password
    typed into the wrong field, say), "?" and a keyed hash of it: never the typed text.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
