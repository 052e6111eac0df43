"""One vocabulary: every stored code comes from `ballot_service.rules`.

The models' check constraints, the database the migrations make, the pages' choices and names,
the manifest's level codes and the log's kind codes are compared with the rules' enums; a code
spelled anywhere else would make one of these fail.
"""

from __future__ import annotations

import re
from enum import StrEnum

import pytest
from sqlalchemy import CheckConstraint, inspect

from ballot_service import db
from ballot_service.ledger.entries import SCHEMAS, EventType
from ballot_service.models import Base, Council, Official, Poll
from ballot_service.record.manifest import level_codes
from ballot_service.rules.kinds import Bloc, CouncilLevel, PollKind, codes
from ballot_service.rules.results import Denominator
from ballot_service.rules.states import PollState
from ballot_service.services.labels import LABELS
from ballot_service.web import forms

COLUMNS: list[tuple[type[Base], str, type[StrEnum]]] = [
    (Council, "level", CouncilLevel),
    (Official, "bloc", Bloc),
    (Poll, "kind", PollKind),
    (Poll, "denominator", Denominator),
    (Poll, "state", PollState),
]
_IN = re.compile(r"^\s*(\w+)\s+IN\s*\((.*)\)\s*$", re.DOTALL)


def listed_codes(sql: str, column: str) -> tuple[str, ...]:
    """The codes of a "column IN ('a', 'b')" check."""
    match = _IN.match(sql)
    assert match and match.group(1) == column, sql
    return tuple(re.findall(r"'([^']*)'", match.group(2)))


def model_check(model: type[Base], column: str) -> str:
    found = [
        str(c.sqltext)
        for c in model.__table__.constraints
        if isinstance(c, CheckConstraint) and c.name and str(c.name).endswith(column)
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("model", "column", "vocabulary"), COLUMNS)
def test_model_check_constraints_list_the_rules_codes(model, column, vocabulary) -> None:
    assert listed_codes(model_check(model, column), column) == codes(vocabulary)


@pytest.mark.parametrize(("model", "column", "vocabulary"), COLUMNS)
def test_the_migrated_database_checks_the_same_codes(app, model, column, vocabulary) -> None:
    checks = inspect(db.session.connection()).get_check_constraints(model.__tablename__)
    (check,) = [c for c in checks if c["name"] == f"ck_{model.__tablename__}_{column}"]
    # PostgreSQL gives the check back rewritten (= ANY (ARRAY['a'::varchar, …])): compare codes.
    assert set(re.findall(r"'([^']*)'", check["sqltext"])) == set(codes(vocabulary))


def test_every_code_has_a_translated_name_and_nothing_else() -> None:
    for name, vocabulary in [
        ("level", CouncilLevel),
        ("kind", PollKind),
        ("bloc", Bloc),
        ("denominator", Denominator),
        ("state", PollState),
    ]:
        assert list(LABELS[name]) == list(vocabulary), name


def test_form_choices_are_the_rules_codes() -> None:
    for choices, vocabulary in [
        (forms.LEVELS, CouncilLevel),
        (forms.BLOCS, Bloc),
        (forms.KINDS, PollKind),
    ]:
        # every code offered once; the order is the page's (district last: a legacy level)
        assert sorted(c.value for c in choices) == sorted(codes(vocabulary))
    assert tuple(c.value for c in forms.DENOMINATORS if c.value) == codes(Denominator)


def test_manifest_levels_and_log_kinds_come_from_the_kinds() -> None:
    assert level_codes(PollKind.POLL) == ["high", "confidence", "low"]
    assert level_codes(PollKind.VOTE) == ["confidence", "no_confidence"]
    (kind,) = [f for f in SCHEMAS[EventType.POLL_CREATED].fields if f.name == "kind"]
    assert kind.choices == {"confidence_poll", "confidence_vote"}
    assert kind.choices == {k.log_code for k in PollKind}
