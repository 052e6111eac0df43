"""The counting committee's pages: the polls a member sits on, their progress, and the moves
the committee owns (ready, open, close, publish: the chair's, or a member's confirmed by a second
member when the poll allows it). Key ceremony and decryption run on the
members' own devices through the services; their pages come with the device code."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import db
from ..models import Poll, Trustee, User
from ..services import ceremony, lifecycle, polls
from . import forms, moves
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


def _member() -> User:
    """The logged-in member as the services take it (the acting user, never an index)."""
    user: User = current_user._get_current_object()
    return user


@bp.get("/")
def index() -> str:
    seats = db.session.scalars(
        select(Trustee).where(Trustee.user_id == current_user.id).order_by(Trustee.poll_id.desc())
    ).all()
    return render_template("committee/index.html", seats=seats)


def _moved(poll: Poll) -> Callable[[object], str]:
    def message(pending: object) -> str:
        if pending is None:
            return moves.moved_message(poll.state)
        return str(_("Your request is recorded; another member of the committee must confirm it."))

    return message


@bp.route("/polls/<id:poll_id>", methods=["GET", "POST"])
def poll(poll_id: int) -> Response | tuple[str, int]:
    item = polls.get_poll(poll_id)
    seat = _seat(item)
    move = forms.TransitionForm(prefix="move")
    if request.method == "POST":
        if move.validate_on_submit() and apply(
            lambda: lifecycle.request_move(
                item, move.target.data or "", _member(), seen_state=move.seen.data or None
            ),
            _moved(item),
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
        targets=lifecycle.moves_for(item, "committee"),
        pending=lifecycle.pending_moves(item),
        answer=forms.PendingMoveForm(prefix="answer"),
    )
    return page, 400 if request.method == "POST" else 200


@bp.post("/polls/<id:poll_id>/moves/<id:pending_id>/confirm")
def confirm_move(poll_id: int, pending_id: int) -> Response:
    item = polls.get_poll(poll_id)
    _seat(item)
    if forms.PendingMoveForm(prefix="answer").validate_on_submit():
        apply(
            lambda: lifecycle.confirm_move(item, pending_id, _member()),
            lambda _result: moves.moved_message(item.state),
        )
    return redirect(url_for(".poll", poll_id=item.id))


@bp.post("/polls/<id:poll_id>/moves/<id:pending_id>/withdraw")
def withdraw_move(poll_id: int, pending_id: int) -> Response:
    item = polls.get_poll(poll_id)
    _seat(item)
    if forms.PendingMoveForm(prefix="answer").validate_on_submit():
        apply(
            lambda: lifecycle.withdraw_move(item, pending_id, _member()),
            _("The request is withdrawn."),
        )
    return redirect(url_for(".poll", poll_id=item.id))
