"""The persons on a poll's list and the positions they hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ballot_service.rules.kinds import Bloc, Labels

PersonId = int | str


@dataclass(frozen=True)
class Position:
    """A position elected by the council; `code` is a key of the configured position order."""

    code: str
    bloc: Bloc


@dataclass(frozen=True)
class Official:
    """A person on the list, with every position held (a person is rated once)."""

    person_id: PersonId
    name: str
    positions: tuple[Position, ...]
    excluded: bool = False
    exclusion_reason: str = ""  # e.g. announced retirement, elected within the same year

    @property
    def rated(self) -> bool:
        """Whether the person gets a row on the ballot."""
        return not self.excluded


@dataclass(frozen=True)
class PositionSpec:
    """A standard position with its bloc and labels, for councils that keep the defaults."""

    position: Position
    labels: Labels = field(compare=False)


def _spec(code: str, bloc: Bloc, vi: str, en: str) -> PositionSpec:
    return PositionSpec(Position(code, bloc), Labels(vi, en))


STANDARD_POSITIONS: tuple[PositionSpec, ...] = (
    _spec(
        "council_chair", Bloc.COUNCIL, "Chủ tịch Hội đồng nhân dân", "Chair of the People's Council"
    ),
    _spec(
        "council_vice_chair",
        Bloc.COUNCIL,
        "Phó Chủ tịch Hội đồng nhân dân",
        "Vice-chair of the People's Council",
    ),
    _spec(
        "council_committee_head",
        Bloc.COUNCIL,
        "Trưởng Ban của Hội đồng nhân dân",
        "Head of a council committee",
    ),
    _spec(
        "pc_chair",
        Bloc.PEOPLES_COMMITTEE,
        "Chủ tịch Ủy ban nhân dân",
        "Chair of the People's Committee",
    ),
    _spec(
        "pc_vice_chair",
        Bloc.PEOPLES_COMMITTEE,
        "Phó Chủ tịch Ủy ban nhân dân",
        "Vice-chair of the People's Committee",
    ),
    _spec(
        "pc_member",
        Bloc.PEOPLES_COMMITTEE,
        "Ủy viên Ủy ban nhân dân",
        "Member of the People's Committee",
    ),
)
"""The positions Resolution 96/2023/QH15 rates at council level, in the usual ballot order."""

DEFAULT_POSITION_ORDER: tuple[str, ...] = tuple(s.position.code for s in STANDARD_POSITIONS)

STANDARD_POSITION_BY_CODE: Mapping[str, PositionSpec] = {
    s.position.code: s for s in STANDARD_POSITIONS
}
