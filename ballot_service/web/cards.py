"""The committee's Ballot cards page: cards are made in the member's browser (or with
`ballot-cards` from the card request), and only their public credentials come here; spare cards
are voided by their ID. The server never sees a card token (DESIGN.md, ballot credentials)."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .. import db
from ..cardtool.files import CardRequest, parse_credentials
from ..cardtool.tokens import card_id
from ..crypto.ballot_types import short_code
from ..crypto.errors import MalformedInput
from ..models import Poll
from ..services import cards, polls
from ..services.errors import Conflict, NotFound, ServiceError
from .actions import apply
from .api import ApiError, json_response, json_route
from .auth import role_required
from .hall import hall_bases

bp = Blueprint("cards", __name__, url_prefix="/committee/polls/<id:poll_id>/cards")

NOT_READY = _l(
    "Ballot cards are registered only while the poll is ready "
    "(after the key ceremony, before it opens)."
)


class VoidForm(FlaskForm):
    card = StringField(_l("Card ID"), validators=[DataRequired(), Length(max=80)])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=200)])


@bp.before_request
@role_required("committee")
def _only_committee() -> None:
    return None


@bp.errorhandler(CSRFError)
def _csrf(_error: CSRFError) -> tuple[Response, int] | tuple[str, int]:
    message = _("The page has expired. Reload it and submit again.")
    if request.is_json:
        return json_response({"error": message}, 400)
    return render_template(
        "errors/error.html", title=_("The page has expired"), message=message
    ), 400


def _poll(poll_id: int, *, api: bool = False) -> Poll:
    """The poll, if the logged-in member sits on its committee (403 otherwise)."""
    try:
        poll = polls.get_poll(poll_id)
    except NotFound as error:
        if api:
            raise ApiError(str(error), 404) from None
        raise
    if not any(t.user_id == current_user.id for t in poll.trustees):
        if api:
            raise ApiError(_("Only a member of this poll's counting committee may do this."), 403)
        abort(403)
    return poll


def _card_request(poll: Poll) -> CardRequest:
    _plain, secure = hall_bases()  # the cards' URLs are the HTTPS ones the tablets vote on
    base = secure or request.host_url.rstrip("/")
    live = sum(1 for _credential, reason in cards.listing(poll) if reason is None)
    return CardRequest(
        poll=poll.id,
        title=poll.title,
        council=poll.council.name,
        url=f"{base}/vote/{poll.id}",
        election=bytes.fromhex(poll.fingerprint or ""),
        count=max(cards.hall_figures(poll)["delegates_present"] - live, 0),
    )


@bp.get("/")
def page(poll_id: int) -> str:
    return _page(_poll(poll_id), VoidForm(prefix="void"))


def _page(poll: Poll, void: VoidForm) -> str:
    """The page, with the void form as given (a refused one comes back as the user left it)."""
    listing = [
        (c, card_id(bytes.fromhex(c.public_key)), reason) for c, reason in cards.listing(poll)
    ]
    ready = poll.state == "ready" and poll.fingerprint is not None
    return render_template(
        "committee/cards.html",
        poll=poll,
        ready=ready,
        card_request=_card_request(poll) if ready else None,
        election_short=short_code(bytes.fromhex(poll.fingerprint)) if poll.fingerprint else None,
        listing=listing,
        live=sum(1 for _c, _i, reason in listing if reason is None),
        present=cards.hall_figures(poll)["delegates_present"],
        void=void,
        can_void=poll.state in ("ready", "open"),
    )


@bp.get("/request.json")
def card_request(poll_id: int) -> Response:
    poll = _poll(poll_id)
    if poll.state != "ready" or poll.fingerprint is None:
        raise Conflict(NOT_READY)
    response = Response(
        json.dumps(_card_request(poll).to_dict(), ensure_ascii=False, indent=1) + "\n",
        mimetype="application/json",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="request-poll{poll.id}.json"'
    return response


@bp.post("/credentials")
@json_route  # its refusals are JSON, its body checked like any JSON route's (api.py)
def upload(poll_id: int) -> tuple[Response, int]:
    """Register a batch by its public credentials (the credentials file's JSON): 201 with the
    count and the cards' IDs; 409 when the poll is not ready or a card is known already; 422 for
    a file of another poll or election, or a credential that is not a valid point."""
    if not request.is_json:
        raise ApiError(_("Send the credentials as JSON (Content-Type: application/json)."), 415)
    poll = _poll(poll_id, api=True)
    if poll.state != "ready" or poll.fingerprint is None:
        raise ApiError(str(NOT_READY), 409)
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(_("The credentials are not valid JSON."), 400)
    try:
        keys = parse_credentials(body, poll=poll.id, election=bytes.fromhex(poll.fingerprint))
    except MalformedInput as error:
        raise ApiError(
            _(
                "This credentials file cannot be registered for this poll: %(reason)s",
                reason=str(error),
            ),
            422,
        ) from None
    try:
        issued = cards.issue(poll, keys)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise ApiError(str(error), 422 if type(error) is ServiceError else error.status) from None
    current_app.logger.info(
        "poll %s: %s ballot cards registered by user %s", poll.id, issued, current_user.id
    )
    ids = [card_id(bytes.fromhex(k.strip().lower())) for k in keys]
    return json_response({"issued": issued, "ids": ids}, 201)


def _compact(text: str) -> str:
    """A typed card ID as compared: no spaces or dashes, upper case, I L O read as 1 1 0."""
    return "".join(text.split()).replace("-", "").upper().translate(str.maketrans("ILO", "110"))


@bp.post("/void")
def void(poll_id: int) -> Response | tuple[str, int]:
    poll = _poll(poll_id)
    form = VoidForm(prefix="void")
    if not form.validate_on_submit():
        flash(_("Give the card's ID and the reason for voiding it."), "error")
        return _page(poll, form), 400
    wanted = _compact(form.card.data or "")
    matches = [
        c.public_key
        for c, _reason in cards.listing(poll)
        if wanted in (_compact(card_id(bytes.fromhex(c.public_key))), c.public_key.upper())
    ]
    if len(matches) != 1:
        flash(_("No card of this poll has the ID %(id)s.", id=form.card.data), "error")
        return _page(poll, form), 400
    voided = card_id(bytes.fromhex(matches[0]))
    if not apply(
        lambda: cards.void(
            poll, matches[0], form.reason.data or "", current_user._get_current_object()
        ),
        _("Card %(id)s is voided; the board shows it.", id=voided),
    ):
        return _page(poll, form), 400  # refused: the form comes back as the member left it
    current_app.logger.info("poll %s: card %s voided by user %s", poll.id, voided, current_user.id)
    return redirect(url_for(".page", poll_id=poll.id))
