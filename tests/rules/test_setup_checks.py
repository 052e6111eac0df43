"""Each setup rule, passing and violated."""

import pytest

from ballot_service.rules.kinds import Bloc, CouncilLevel
from ballot_service.rules.officials import DEFAULT_POSITION_ORDER, Official, Position
from ballot_service.rules.setup_checks import (
    CommitteeMemberRated,
    CommitteeTooSmall,
    DuplicatePerson,
    ExclusionWithoutReason,
    NobodyRated,
    PositionMissing,
    ThresholdOutOfRange,
    UnknownPosition,
    ballot_order,
    check_committee_not_rated,
    check_committee_size,
    check_exclusion_reasons,
    check_setup,
    check_someone_rated,
    check_threshold,
    check_unique_persons,
)

COUNCIL_CHAIR = Position("council_chair", Bloc.COUNCIL)
COUNCIL_VICE = Position("council_vice_chair", Bloc.COUNCIL)
COMMITTEE_HEAD = Position("council_committee_head", Bloc.COUNCIL)
PC_CHAIR = Position("pc_chair", Bloc.PEOPLES_COMMITTEE)
PC_VICE = Position("pc_vice_chair", Bloc.PEOPLES_COMMITTEE)
PC_MEMBER = Position("pc_member", Bloc.PEOPLES_COMMITTEE)


def official(pid: int, *positions: Position, excluded: bool = False, reason: str = "") -> Official:
    return Official(pid, f"Người {pid}", positions, excluded=excluded, exclusion_reason=reason)


@pytest.mark.parametrize(
    ("level", "minimum"),
    [
        (CouncilLevel.PROVINCE, 7),
        (CouncilLevel.DISTRICT, 5),
        (CouncilLevel.COMMUNE, 3),
    ],
)
def test_committee_size(level: CouncilLevel, minimum: int) -> None:
    check_committee_size(level, minimum)
    with pytest.raises(CommitteeTooSmall, match=f"at least {minimum} members, got {minimum - 1}"):
        check_committee_size(level, minimum - 1)


def test_committee_too_small_carries_code_and_params() -> None:
    with pytest.raises(CommitteeTooSmall) as caught:
        check_committee_size(CouncilLevel.PROVINCE, 6)
    assert caught.value.code == "committee_too_small"
    assert caught.value.params == {"level": "province", "size": 6, "minimum": 7}


@pytest.mark.parametrize(("k", "n"), [(2, 2), (2, 3), (3, 3)])
def test_threshold_ok(k: int, n: int) -> None:
    check_threshold(k, n)


@pytest.mark.parametrize(("k", "n"), [(0, 3), (4, 3), (-1, 3), (1, 0), (1, 1), (1, 7)])
def test_threshold_out_of_range(k: int, n: int) -> None:
    with pytest.raises(ThresholdOutOfRange, match=f"k={k} with n={n}"):
        check_threshold(k, n)


def test_committee_member_cannot_be_rated() -> None:
    officials = [official(1, COUNCIL_CHAIR), official(2, PC_MEMBER)]
    check_committee_not_rated([3, 4, 5], officials)
    with pytest.raises(CommitteeMemberRated, match=r"Người 2 \(ids 2\)"):
        check_committee_not_rated([2, 4, 5], officials)


def test_excluded_committee_member_is_not_rated() -> None:
    retiring = official(2, PC_MEMBER, excluded=True, reason="nghỉ hưu")
    officials = [official(1, COUNCIL_CHAIR), retiring]
    check_committee_not_rated([2], officials)


def test_exclusion_needs_reason() -> None:
    reason = "Đã có thông báo nghỉ hưu"
    check_exclusion_reasons([official(1, PC_MEMBER, excluded=True, reason=reason)])
    for blank in ("", "   "):
        with pytest.raises(ExclusionWithoutReason, match="Người 1") as caught:
            check_exclusion_reasons([official(1, PC_MEMBER, excluded=True, reason=blank)])
        assert caught.value.code == "exclusion_without_reason"


def test_person_listed_once() -> None:
    check_unique_persons([official(1, COUNCIL_VICE, COMMITTEE_HEAD), official(2, PC_CHAIR)])
    with pytest.raises(DuplicatePerson, match="more than once: 1;"):
        check_unique_persons(
            [official(1, COUNCIL_VICE), official(2, PC_CHAIR), official(1, PC_VICE)]
        )


def test_someone_must_be_rated() -> None:
    check_someone_rated([official(1, PC_CHAIR)])
    with pytest.raises(NobodyRated):
        check_someone_rated([])
    with pytest.raises(NobodyRated):
        check_someone_rated([official(1, PC_CHAIR, excluded=True, reason="mới bầu trong năm")])


def test_ballot_order_council_bloc_first_then_position_order() -> None:
    given = [
        official(1, PC_MEMBER),
        official(2, PC_CHAIR),
        official(3, COMMITTEE_HEAD),
        official(4, PC_MEMBER),
        official(5, COUNCIL_CHAIR),
        official(6, PC_VICE, excluded=True, reason="nghỉ hưu"),
        official(7, PC_VICE),
    ]
    ordered = ballot_order(given, DEFAULT_POSITION_ORDER)
    assert [o.person_id for o in ordered] == [5, 3, 2, 7, 1, 4]  # ties keep the given order


def test_ballot_order_uses_earliest_position() -> None:
    given = [official(1, COUNCIL_VICE), official(2, COMMITTEE_HEAD, COUNCIL_CHAIR)]
    assert [o.person_id for o in ballot_order(given, DEFAULT_POSITION_ORDER)] == [2, 1]


def test_ballot_order_follows_configured_order() -> None:
    given = [official(1, PC_CHAIR), official(2, PC_VICE), official(3, COMMITTEE_HEAD)]
    order = ["council_committee_head", "pc_vice_chair", "pc_chair"]
    assert [o.person_id for o in ballot_order(given, order)] == [3, 2, 1]


def test_council_bloc_first_even_if_order_lists_it_later() -> None:
    given = [official(1, PC_CHAIR), official(2, COUNCIL_CHAIR)]
    order = ["pc_chair", "council_chair"]
    assert [o.person_id for o in ballot_order(given, order)] == [2, 1]


def test_ballot_order_rejects_unknown_or_missing_position() -> None:
    with pytest.raises(UnknownPosition, match="'deputy_secretary'"):
        unknown = Position("deputy_secretary", Bloc.COUNCIL)
        ballot_order([official(1, unknown)], DEFAULT_POSITION_ORDER)
    with pytest.raises(PositionMissing, match="Người 1"):
        ballot_order([official(1)], DEFAULT_POSITION_ORDER)


def test_check_setup_runs_everything() -> None:
    officials = [official(10, PC_CHAIR), official(11, COUNCIL_CHAIR)]
    committee = list(range(1, 8))
    ordered = check_setup(
        council_level=CouncilLevel.PROVINCE,
        committee=committee,
        officials=officials,
        position_order=DEFAULT_POSITION_ORDER,
        threshold=3,
        key_holders=5,
    )
    assert [o.person_id for o in ordered] == [11, 10]
    with pytest.raises(CommitteeMemberRated):
        check_setup(
            council_level=CouncilLevel.PROVINCE,
            committee=[*committee, 10],
            officials=officials,
            position_order=DEFAULT_POSITION_ORDER,
            threshold=3,
            key_holders=5,
        )


def test_codes_are_distinct() -> None:
    classes = [
        CommitteeTooSmall,
        ThresholdOutOfRange,
        CommitteeMemberRated,
        ExclusionWithoutReason,
        DuplicatePerson,
        NobodyRated,
        PositionMissing,
        UnknownPosition,
    ]
    assert len({c.code for c in classes}) == len(classes)
