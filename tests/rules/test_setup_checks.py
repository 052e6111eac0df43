"""Each setup rule, passing and violated."""

import pytest

from ballot_service.rules.kinds import Bloc, CouncilLevel
from ballot_service.rules.officials import Official
from ballot_service.rules.setup_checks import (
    CommitteeMemberRated,
    CommitteeTooSmall,
    DuplicatePerson,
    ExclusionWithoutReason,
    InvalidOrder,
    NobodyRated,
    NotInBallotOrder,
    PositionMissing,
    ThresholdOutOfRange,
    ballot_order,
    check_ballot_order,
    check_committee_not_rated,
    check_committee_size,
    check_exclusion_reasons,
    check_setup,
    check_someone_rated,
    check_threshold,
    check_unique_persons,
)

# (bloc, configured order within the bloc, position title), as a council might configure them
COUNCIL_CHAIR = (Bloc.COUNCIL, 0, "Chủ tịch HĐND")
COUNCIL_VICE = (Bloc.COUNCIL, 1, "Phó Chủ tịch HĐND")
COMMITTEE_HEAD = (Bloc.COUNCIL, 2, "Trưởng Ban Pháp chế")
PC_CHAIR = (Bloc.PEOPLES_COMMITTEE, 0, "Chủ tịch UBND")
PC_VICE = (Bloc.PEOPLES_COMMITTEE, 1, "Phó Chủ tịch UBND")
PC_MEMBER = (Bloc.PEOPLES_COMMITTEE, 2, "Ủy viên UBND")


def official(
    pid: int,
    place: tuple[Bloc, int, str] = PC_MEMBER,
    *,
    excluded: bool = False,
    reason: str = "",
    name: str = "",
    positions: tuple[str, ...] | None = None,
) -> Official:
    bloc, order, title = place
    return Official(
        pid,
        name or f"Người {pid}",
        (title,) if positions is None else positions,
        bloc,
        order,
        excluded=excluded,
        exclusion_reason=reason,
    )


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
    check_unique_persons(
        [official(1, COUNCIL_VICE, positions=("Phó Chủ tịch", "Trưởng Ban")), official(2, PC_CHAIR)]
    )
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


def test_ballot_order_council_bloc_first_then_configured_order() -> None:
    given = [
        official(1, PC_MEMBER),
        official(2, PC_CHAIR),
        official(3, COMMITTEE_HEAD),
        official(4, PC_MEMBER),
        official(5, COUNCIL_CHAIR),
        official(6, PC_VICE, excluded=True, reason="nghỉ hưu"),
        official(7, PC_VICE),
    ]
    ordered = ballot_order(given)
    assert [o.person_id for o in ordered] == [5, 3, 2, 7, 1, 4]  # equal orders: by name


def test_ballot_order_follows_the_configured_order_not_the_titles() -> None:
    # A council that puts its People's Committee members before the chair (e.g. the chair is
    # elected later in the term) and a committee head before the council's chair.
    given = [
        official(1, (Bloc.PEOPLES_COMMITTEE, 5, "Chủ tịch UBND")),
        official(2, (Bloc.PEOPLES_COMMITTEE, 0, "Ủy viên UBND")),
        official(3, (Bloc.COUNCIL, 3, "Chủ tịch HĐND")),
        official(4, (Bloc.COUNCIL, 1, "Trưởng Ban Pháp chế")),
    ]
    assert [o.person_id for o in ballot_order(given)] == [4, 3, 2, 1]


def test_council_bloc_first_even_with_a_later_order() -> None:
    given = [
        official(1, (Bloc.PEOPLES_COMMITTEE, 0, "Chủ tịch UBND")),
        official(2, (Bloc.COUNCIL, 9, "x")),
    ]
    assert [o.person_id for o in ballot_order(given)] == [2, 1]


def test_equal_orders_go_by_name() -> None:
    given = [official(1, PC_VICE, name="Trần B"), official(2, PC_VICE, name="Lê A")]
    assert [o.person_id for o in ballot_order(given)] == [2, 1]


def test_ballot_order_rejects_a_missing_position_or_a_bad_order() -> None:
    with pytest.raises(PositionMissing, match="Người 1"):
        ballot_order([official(1, positions=())])
    with pytest.raises(InvalidOrder, match="Người 1"):
        ballot_order([official(1, (Bloc.COUNCIL, -1, "x"))])


def test_check_ballot_order_names_the_row_out_of_place() -> None:
    rows = [official(1, COUNCIL_CHAIR), official(2, PC_CHAIR), official(3, PC_MEMBER)]
    check_ballot_order(rows)
    check_ballot_order(list(ballot_order(reversed(rows))))
    with pytest.raises(NotInBallotOrder, match=r"row 1 \(Người 3"):
        check_ballot_order([rows[0], rows[2], rows[1]])
    with pytest.raises(NotInBallotOrder, match="row 1"):
        check_ballot_order([rows[1], rows[0]])


def test_check_setup_runs_everything() -> None:
    officials = [official(10, PC_CHAIR), official(11, COUNCIL_CHAIR)]
    committee = list(range(1, 8))
    ordered = check_setup(
        council_level=CouncilLevel.PROVINCE,
        committee=committee,
        officials=officials,
        threshold=3,
        key_holders=5,
    )
    assert [o.person_id for o in ordered] == [11, 10]
    with pytest.raises(CommitteeMemberRated):
        check_setup(
            council_level=CouncilLevel.PROVINCE,
            committee=[*committee, 10],
            officials=officials,
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
        InvalidOrder,
        NotInBallotOrder,
    ]
    assert len({c.code for c in classes}) == len(classes)
