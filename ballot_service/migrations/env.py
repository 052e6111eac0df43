"""Alembic environment: migrations run on the connection or URL the caller gives."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from ballot_service.models import Base

config = context.config


def _migrate(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as owned:
        _migrate(owned)


run_migrations_online()
