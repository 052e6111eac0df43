"""The rules of Resolution 96/2023/QH15 that can be checked when a poll is set up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ballot_service.rules.errors import RuleViolation, join_ids
from ballot_service.rules.kinds import CouncilLevel
from ballot_service.rules.officials import Official, PersonId


class CommitteeTooSmall(RuleViolation):
    """The counting committee has fewer members than its council level requires."""

    code = "committee_too_small"


class ThresholdOutOfRange(RuleViolation):
    """The key holders' threshold k is not within 2 ≤ k ≤ n."""

    code = "threshold_out_of_range"


class CommitteeMemberRated(RuleViolation):
    """A member of the counting committee is among the persons rated."""

    code = "committee_member_rated"


class ExclusionWithoutReason(RuleViolation):
    """A person is excluded from rating without a stated reason."""

    code = "exclusion_without_reason"


class DuplicatePerson(RuleViolation):
    """A person is listed twice; list them once with all positions."""

    code = "duplicate_person"


class NobodyRated(RuleViolation):
    """The list rates no official at all."""

    code = "nobody_rated"


class PositionMissing(RuleViolation):
    """A person is listed without any position."""

    code = "position_missing"


class InvalidOrder(RuleViolation):
    """A person's configured order within the bloc is not a whole number ≥ 0."""

    code = "invalid_order"


class NotInBallotOrder(RuleViolation):
    """A list of rows is not in ballot order."""

    code = "not_in_ballot_order"


def check_committee_size(level: CouncilLevel, size: int) -> None:
    """Check the counting committee has at least 7/5/3 members (province/district/commune)."""
    minimum = level.min_committee_size
    if size < minimum:
        raise CommitteeTooSmall(
            f"a {level.value} council's counting committee needs at least {minimum} members,"
            f" got {size}",
            level=level.value,
            size=size,
            minimum=minimum,
        )


MIN_THRESHOLD = 2
"""The least k: with k = 1 every member's share is the whole election secret and decrypts any
single ballot, so one member would be the committee (issue 10.1)."""


def majority(n: int) -> int:
    """The smallest k that is more than half of n key holders: ⌊n/2⌋ + 1 (the default k)."""
    return n // 2 + 1


def check_threshold(k: int, n: int) -> None:
    """Check that k of n key holders can decrypt and no single one can: 2 ≤ k ≤ n."""
    if not MIN_THRESHOLD <= k <= n:
        raise ThresholdOutOfRange(
            f"threshold k={k} with n={n} key holders: need {MIN_THRESHOLD} ≤ k ≤ n",
            k=k,
            n=n,
            minimum=MIN_THRESHOLD,
        )


def below_majority(k: int, n: int) -> bool:
    """Whether k is allowed but fewer than a majority of the n key holders (worth a warning:
    that many members together can decrypt any single ballot)."""
    return k < majority(n)


def check_unique_persons(officials: Iterable[Official]) -> None:
    """Check nobody is listed twice (a person with several positions gets one row)."""
    counts = Counter(o.person_id for o in officials)
    duplicates = [pid for pid, count in counts.items() if count > 1]
    if duplicates:
        ids = join_ids(duplicates)
        raise DuplicatePerson(
            f"persons listed more than once: {ids}; list each once with all positions",
            person_ids=ids,
        )


def check_exclusion_reasons(officials: Iterable[Official]) -> None:
    """Check every person excluded from rating has a non-blank reason."""
    missing = [o for o in officials if o.excluded and not o.exclusion_reason.strip()]
    if missing:
        ids = join_ids(o.person_id for o in missing)
        names = ", ".join(o.name for o in missing)
        raise ExclusionWithoutReason(
            f"persons excluded without a reason: {names} (ids {ids})",
            person_ids=ids,
            names=names,
        )


def check_committee_not_rated(committee: Iterable[PersonId], officials: Iterable[Official]) -> None:
    """Check no member of the counting committee is among the persons rated."""
    members = set(committee)
    clash = [o for o in officials if o.rated and o.person_id in members]
    if clash:
        ids = join_ids(o.person_id for o in clash)
        names = ", ".join(o.name for o in clash)
        raise CommitteeMemberRated(
            f"counting committee members cannot be rated: {names} (ids {ids})",
            person_ids=ids,
            names=names,
        )


def check_someone_rated(officials: Iterable[Official]) -> None:
    """Check the list rates at least one official."""
    if not any(o.rated for o in officials):
        raise NobodyRated("the poll rates no official; rate at least one")


def ballot_order(officials: Iterable[Official]) -> tuple[Official, ...]:
    """Return the rated officials in ballot order (LAW.md "The ballot"): the council bloc, then
    the People's Committee bloc, each in the configured order; equal orders by name."""
    rated = [o for o in officials if o.rated]
    for official in rated:
        _check_placed(official)
    return tuple(sorted(rated, key=lambda o: o.ballot_key))


def check_ballot_order(rows: Sequence[Official]) -> None:
    """Check the rows are in ballot order; NotInBallotOrder names the first row out of place."""
    for official in rows:
        _check_placed(official)
    for i in range(1, len(rows)):
        if rows[i].ballot_key < rows[i - 1].ballot_key:
            raise NotInBallotOrder(
                f"row {i} ({rows[i].name}, {rows[i].bloc.value} {rows[i].order}) comes after"
                f" row {i - 1} ({rows[i - 1].name}, {rows[i - 1].bloc.value}"
                f" {rows[i - 1].order}): not the ballot order",
                row=i,
                name=rows[i].name,
            )


def _check_placed(official: Official) -> None:
    if not official.positions:
        raise PositionMissing(
            f"{official.name} (id {official.person_id}) has no position",
            person_id=str(official.person_id),
            name=official.name,
        )
    if (
        isinstance(official.order, bool)
        or not isinstance(official.order, int)
        or official.order < 0
    ):
        raise InvalidOrder(
            f"{official.name} (id {official.person_id}) has order {official.order!r},"
            " not a whole number ≥ 0",
            person_id=str(official.person_id),
            name=official.name,
        )


def check_setup(
    *,
    council_level: CouncilLevel,
    committee: Sequence[PersonId],
    officials: Sequence[Official],
    threshold: int,
    key_holders: int,
) -> tuple[Official, ...]:
    """Run every setup check and return the rated officials in ballot order."""
    check_committee_size(council_level, len(set(committee)))
    check_threshold(threshold, key_holders)
    check_unique_persons(officials)
    check_exclusion_reasons(officials)
    check_someone_rated(officials)
    check_committee_not_rated(committee, officials)
    return ballot_order(officials)
