"""The persons on a poll's list, the positions they hold, and their place on the ballot."""

from __future__ import annotations

from dataclasses import dataclass

from ballot_service.rules.kinds import Bloc
from ballot_service.rules.names import NameKey, person_key

PersonId = int | str


@dataclass(frozen=True)
class Official:
    """A person on the list, with every position held (a person is rated once).

    `order` is the council's configured place of the person's positions within the bloc
    (0 first); LAW.md "The ballot": council bloc first, then the People's Committee bloc,
    each in the configured order of positions.
    """

    person_id: PersonId
    name: str
    positions: tuple[str, ...]
    bloc: Bloc
    order: int
    excluded: bool = False
    exclusion_reason: str = ""  # e.g. announced retirement, elected within the same year

    @property
    def rated(self) -> bool:
        """Whether the person gets a row on the ballot."""
        return not self.excluded

    @property
    def ballot_key(self) -> tuple[int, int, NameKey]:
        """Where the person's row goes: bloc, configured order, then name in Vietnamese order
        (for equal orders)."""
        return (self.bloc.rank, self.order, person_key(self.name))
