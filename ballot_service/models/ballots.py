"""Public ballot credentials and cast ballots (append-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class Credential(Base):
    """A public ballot credential X = x·B; the card's token never reaches the server."""

    __tablename__ = "credentials"
    __table_args__ = (UniqueConstraint("poll_id", "public_key", name="poll_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="RESTRICT"), index=True)
    public_key: Mapped[str] = mapped_column(String(64))
    batch: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CredentialVoid(Base):
    """A spare card voided on the board."""

    __tablename__ = "credential_voids"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credentials.id", ondelete="RESTRICT"), unique=True
    )
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Ballot(Base):
    """A cast encrypted ballot, signed with its credential; one per credential."""

    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="RESTRICT"), index=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credentials.id", ondelete="RESTRICT"), unique=True
    )
    tracking_code: Mapped[str] = mapped_column(String(128), unique=True)
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    log_index: Mapped[int] = mapped_column(Integer)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
