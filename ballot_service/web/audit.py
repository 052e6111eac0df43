"""Auditors' home and downloads: the election record of a tallied poll (docs/RECORD.md)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import db
from ..models import Poll
from ..services import export, polls
from ..services.errors import Conflict
from . import publication
from .auth import role_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


RECORD_STATES = ("tallied", "published")


@bp.get("/")
@role_required("auditor", "committee", "admin")
def index() -> str:
    """Every poll: the ones whose record can be downloaded first, the others with their state."""
    everything = db.session.scalars(select(Poll).order_by(Poll.id.desc())).all()
    ready = [p for p in everything if p.state in RECORD_STATES and p.result is not None]
    waiting = [p for p in everything if p not in ready]
    return render_template("audit/index.html", ready=ready, waiting=waiting)


@bp.get("/polls/<id:poll_id>/record")
@role_required("auditor", "committee", "admin")
def record(poll_id: int) -> Response | tuple[str, int]:
    poll = polls.get_poll(poll_id)
    if poll.result is not None and not publication.may_see_result(poll):
        abort(403)  # the record holds the result: another poll's committee member waits too
    try:
        data = export.export_record(poll)
    except Conflict:
        return render_template("audit/not_tallied.html", poll=poll), 409
    return Response(
        data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="record-poll-{poll.id}.zip"',
            "Cache-Control": "no-store",
        },
    )
