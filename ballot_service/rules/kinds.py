"""Poll kinds, their levels, council levels and blocs (Resolution 96/2023/QH15)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Lang = Literal["vi", "en"]


def codes(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The stored codes of a vocabulary (an enum of this package), in its order."""
    return tuple(member.value for member in vocabulary)


@dataclass(frozen=True)
class Labels:
    """A display label in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: Lang) -> str:
        """Return the label for `lang`."""
        return self.vi if lang == "vi" else self.en


class Level(StrEnum):
    """A level a delegate can mark on a ballot row; the codes are stored, never renamed."""

    HIGH = "high"
    CONFIDENCE = "confidence"
    LOW = "low"
    NO_CONFIDENCE = "no_confidence"

    @property
    def labels(self) -> Labels:
        """The Vietnamese and English names of the level."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS: Mapping[Level, Labels] = {
    Level.HIGH: Labels("Tín nhiệm cao", "High confidence"),
    Level.CONFIDENCE: Labels("Tín nhiệm", "Confidence"),
    Level.LOW: Labels("Tín nhiệm thấp", "Low confidence"),
    Level.NO_CONFIDENCE: Labels("Không tín nhiệm", "No confidence"),
}


class PollKind(StrEnum):
    """Confidence poll (lấy phiếu tín nhiệm) or confidence vote (bỏ phiếu tín nhiệm)."""

    POLL = "poll"
    VOTE = "vote"

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels in ballot order, most confident first."""
        return _KIND_LEVELS[self]

    @property
    def lowest(self) -> Level:
        """The level whose count L decides the consequence band."""
        return _KIND_LEVELS[self][-1]

    @property
    def labels(self) -> Labels:
        """The Vietnamese and English names of the kind."""
        return _KIND_LABELS[self]

    @property
    def log_code(self) -> str:
        """The kind as the `poll_created` log entry names it (docs/LOG.md)."""
        return _KIND_LOG_CODES[self]


_KIND_LEVELS: Mapping[PollKind, tuple[Level, ...]] = {
    PollKind.POLL: (Level.HIGH, Level.CONFIDENCE, Level.LOW),
    PollKind.VOTE: (Level.CONFIDENCE, Level.NO_CONFIDENCE),
}

_KIND_LOG_CODES: Mapping[PollKind, str] = {
    PollKind.POLL: "confidence_poll",
    PollKind.VOTE: "confidence_vote",
}

_KIND_LABELS: Mapping[PollKind, Labels] = {
    PollKind.POLL: Labels("Lấy phiếu tín nhiệm", "Confidence poll"),
    PollKind.VOTE: Labels("Bỏ phiếu tín nhiệm", "Confidence vote"),
}


class CouncilLevel(StrEnum):
    """The administrative level of a People's Council."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def min_committee_size(self) -> int:
        """The smallest counting committee (Ban kiểm phiếu) allowed at this level."""
        return _MIN_COMMITTEE_SIZE[self]

    @property
    def labels(self) -> Labels:
        """The Vietnamese and English names of the level."""
        return _COUNCIL_LEVEL_LABELS[self]


_MIN_COMMITTEE_SIZE: Mapping[CouncilLevel, int] = {
    CouncilLevel.PROVINCE: 7,
    CouncilLevel.DISTRICT: 5,
    CouncilLevel.COMMUNE: 3,
}

_COUNCIL_LEVEL_LABELS: Mapping[CouncilLevel, Labels] = {
    CouncilLevel.PROVINCE: Labels("cấp tỉnh", "provincial"),
    CouncilLevel.DISTRICT: Labels("cấp huyện", "district"),
    CouncilLevel.COMMUNE: Labels("cấp xã", "commune"),
}


class Bloc(StrEnum):
    """A block of rows on the ballot; `BLOC_ORDER` gives their order."""

    COUNCIL = "council"
    PEOPLES_COMMITTEE = "peoples_committee"

    @property
    def rank(self) -> int:
        """The position of the bloc on the ballot, 0 first."""
        return BLOC_ORDER.index(self)

    @property
    def labels(self) -> Labels:
        """The Vietnamese and English names of the bloc."""
        return _BLOC_LABELS[self]


BLOC_ORDER: tuple[Bloc, ...] = (Bloc.COUNCIL, Bloc.PEOPLES_COMMITTEE)

_BLOC_LABELS: Mapping[Bloc, Labels] = {
    Bloc.COUNCIL: Labels("Khối Hội đồng nhân dân", "People's Council bloc"),
    Bloc.PEOPLES_COMMITTEE: Labels("Khối Ủy ban nhân dân", "People's Committee bloc"),
}
