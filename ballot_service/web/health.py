"""GET /healthz: the database and the log key, for the operator and the load balancer."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from werkzeug.wrappers import Response

from .. import db
from ..services import ledger_log
from .api import json_route

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@json_route
def healthz() -> tuple[Response, int]:
    status: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        status["database"] = "ok"
    except Exception as error:
        status["database"] = f"error: {type(error).__name__}"
    try:
        status["log_key"] = "ok " + ledger_log.key_fingerprint(current_app)
    except Exception as error:
        status["log_key"] = f"error: {error}"
    ok = all(value.startswith("ok") for value in status.values())
    status["status"] = "ok" if ok else "error"
    return jsonify(status), 200 if ok else 503
