"""The append-only tables refuse UPDATE and DELETE in the database itself, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ballot_service import db
from ballot_service.models import APPEND_ONLY_TABLES
from tests.helpers import make_poll


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE log_entries SET seq = seq + 100",
        "DELETE FROM log_entries",
        "UPDATE checkpoints SET size = 0",
        "DELETE FROM checkpoints",
    ],
)
def test_log_tables_refuse_changes(app, statement):
    make_poll()
    db.session.flush()
    nested = db.session.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    nested.rollback()


def test_every_append_only_table_has_both_triggers(app):
    bind = db.session.connection()
    if bind.dialect.name == "sqlite":
        rows = bind.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    else:
        rows = bind.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
    names = {row[0] for row in rows}
    for table in APPEND_ONLY_TABLES:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= names
