"""The public bulletin board: every poll's log, its signed checkpoint, credentials, ballots.

Pages for people, and a small JSON API (no login, never cached) for the receipt check in the
page and for witnesses: the latest signed checkpoint, a ballot's inclusion proof and the
consistency proof between two tree sizes (docs/LOG.md §3–§5).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from .. import db
from ..crypto.ballot_types import short_code
from ..ledger.checkpoint import SignedCheckpoint
from ..ledger.tree import MerkleTree
from ..models import LogEntry, Poll
from ..rules.formatting import format_percent
from ..rules.kinds import Lang, Level, PollKind
from ..services import cards, export, ledger_log, minutes, polls, voting, witness
from ..services.errors import Forbidden, NotFound, ServiceError
from . import log_view, publication
from .api import ApiError, json_response

bp = Blueprint("board", __name__)
Page = Response | str | tuple[str, int]


def short(tracking_code: str) -> str:
    return short_code(bytes.fromhex(tracking_code))


# --- the log's public view ----------------------------------------------------------------------


def public_keys() -> list[str]:
    """The log's public keys (raw, hex): the current one first, then the retired ones."""
    return export.public_keys()  # the record publishes the very same list


def signed_checkpoint(poll: Poll) -> SignedCheckpoint | None:
    """The poll log's public head (before publication, it stops short of the decryption)."""
    row = ledger_log.public_checkpoint(poll)
    return SignedCheckpoint.from_note(witness.signed_note(row)) if row is not None else None


def log_context(poll: Poll) -> dict[str, Any]:
    """What every board page of a poll shows about its log (and hands to witness.js)."""
    signed = signed_checkpoint(poll)
    return {
        "poll": poll,
        "log_id": ledger_log.poll_log_id(poll),
        "signed": signed,
        "note": signed.to_note() if signed else "",
        "public_keys": public_keys(),
        "key_fingerprint": ledger_log.key_fingerprint(grouped=True),
        "counts": polls.counts(poll),
    }


# --- pages ----------------------------------------------------------------------------------------


@bp.get("/")
def index() -> str:
    everything = db.session.scalars(select(Poll).order_by(Poll.id.desc())).all()
    shown = {p.id for p in everything if p.result is not None and publication.may_see_result(p)}
    return render_template("board/index.html", polls=everything, results_shown=shown)


@bp.get("/board/polls/<id:poll_id>")
def poll(poll_id: int) -> str:
    item = polls.get_poll(poll_id)
    log_id = ledger_log.poll_log_id(item)
    total = (
        db.session.scalar(
            select(func.count()).select_from(LogEntry).where(LogEntry.log_id == log_id)
        )
        or 0
    )
    number, pages = log_view.page_of(total, request.args.get("page", 1, type=int) or 1)
    rows = db.session.scalars(
        select(LogEntry)
        .where(LogEntry.log_id == log_id)
        .order_by(LogEntry.seq)
        .offset((number - 1) * log_view.PAGE_SIZE)
        .limit(log_view.PAGE_SIZE)
    ).all()
    events = [
        log_view.present(json.loads(row.leaf), withheld=publication.withheld(item, row_type))
        for row, row_type in ((row, json.loads(row.leaf)["type"]) for row in rows)
    ]
    return render_template(
        "board/poll.html",
        events=events,
        page=number,
        pages=pages,
        total=total,
        outcome=outcome(item),
        **log_context(item),
    )


@bp.get("/board/polls/<id:poll_id>/entries/<id:number>.json")
def entry(poll_id: int, number: int) -> Response:
    """Entry `number` (counted from 1, as the page shows it; its seq is number − 1) of the poll's
    log, exactly as logged (the leaf's canonical JSON)."""
    item = polls.get_poll(poll_id)
    row = db.session.scalar(
        select(LogEntry).where(
            LogEntry.log_id == ledger_log.poll_log_id(item), LogEntry.seq == number - 1
        )
    )
    if row is None:
        raise NotFound(_("No entry %(seq)s in this log.", seq=number))
    if publication.withheld(item, json.loads(row.leaf)["type"]):
        raise Forbidden(_("This entry is shown once the counting committee publishes the result."))
    return Response(row.leaf, mimetype="application/json")


def outcome(poll: Poll) -> dict[str, Any] | None:
    """The decrypted result as the board shows it (None before the count, and for the public
    until the result is published)."""
    if poll.result is None or poll.manifest is None or not publication.may_see_result(poll):
        return None
    data = minutes.build(poll)
    lang: Lang = "vi" if str(get_locale()) == "vi" else "en"
    return {
        "result": data.result,
        "officials": data.manifest["officials"],
        "levels": [Level(code) for code in PollKind(poll.kind).levels],
        "percent": lambda text: format_percent(Fraction(text), lang),
        "lang": lang,
    }


@bp.get("/board/polls/<id:poll_id>/credentials")
def credentials(poll_id: int) -> str:
    item = polls.get_poll(poll_id)
    listing = cards.listing(item)
    voided = sum(1 for _credential, reason in listing if reason is not None)
    return render_template(
        "board/credentials.html", credentials=listing, voided=voided, **log_context(item)
    )


@bp.get("/board/polls/<id:poll_id>/ballots")
def ballots(poll_id: int) -> str:
    item = polls.get_poll(poll_id)
    listing = [(b, short(b.tracking_code)) for b in voting.ballots(item)]
    return render_template(
        "board/ballots.html",
        ballots=listing,
        log_page_size=log_view.PAGE_SIZE,
        **log_context(item),
    )


@bp.get("/board/ballots/<tracking_code>")
def ballot(tracking_code: str) -> Page:
    try:
        found = voting.find_receipt(tracking_code)
    except ServiceError as error:
        return render_template("board/receipt.html", code=tracking_code, error=str(error)), 400
    if found is None:
        raise NotFound(_("No ballot has this tracking code."))
    if found.tracking_code != tracking_code:  # a short or upper-case code: one canonical URL
        return redirect(url_for("board.ballot", tracking_code=found.tracking_code))
    item = polls.get_poll(found.poll_id)
    return render_template(
        "board/ballot.html",
        ballot=found,
        short_code=short(found.tracking_code),
        body=json.dumps(found.body, indent=2, sort_keys=True, ensure_ascii=False),
        log_page=found.log_index // log_view.PAGE_SIZE + 1,
        **log_context(item),
    )


@bp.get("/board/receipt")
def receipt() -> Page:
    code = request.args.get("code", "").strip()
    if not code:
        return render_template("board/receipt.html", code="", error=None)
    try:
        found = voting.find_receipt(code)
    except ServiceError as error:
        return render_template("board/receipt.html", code=code, error=str(error)), 400
    if found is None:
        message = _("No ballot with this tracking code was cast. Check the code on the receipt.")
        return render_template("board/receipt.html", code=code, error=message), 404
    return redirect(url_for("board.ballot", tracking_code=found.tracking_code))


@bp.get("/board/check-encryption")
def check_encryption() -> Page:
    """Check my encryption (Benaloh): the page checks a pasted challenge file in the browser with
    the device crypto; nothing is sent back, so the server never sees or stores it."""
    lang: Lang = "vi" if str(get_locale()) == "vi" else "en"
    levels = {
        str(len(kind.levels)): [level.labels.get(lang) for level in kind.levels]
        for kind in PollKind
    }
    return render_template(
        "board/check_encryption.html", level_words=json.dumps(levels, ensure_ascii=False)
    )


# --- JSON API -------------------------------------------------------------------------------------


def _api_poll(poll_id: int) -> tuple[Poll, SignedCheckpoint]:
    try:
        item = polls.get_poll(poll_id)
    except ServiceError as error:
        raise ApiError(str(error), error.status) from error
    signed = signed_checkpoint(item)
    if signed is None:
        raise ApiError(_("This poll's log has no checkpoint yet."), 404)
    return item, signed


def _signed(signed: SignedCheckpoint) -> dict[str, Any]:
    """The checkpoint in its JSON form (docs/LOG.md §5) and as the signed note's text."""
    return {"checkpoint": signed.to_dict(), "note": signed.to_note()}


def _tree(poll: Poll, size: int) -> MerkleTree:
    return MerkleTree(ledger_log.leaf_hashes(ledger_log.poll_log_id(poll), size))


@bp.get("/board/api/polls/<id:poll_id>/checkpoint")
def api_checkpoint(poll_id: int) -> tuple[Response, int]:
    _item, signed = _api_poll(poll_id)
    return json_response(
        {"log_id": signed.checkpoint.log_id, "public_keys": public_keys()} | _signed(signed)
    )


@bp.get("/board/api/ballots/<tracking_code>/proof")
def api_proof(tracking_code: str) -> tuple[Response, int]:
    try:
        found = voting.find_receipt(tracking_code)
    except ServiceError as error:
        raise ApiError(str(error), 400) from None
    if found is None:
        raise ApiError(_("No ballot has this tracking code."), 404)
    item, signed = _api_poll(found.poll_id)
    log_id, size = ledger_log.poll_log_id(item), signed.checkpoint.size
    entry = db.session.scalar(
        select(LogEntry).where(LogEntry.log_id == log_id, LogEntry.seq == found.log_index)
    )
    if entry is None or found.log_index >= size:
        raise ApiError(_("The ballot is not in the log's latest checkpoint yet."), 404)
    proof = _tree(item, size).inclusion_proof(found.log_index, size)
    return json_response(
        {
            "log_id": log_id,
            "tracking_code": found.tracking_code,
            "leaf_index": found.log_index,
            "leaf": entry.leaf.decode("utf-8"),
            "tree_size": size,
            "inclusion_proof": [h.hex() for h in proof],
        }
        | _signed(signed)
    )


@bp.get("/board/api/key-rotations")
def api_key_rotations() -> tuple[Response, int]:
    """The logged rotations of the log key, each provable with the old key alone (LOG.md §8)."""
    return json_response(
        {
            "log_id": ledger_log.SERVICE_LOG,
            "rotations": [
                {
                    "leaf": item.leaf.decode("utf-8"),
                    "leaf_index": item.index,
                    "tree_size": item.size,
                    "inclusion_proof": [h.hex() for h in item.proof],
                    "note": item.note,
                }
                for item in ledger_log.key_rotations()
            ],
        }
    )


@bp.get("/board/api/polls/<id:poll_id>/consistency")
def api_consistency(poll_id: int) -> tuple[Response, int]:
    item, signed = _api_poll(poll_id)
    size = signed.checkpoint.size
    text = request.args.get("from", "")
    if not (text.isascii() and text.isdigit() and len(text) <= 16):
        raise ApiError(_("Give the earlier tree size as ?from=<a whole number>."), 400)
    start = int(text)
    if start > size:
        raise ApiError(
            _(
                "The log has %(size)s entries, fewer than the %(start)s asked for.",
                size=size,
                start=start,
            ),
            400,
        )
    proof = _tree(item, size).consistency_proof(start, size)
    return json_response(
        {"from": start, "to": size, "proof": [h.hex() for h in proof]} | _signed(signed)
    )


@bp.get("/board/polls/<id:poll_id>/record")
def record(poll_id: int) -> Response:
    """The election record of a published poll, for anyone (before: auditors, via /audit)."""
    item = polls.get_poll(poll_id)
    if not publication.published(item):
        raise Forbidden(
            _("The election record is public once the counting committee publishes it.")
        )
    return Response(
        export.export_record(item),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="record-poll-{item.id}.zip"',
            "Cache-Control": "no-store",
        },
    )
