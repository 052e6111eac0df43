"""Auditors' downloads: the election record of a tallied poll (docs/RECORD.md)."""

from __future__ import annotations

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from ..services import export, polls
from ..services.errors import Conflict
from .auth import role_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/polls/<id:poll_id>/record")
@role_required("auditor", "committee", "admin")
def record(poll_id: int) -> Response | tuple[str, int]:
    poll = polls.get_poll(poll_id)
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
