"""The result log: entries of RFC 9162 Merkle trees and their signed checkpoints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class Log(Base):
    """The head of one log: its id (origin) and current size. Locked while appending."""

    __tablename__ = "logs"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id", ondelete="RESTRICT"), nullable=True, unique=True
    )


class LogEntry(Base):
    """One leaf: the canonical JSON of a typed event. Append-only."""

    __tablename__ = "log_entries"
    __table_args__ = (UniqueConstraint("log_id", "seq", name="log_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id", ondelete="RESTRICT"))
    seq: Mapped[int] = mapped_column(Integer)
    leaf: Mapped[bytes] = mapped_column(LargeBinary)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Checkpoint(Base):
    """A signed checkpoint (log id, size, root, time). Append-only."""

    __tablename__ = "checkpoints"
    __table_args__ = (UniqueConstraint("log_id", "size", name="log_size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id", ondelete="RESTRICT"))
    size: Mapped[int] = mapped_column(Integer)
    root: Mapped[bytes] = mapped_column(LargeBinary(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Cosignature(Base):
    """A witness cosignature (tlog-cosignature/v1) of one checkpoint, by one named witness.
    Stored beside the checkpoint's note, which keeps the log's signature alone; the note with its
    cosignatures is rebuilt when shown or exported. Append-only."""

    __tablename__ = "cosignatures"
    __table_args__ = (UniqueConstraint("checkpoint_id", "name", name="checkpoint_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("checkpoints.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    key_id: Mapped[bytes] = mapped_column(LargeBinary(4))
    timestamp: Mapped[int] = mapped_column(BigInteger)
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


APPEND_ONLY_TABLES = (
    "log_entries",
    "checkpoints",
    "ballots",
    "credentials",
    "credential_voids",
    "ceremony_messages",
    "decryption_shares",
    "cosignatures",
)
