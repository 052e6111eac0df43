"""The draft resolution confirming the results (.docx), for the secretariat and the committee
once a poll is decrypted, and for paper counts once their counts are saved."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_login import current_user

from ..services import minutes, paper, polls, resolution
from . import publication
from .auth import role_required

bp = Blueprint("resolution", __name__, url_prefix="/resolution")


@bp.before_request
@role_required("admin", "committee")
def _only_staff() -> None:
    return None


def _docx(data: minutes.Minutes) -> Response:
    response = Response(resolution.build(data), mimetype=resolution.MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{resolution.filename(data)}"'
    return response


@bp.get("/polls/<id:poll_id>.docx")
def poll_docx(poll_id: int) -> Response:
    poll = polls.get_poll(poll_id)
    if not publication.may_see_result(poll):
        abort(403)
    return _docx(minutes.build(poll))


@bp.get("/paper/<id:paper_id>.docx")
def paper_docx(paper_id: int) -> Response:
    item = paper.get(paper_id)
    paper.check_access(item, current_user._get_current_object())
    return _docx(minutes.build_paper(item))
