"""The key ceremony's and the witness's JSON API for the committee members' devices.

Under /committee/api/polls/<id>/…; the acting member is always the logged-in user (its seat gives
its index m): no route takes an index from the request, so member A can never act for B. The
page /committee/polls/<id>/ceremony runs the same steps in the member's browser
(static/js/ceremony/), `ballot-trustee ceremony` from the console. The service only relays and
checks: the secrets stay on the devices (docs/PROTOCOL.md, the key ceremony).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..models import Poll, Trustee, User
from ..services import ceremony, export, ledger_log, lifecycle, polls, witness
from ..services.errors import ServiceError
from .api import ApiError, json_response
from .auth import role_required

bp = Blueprint("ceremony", __name__, url_prefix="/committee")


@bp.before_request
@role_required("committee")
def _only_committee() -> None:
    return None


def _member() -> User:
    user: User = current_user._get_current_object()
    return user


def _poll_and_seat(poll_id: int) -> tuple[Poll, Trustee]:
    """The poll and the logged-in member's seat on it (403 for anyone not on its committee)."""
    poll = polls.get_poll(poll_id)
    return poll, polls.seat(poll, _member())


def _call(action: Callable[[], Any]) -> Any:
    """Run one service call at the request boundary: commit, or roll back and answer JSON."""
    try:
        result = action()
    except ServiceError as error:
        db.session.rollback()
        status = 422 if type(error) is ServiceError else error.status
        raise ApiError(str(error), status) from None
    db.session.commit()
    return result


def _body() -> dict[str, Any]:
    """The request's JSON object: 415 for another content type, 400 for JSON that is not an
    object (the content type was right, the body is not)."""
    if not request.is_json:
        raise ApiError(_("Send a JSON object (Content-Type: application/json)."), 415)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(_("Send a JSON object (Content-Type: application/json)."), 400)
    return body


def _state(poll: Poll, seat: Trustee) -> dict[str, Any]:
    progress = ceremony.status(poll)
    keys = witness.witness_keys(poll)
    return {
        "poll": poll.id,
        "state": poll.state,
        "attempt": poll.ceremony_attempt,
        "fingerprint": poll.fingerprint,
        "threshold": poll.threshold,
        "me": seat.index,
        "log_id": ledger_log.poll_log_id(poll),
        "members": [
            {
                "index": t.index,
                "name": t.user.display_name,
                "chair": t.is_chair,
                "commitment": t.index in progress["commitment"],
                "shares": t.index in progress["share"],
                "confirmed": t.index in progress["confirm"],
                "witness": {"name": keys[t.index][0], "public_key": keys[t.index][1]}
                if t.index in keys
                else None,
            }
            for t in sorted(poll.trustees, key=lambda t: t.index)
        ],
        "commitments": {str(m): c.to_dict() for m, c in sorted(ceremony.commitments(poll).items())}
        if poll.state == "key_ceremony" or poll.election_key
        else {},
        "election_key": poll.election_key,
    }


def _api(poll_id: int) -> tuple[Poll, Trustee]:
    try:
        return _poll_and_seat(poll_id)
    except ServiceError as error:
        raise ApiError(str(error), error.status) from None


def witnesses_of(poll: Poll) -> list[dict[str, Any]]:
    """The committee members' witness keys and the checkpoint sizes each cosigned (for the
    board and the minutes, which show them)."""
    sizes = witness.cosigned_sizes(poll)
    names = {t.index: t.user.display_name for t in poll.trustees}
    return [
        {
            "member": m,
            "display_name": names.get(m, ""),
            "name": name,
            "public_key": key,
            "cosigned": sizes.get(name, []),
        }
        for m, (name, key) in witness.witness_keys(poll).items()
    ]


@bp.app_context_processor
def _witness_helpers() -> dict[str, Any]:
    return {"witnesses_of": witnesses_of}


@bp.get("/polls/<id:poll_id>/ceremony")
def page(poll_id: int) -> str:
    """The member's device page: key ceremony, key file, and cosigning the checkpoints."""
    poll, seat = _poll_and_seat(poll_id)  # a refusal is answered by the app's error page
    return render_template(
        "committee/ceremony.html", poll=poll, seat=seat, public_keys=export.public_keys()
    )


@bp.get("/api/polls/<id:poll_id>/ceremony")
def api_state(poll_id: int) -> tuple[Response, int]:
    """Everyone's progress, the commitments (with each transport key) and the witness keys."""
    poll, seat = _api(poll_id)
    return json_response(_state(poll, seat))


@bp.post("/api/polls/<id:poll_id>/ceremony/commitment")
def api_commitment(poll_id: int) -> tuple[Response, int]:
    poll, _seat = _api(poll_id)
    body = _body()
    _call(lambda: ceremony.post_commitment(poll, _member(), body))
    return json_response({"ok": True}, 201)


@bp.route("/api/polls/<id:poll_id>/ceremony/shares", methods=["GET", "POST"])
def api_shares(poll_id: int) -> tuple[Response, int]:
    """GET: the encrypted shares addressed to the logged-in member (only its device opens them).
    POST: relay the member's encrypted shares, one to each other member."""
    poll, seat = _api(poll_id)
    if request.method == "GET":
        return json_response({"shares": ceremony.shares_for(poll, seat.index)})
    shares = _body().get("shares")
    if not isinstance(shares, list):
        raise ApiError(_("Send the shares as a list."), 422)
    _call(lambda: ceremony.post_shares(poll, _member(), shares))
    return json_response({"ok": True}, 201)


@bp.post("/api/polls/<id:poll_id>/ceremony/confirm")
def api_confirm(poll_id: int) -> tuple[Response, int]:
    """Confirm (with the member's witness key) or complain, naming the senders of bad shares."""
    poll, _seat = _api(poll_id)
    body = _body()
    complaints = body.get("complaints", [])
    if not isinstance(complaints, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) for c in complaints
    ):
        raise ApiError(_("Complaints are a list of member numbers."), 422)

    def confirm() -> None:
        if not complaints:
            witness.register_key(poll, _member(), body.get("witness_key"))
        lifecycle.confirm_shares(poll, _member(), complaints)

    _call(confirm)
    return json_response({"state": poll.state, "election_key": poll.election_key}, 201)


@bp.get("/api/polls/<id:poll_id>/witness")
def api_witness(poll_id: int) -> tuple[Response, int]:
    """The member's witness name and logged key, and the sizes it has cosigned."""
    poll, seat = _api(poll_id)
    keys = witness.witness_keys(poll)
    name, key = keys.get(seat.index, (None, None))
    return json_response(
        {
            "name": name,
            "public_key": key,
            "log_id": ledger_log.poll_log_id(poll),
            "state": poll.state,
            "cosigned": witness.cosigned_sizes(poll).get(name or "", []),
        }
    )


@bp.post("/api/polls/<id:poll_id>/witness/cosignatures")
def api_cosign(poll_id: int) -> tuple[Response, int]:
    """Keep the member's cosignature of the checkpoint of `size` entries."""
    poll, _seat = _api(poll_id)
    body = _body()
    _call(
        lambda: witness.cosign(
            poll, _member(), body.get("size"), body.get("timestamp"), body.get("signature")
        )
    )
    return json_response({"ok": True}, 201)
