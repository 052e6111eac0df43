"""The counting committee's pages: the polls a member sits on, their progress, and the moves
the committee owns (ready, open, close, publish). Key ceremony and decryption run on the
members' own devices through the services; their pages come with the device code."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import db
from ..models import Poll, Trustee
from ..services import ceremony, polls
from . import forms
from .actions import apply
from .auth import role_required

bp = Blueprint("committee", __name__, url_prefix="/committee")


@bp.before_request
@role_required("committee")
def _only_committee() -> None:
    return None


def _seat(poll: Poll) -> Trustee:
    """The current user's seat on this poll's committee (403 for anyone else)."""
    seat = next((t for t in poll.trustees if t.user_id == current_user.id), None)
    if seat is None:
        abort(403)
    return seat


@bp.get("/")
def index() -> str:
    seats = db.session.scalars(
        select(Trustee).where(Trustee.user_id == current_user.id).order_by(Trustee.poll_id.desc())
    ).all()
    return render_template("committee/index.html", seats=seats)


@bp.route("/polls/<id:poll_id>", methods=["GET", "POST"])
def poll(poll_id: int) -> Response | tuple[str, int]:
    item = polls.get_poll(poll_id)
    seat = _seat(item)
    move = forms.TransitionForm(prefix="move")
    if request.method == "POST":
        if move.validate_on_submit() and apply(
            lambda: polls.request_transition(item, move.target.data or "", "committee"),
            _("The poll moved on."),
        ):
            return redirect(request.path)
        if move.errors.get("csrf_token") is not None:
            flash(_("The page has expired. Reload it and submit again."), "error")
    progress = ceremony.status(item) if item.state == "key_ceremony" else None
    page = render_template(
        "committee/poll.html",
        poll=item,
        seat=seat,
        move=move,
        counts=polls.counts(item),
        progress=progress,
        targets=polls.moves_for(item, "committee"),
    )
    return page, 400 if request.method == "POST" else 200
