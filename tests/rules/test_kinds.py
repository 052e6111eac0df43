"""Poll kinds, levels, council levels and blocs."""

from ballot_service.rules.kinds import BLOC_ORDER, Bloc, CouncilLevel, Level, PollKind


def test_poll_levels_in_ballot_order() -> None:
    assert PollKind.POLL.levels == (Level.HIGH, Level.CONFIDENCE, Level.LOW)
    assert [lvl.labels.vi for lvl in PollKind.POLL.levels] == [
        "Tín nhiệm cao",
        "Tín nhiệm",
        "Tín nhiệm thấp",
    ]
    assert PollKind.POLL.lowest is Level.LOW


def test_vote_levels_in_ballot_order() -> None:
    assert PollKind.VOTE.levels == (Level.CONFIDENCE, Level.NO_CONFIDENCE)
    assert [lvl.labels.get("en") for lvl in PollKind.VOTE.levels] == [
        "Confidence",
        "No confidence",
    ]
    assert PollKind.VOTE.lowest is Level.NO_CONFIDENCE


def test_codes_are_stable() -> None:
    assert [k.value for k in PollKind] == ["poll", "vote"]
    assert [lvl.value for lvl in PollKind.POLL.levels] == ["high", "confidence", "low"]
    assert [lvl.value for lvl in PollKind.VOTE.levels] == ["confidence", "no_confidence"]
    assert PollKind("vote").labels.vi == "Bỏ phiếu tín nhiệm"
    assert PollKind.POLL.labels.get("vi") == "Lấy phiếu tín nhiệm"


def test_committee_minimums() -> None:
    sizes = {level.value: level.min_committee_size for level in CouncilLevel}
    assert sizes == {"province": 7, "district": 5, "commune": 3}


def test_council_bloc_comes_first() -> None:
    assert BLOC_ORDER == (Bloc.COUNCIL, Bloc.PEOPLES_COMMITTEE)
    assert Bloc.COUNCIL.rank < Bloc.PEOPLES_COMMITTEE.rank
    assert Bloc.PEOPLES_COMMITTEE.labels.vi == "Khối Ủy ban nhân dân"
