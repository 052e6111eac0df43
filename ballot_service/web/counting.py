"""The counting committee's decryption and results: the page where a member decrypts in the
browser, its JSON API (also used by `ballot-trustee decrypt`), and the results page.

The acting member is always the logged-in user: the API answers with the member's own index as
the service knows it and takes decryption shares for that index only. The member's key file and
passphrase never leave the device; only the shares with their proofs are posted.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..models import Poll, Trustee, User
from ..rules.formatting import format_percent
from ..rules.kinds import Lang, Level, PollKind
from ..services import ceremony, counting, lifecycle, minutes, polls
from ..services.errors import ServiceError
from .api import ApiError, json_response
from .auth import role_required

bp = Blueprint("counting", __name__, url_prefix="/committee")

MAX_LEVELS = 8


@bp.before_request
@role_required("committee")
def _only_committee() -> None:
    return None


def _member() -> User:
    user: User = current_user._get_current_object()
    return user


def _seat(poll: Poll) -> Trustee | None:
    return next((t for t in poll.trustees if t.user_id == current_user.id), None)


def _api_seat(poll_id: int) -> tuple[Poll, Trustee]:
    try:
        poll = polls.get_poll(poll_id)
    except ServiceError as error:
        raise ApiError(str(error), error.status) from None
    seat = _seat(poll)
    if seat is None:
        raise ApiError(_("You are not a member of this poll's counting committee."), 403)
    return poll, seat


def _lang() -> Lang:
    return "vi" if str(get_locale()) == "vi" else "en"


def status(poll: Poll, seat: Trustee) -> dict[str, Any]:
    """What a member's device needs to decrypt: the poll's election data, the member's own index
    and verification key, who has decrypted, and (once closed) the encrypted tally."""
    posted = sorted(counting.posted_shares(poll)) if poll.tally is not None else []
    answer: dict[str, Any] = {
        "poll": poll.id,
        "title": poll.title,
        "state": poll.state,
        "election": poll.fingerprint,
        "member": seat.index,
        "members": len(poll.trustees),
        "threshold": poll.threshold,
        "levels": poll.levels,
        "officials": len(poll.rated),
        "posted": posted,
        "decrypted": poll.result is not None,
        "verification_key": None,
        "tally": None,
    }
    if poll.election_key is not None:
        answer["verification_key"] = ceremony.verification_keys(poll)[seat.index].hex()
    if poll.state == "closed":
        answer["tally"] = counting.tally(poll)
    return answer


def _shares_from(body: Any) -> list[list[dict[str, Any]]]:
    """The posted {"shares": [[share, …], …]}: a list per official of one object per level."""
    shares = body.get("shares") if isinstance(body, dict) else None
    if (
        not isinstance(shares, list)
        or not all(isinstance(row, list) and len(row) <= MAX_LEVELS for row in shares)
        or not all(isinstance(item, dict) for row in shares for item in row)
    ):
        raise ApiError(
            _('Send the decryption shares as {"shares": [[share, …], …]}, one per cell.'), 400
        )
    return shares


@bp.route("/api/polls/<id:poll_id>/decryption", methods=["GET", "POST"])
def api_status(poll_id: int) -> tuple[Response, int]:
    """GET: what the member's device needs (`status`). POST: the member's decryption shares;
    201 with the new status (``"decrypted": true`` once k members have decrypted and the result
    is logged). One rule for both, so an id out of range is a 404 for either method."""
    if request.method == "POST":
        return _post(poll_id)
    poll, seat = _api_seat(poll_id)
    return json_response(status(poll, seat))


def _post(poll_id: int) -> tuple[Response, int]:
    if not request.is_json:
        raise ApiError(
            _("Send the decryption shares as JSON (Content-Type: application/json)."), 415
        )
    poll = _api_seat(poll_id)[0]
    shares = _shares_from(request.get_json(silent=True))
    try:
        lifecycle.post_decryption(poll, _member(), shares)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        status_code = 422 if type(error) is ServiceError else error.status
        raise ApiError(str(error), status_code) from None
    poll, seat = _api_seat(poll_id)
    return json_response(status(poll, seat), 201)


@bp.get("/polls/<id:poll_id>/decryption")
def page(poll_id: int) -> tuple[str, int]:
    poll = polls.get_poll(poll_id)
    seat = _seat(poll)
    if seat is None:
        abort(403)
    posted = sorted(counting.posted_shares(poll)) if poll.tally is not None else []
    return render_template("committee/decryption.html", poll=poll, seat=seat, posted=posted), 200


def outcome(poll: Poll) -> dict[str, Any]:
    """The decrypted result with what the results table needs (ballot order, levels, words)."""
    data = minutes.build(poll)
    lang = _lang()
    return {
        "m": data,
        "result": data.result,
        "officials": data.manifest["officials"],
        "levels": [Level(code) for code in PollKind(poll.kind).levels],
        "percent": lambda text: format_percent(Fraction(text), lang),
        "lang": lang,
    }


@bp.get("/polls/<id:poll_id>/result")
def result(poll_id: int) -> tuple[str, int]:
    poll = polls.get_poll(poll_id)
    seat = _seat(poll)
    if seat is None:
        abort(403)
    if poll.result is None:
        posted = sorted(counting.posted_shares(poll)) if poll.tally is not None else []
        return render_template(
            "committee/result_waiting.html", poll=poll, seat=seat, posted=posted
        ), 200
    return render_template(
        "committee/result.html",
        poll=poll,
        seat=seat,
        **outcome(poll),
    ), 200
