"""A confidence poll or vote, its counting committee and the officials it rates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.kinds import PollKind
from ..rules.results import Denominator
from ..rules.states import PollState
from .base import Base, UTCDateTime, one_of, utcnow
from .council import Council, Official
from .users import User


class Poll(Base):
    __tablename__ = "polls"
    __table_args__ = (
        one_of("kind", PollKind),
        one_of("denominator", Denominator),
        one_of("state", PollState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    session_name: Mapped[str] = mapped_column(String(300), default="")
    meeting_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    denominator: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(16), default=PollState.DRAFT.value)
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    manifest: Mapped[str | None] = mapped_column(Text, nullable=True)
    fingerprint: Mapped[str | None] = mapped_column(String(128), nullable=True, unique=True)
    election_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    tally: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    delegates_present: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ceremony_attempt: Mapped[int] = mapped_column(Integer, default=0)
    # Committee moves (ready, open, close, publish): the chair's, or, when the council so
    # chooses, any member's with a second member's confirmation (issue 10.3).
    second_member_confirms: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    council: Mapped[Council] = relationship()
    rated: Mapped[list[PollOfficial]] = relationship(
        back_populates="poll", order_by="PollOfficial.position", cascade="all, delete-orphan"
    )
    trustees: Mapped[list[Trustee]] = relationship(
        back_populates="poll", order_by="Trustee.index", cascade="all, delete-orphan"
    )

    @property
    def levels(self) -> int:
        return len(PollKind(self.kind).levels)


class PollOfficial(Base):
    """An official rated in a poll, at a position on the ballot (council bloc first)."""

    __tablename__ = "poll_officials"
    __table_args__ = (
        UniqueConstraint("poll_id", "official_id", name="poll_official"),
        UniqueConstraint("poll_id", "position", name="poll_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)

    poll: Mapped[Poll] = relationship(back_populates="rated")
    official: Mapped[Official] = relationship()


class Trustee(Base):
    """A member of the counting committee for one poll; index i = 1..n in the key ceremony."""

    __tablename__ = "trustees"
    __table_args__ = (
        UniqueConstraint("poll_id", "user_id", name="poll_user"),
        UniqueConstraint("poll_id", "index", name="poll_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    index: Mapped[int] = mapped_column(Integer)
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)

    poll: Mapped[Poll] = relationship(back_populates="trustees")
    user: Mapped[User] = relationship()


class CeremonyMessage(Base):
    """A key-ceremony message: commitments, an encrypted share, or a confirmation. Append-only."""

    __tablename__ = "ceremony_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="RESTRICT"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    sender: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[int | None] = mapped_column(Integer, nullable=True)
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DecryptionShareRow(Base):
    """A trustee's decryption share of the tally, with proofs. Append-only."""

    __tablename__ = "decryption_shares"
    __table_args__ = (UniqueConstraint("poll_id", "trustee_index", name="poll_trustee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="RESTRICT"))
    trustee_index: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PendingMove(Base):
    """A committee member's request to move the poll, waiting for a second member's
    confirmation; resolved once (made, withdrawn, or stale when the poll moved otherwise)."""

    __tablename__ = "pending_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    confirmer: Mapped[User | None] = relationship(foreign_keys=[confirmer_id])
