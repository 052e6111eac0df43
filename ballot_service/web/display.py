"""The hall display (public, no login, for the projector): the poll's title, council and state,
ballot cards issued, ballots cast and delegates present, kept live by js/display.js, which
fetches the small JSON below every 2 s. Never any result, partial or final: once counted, the
display points to the count minutes on the bulletin board.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from ..models import Poll
from ..services import cards, polls
from ..services.errors import ServiceError
from ..services.labels import label
from .api import ApiError, json_response

bp = Blueprint("display", __name__)

INTERVAL_MS = 2000  # how often the page asks for the figures


def status(poll: Poll) -> dict[str, Any]:
    """The display's whole payload: its keys are fixed (a test asserts them exactly)."""
    state = {"state": poll.state, "state_label": label("state", poll.state)}
    return state | cards.hall_figures(poll)


@bp.get("/hall/<id:poll_id>")
def show(poll_id: int) -> str:
    poll = polls.get_poll(poll_id)
    return render_template(
        "hall/display.html", poll=poll, figures=status(poll), interval=INTERVAL_MS
    )


@bp.get("/hall/<id:poll_id>/status.json")
def api_status(poll_id: int) -> tuple[Response, int]:
    try:
        poll = polls.get_poll(poll_id)
    except ServiceError as error:
        raise ApiError(str(error), error.status) from error
    return json_response(status(poll))
