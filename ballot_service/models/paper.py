"""A confidence poll or vote counted on paper: its frozen list and the counts the committee typed.

No ballot, key or log exists for it: the paper ballots and the signed paper minutes are the
record. The service applies the same result rules and draws up the same minutes and draft
resolution, saying the count was made on paper.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.kinds import PollKind
from ..rules.results import Denominator
from .base import Base, UTCDateTime, one_of, utcnow
from .council import Council
from .users import User


class PaperCount(Base):
    __tablename__ = "paper_counts"
    __table_args__ = (one_of("kind", PollKind), one_of("denominator", Denominator))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    session_name: Mapped[str] = mapped_column(String(300), default="")
    meeting_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    denominator: Mapped[str] = mapped_column(String(24))
    # The list as it stood when the count was set up (record.manifest.Manifest's shape:
    # officials in ballot order, persons not rated, the committee as `trustees`, chair first).
    manifest: Mapped[dict[str, object]] = mapped_column(JSON)
    # What the committee typed (services.paper.Figures and the rows), and the result computed
    # from it (record.result.ResultPart), both set together once every line is valid.
    counts: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    counted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    council: Mapped[Council] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    counted_by: Mapped[User | None] = relationship(foreign_keys=[counted_by_id])

    @property
    def fingerprint(self) -> None:
        """No election fingerprint: nothing was encrypted (the minutes' shape, as a poll's)."""
        return None
