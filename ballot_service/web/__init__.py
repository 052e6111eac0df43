"""The web layer: extensions, security headers and one blueprint per audience."""

from __future__ import annotations

from flask import Flask, g, request

from .. import db
from . import (
    admin,
    api,
    audit,
    auth,
    board,
    cards,
    ceremony,
    committee,
    counting,
    display,
    docs,
    errors,
    hall,
    health,
    i18n,
    labels,
    minutes,
    moves,
    openapi,
    paper,
    resolution,
    security,
    vote,
)
from .converters import IdConverter


def init_web(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter  # before any route uses it

    @app.before_request
    def _readers_for_safe_methods() -> None:
        # First of all hooks, before any query: a GET only reads, so on SQLite its transactions
        # are deferred readers that never wait behind a write (db.reading; issue 13.7).
        if request.method in ("GET", "HEAD", "OPTIONS"):
            g.db_reading = db.set_reading(True)

    @app.teardown_request
    def _end_reading(_exc: BaseException | None) -> None:
        token = g.pop("db_reading", None)
        if token is not None:
            db.reset_reading(token)

    i18n.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    labels.init_app(app)
    moves.init_app(app)
    errors.init_app(app)
    api.init_app(app)
    for blueprint in (
        health.bp,
        hall.bp,
        display.bp,
        auth.bp,
        admin.bp,
        committee.bp,
        counting.bp,
        cards.bp,
        ceremony.bp,
        board.bp,
        audit.bp,
        minutes.bp,
        paper.bp,
        resolution.bp,
        vote.bp,
        docs.bp,
        openapi.bp,
    ):
        app.register_blueprint(blueprint)

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        db.session.remove()
