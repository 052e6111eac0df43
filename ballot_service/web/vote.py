"""The delegates' side: casting a ballot from a tablet (JSON).

A ballot is authorised by its credential's signature, not by a login or a session, so the cast
endpoint is exempt from CSRF tokens; it takes JSON only. The ballot is verified between two
short transactions: no lock is held while its proofs are checked (services/voting.py).
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import db
from ..crypto.ballot_types import Ballot as VerifiedBallot
from ..services import polls, voting
from ..services.errors import ServiceError
from .api import ApiError, json_response
from .security import csrf

bp = Blueprint("vote", __name__)


@bp.post("/vote/api/polls/<id:poll_id>/ballots")
@csrf.exempt
def api_cast(poll_id: int) -> tuple[Response, int]:
    """Cast: 201 with the receipt; 200 with the same receipt when the same ballot comes again;
    409 with the first receipt for another ballot on a used card; a translated 4xx otherwise."""
    if not request.is_json:
        raise ApiError(_("Send the ballot as JSON (Content-Type: application/json)."), 415)
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
