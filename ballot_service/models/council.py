"""The council, its delegates and the officials it elected."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules import officials as rules
from ..rules.kinds import Bloc, CouncilLevel
from .base import Base, one_of


def person_id(delegate_id: int | None, official_id: int | None = None) -> str:
    """Who a person is for the setup rules: the delegate if linked, else the official entry."""
    return f"delegate {delegate_id}" if delegate_id is not None else f"official {official_id}"


class Council(Base):
    __tablename__ = "councils"
    __table_args__ = (
        one_of("level", CouncilLevel),
        CheckConstraint("total_delegates > 0", name="total_delegates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    total_delegates: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(200), default="")

    delegates: Mapped[list[Delegate]] = relationship(
        back_populates="council", order_by="Delegate.number", cascade="all, delete-orphan"
    )
    officials: Mapped[list[Official]] = relationship(
        back_populates="council",
        order_by="(Official.bloc, Official.order)",
        cascade="all, delete-orphan",
    )


class Delegate(Base):
    __tablename__ = "delegates"
    __table_args__ = (UniqueConstraint("council_id", "number", name="council_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    present: Mapped[bool] = mapped_column(Boolean, default=False)

    council: Mapped[Council] = relationship(back_populates="delegates")


class Official(Base):
    __tablename__ = "officials"
    __table_args__ = (
        one_of("bloc", Bloc),
        CheckConstraint("NOT excluded OR length(exclusion_reason) > 0", name="exclusion_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    positions: Mapped[list[str]] = mapped_column(JSON)
    bloc: Mapped[str] = mapped_column(String(24))
    order: Mapped[int] = mapped_column(Integer)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusion_reason: Mapped[str] = mapped_column(String(500), default="")
    delegate_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"), nullable=True
    )

    council: Mapped[Council] = relationship(back_populates="officials")

    def person(self) -> rules.Official:
        """The official as the setup rules see it (rules.officials.Official)."""
        return rules.Official(
            person_id=person_id(self.delegate_id, self.id),
            name=self.name,
            positions=tuple(self.positions),
            bloc=Bloc(self.bloc),
            order=self.order,
            excluded=self.excluded,
            exclusion_reason=self.exclusion_reason,
        )
