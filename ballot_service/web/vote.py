"""The delegates' side: casting a ballot from a tablet (JSON).

A ballot is authorised by its credential's signature, not by a login or a session, so the cast
endpoint is exempt from CSRF tokens; it takes JSON only. The ballot is verified between two
short transactions: no lock is held while its proofs are checked (services/voting.py).
"""

from __future__ import annotations

import io
import json
import re
import threading

import qrcode
import qrcode.image.svg
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import db
from ..crypto.ballot_types import Ballot as VerifiedBallot
from ..models import Poll
from ..rules.kinds import Lang
from ..services import polls, tablet, verify_pool, voting
from ..services.errors import ServiceError
from .api import ApiError, json_response
from .hall import hall_bases
from .security import csrf

bp = Blueprint("vote", __name__)


@bp.post("/vote/api/polls/<id:poll_id>/ballots")
@csrf.exempt
def api_cast(poll_id: int) -> tuple[Response, int]:
    """Cast: 201 with the receipt; 200 with the same receipt when the same ballot comes again;
    409 with the first receipt for another ballot on a used card; 429 with Retry-After when the
    hall casts faster than the ballots are verified; a translated 4xx otherwise."""
    if not request.is_json:
        raise ApiError(_("Send the ballot as JSON (Content-Type: application/json)."), 415)
    admission = _admission()
    if not admission.acquire(blocking=False):
        response, status = json_response(
            {
                "error": _(
                    "Many ballots are arriving at once. Yours will be sent again in a moment: "
                    "keep this page open."
                ),
                "retry_after": RETRY_AFTER,
            },
            429,
        )
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response, status
    try:
        return _cast(poll_id)
    finally:
        admission.release()


# A cast holds one of the server's threads while its ballot is verified. So that a whole hall
# casting at once cannot take every thread (a board page then queued behind hundreds of casts:
# 11.7 s in the burst of ./scripts/load), only so many casts are let in at a time per server
# process, enough to keep every verification process busy. A cast past them is told at once to
# come back (429, Retry-After), having cost almost nothing and held no thread (a cast that
# waited for its turn would hold one); the tablet sends it again, a random 0–2 s later than
# asked, so that the hall's retries spread out.
RETRY_AFTER = 2  # seconds
_admission_made = threading.Lock()


def _admission() -> threading.BoundedSemaphore:
    """The app's cast admission: CASTS_AT_ONCE, else four per verification process (8 at
    least), made on the first cast (the processes are started by then)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _admission_made:
        found = app.extensions.get("cast_admission")
        if found is None:
            limit = app.config.get("CASTS_AT_ONCE") or max(8, 4 * verify_pool.processes())
            found = app.extensions["cast_admission"] = threading.BoundedSemaphore(limit)
    return found  # type: ignore[no-any-return]


def _cast(poll_id: int) -> tuple[Response, int]:
    """The cast once admitted."""
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(_("The ballot is not valid JSON."), 400)
    try:
        with db.reading():  # the checks only read: on SQLite they wait for no write
            poll = polls.get_poll(poll_id)
            election = voting.election_of(poll)
            voting.check_card(poll, body)  # an unknown or voided card costs no verification
            earlier = voting.repeated_cast(poll, body)  # a retry costs no verification either
            if earlier is not None:
                answer = {"receipt": voting.receipt(earlier), "repeated": True}
                db.session.commit()
                return json_response(answer, 200)
            db.session.commit()  # end the read so no lock is held while verifying
        ballot = voting.verify_cast(election, body)
        outcome = db.retry_busy(lambda: _record(poll_id, ballot))
    except voting.AlreadyVoted as refused:
        db.session.rollback()
        with db.reading():
            first = voting.receipt(refused.receipt)
        return json_response({"error": str(refused), "receipt": first}, 409)
    except ServiceError as error:
        db.session.rollback()
        status = 422 if type(error) is ServiceError else error.status
        raise ApiError(str(error), status) from None
    with db.reading():
        answer = {"receipt": voting.receipt(outcome.receipt), "repeated": outcome.repeated}
    return json_response(answer, 200 if outcome.repeated else 201)


def _record(poll_id: int, ballot: VerifiedBallot) -> voting.CastOutcome:
    """The write half of a cast, one transaction (run again if SQLite reports busy)."""
    outcome = voting.record_cast(polls.get_poll(poll_id), ballot)
    db.session.commit()
    return outcome


# --- the voting page ------------------------------------------------------------------------------


def _lang() -> Lang:
    return "vi" if str(get_locale()) == "vi" else "en"


def _poll(poll_id: int) -> Poll:
    try:
        return polls.get_poll(poll_id)
    except ServiceError as error:
        raise ApiError(str(error), error.status) from None


@bp.get("/vote/<id:poll_id>")
def ballot_page(poll_id: int) -> str:
    """The delegate's page, opened by the card's QR (/vote/<poll>#<token>) or by typing the
    token. The token stays in the fragment: the page derives the card's public credential and
    never sends the token. A poll not open yet or closed gets its own page."""
    poll = polls.get_poll(poll_id)
    if poll.state != "open":
        when = "not_open" if poll.state in tablet.NOT_YET_OPEN else "closed"
        return render_template(
            "vote/unavailable.html", poll=poll, when=when, waiting_states=tablet.NOT_YET_OPEN
        )
    # The election comes with the page (one round trip less before the Worker can start).
    election = json.dumps(tablet.election(poll, _lang()), ensure_ascii=False)
    return render_template("vote/ballot.html", poll=poll, election=election)


@bp.get("/vote/api/polls/<id:poll_id>/election")
def api_election(poll_id: int) -> tuple[Response, int]:
    """The poll's state and, once its key is fixed, what a ballot is made for (public)."""
    return json_response(tablet.election(_poll(poll_id), _lang()))


@bp.get("/vote/api/polls/<id:poll_id>/cards/<credential>")
def api_card(poll_id: int, credential: str) -> tuple[Response, int]:
    """A card's status by its public credential: unknown, voided, used (with its first
    receipt) or ok. Public: the board lists the credentials and the ballots."""
    try:
        status, used = tablet.card_status(_poll(poll_id), credential)
    except ServiceError as error:
        raise ApiError(str(error), error.status) from None
    answer: dict[str, object] = {"status": status}
    if used is not None:
        answer["receipt"] = voting.receipt(used)
    return json_response(answer)


@bp.get("/vote/receipts/<tracking_code>.svg")
def receipt_qr(tracking_code: str) -> Response:
    """The QR code of a receipt's page on the board (public: made from the tracking code)."""
    if not re.fullmatch(r"[0-9a-f]{64}", tracking_code):
        abort(404)
    _plain, secure = hall_bases()  # the board on the hall's HTTPS address, as the cards name it
    base = secure or request.host_url.rstrip("/")
    url = base + url_for("board.ballot", tracking_code=tracking_code)
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    # private: the URL follows the Host the request named, so no shared cache may keep it
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
