"""The public bulletin board: every poll's log, its signed checkpoint, credentials, ballots."""

from __future__ import annotations

import json

from flask import Blueprint, render_template
from sqlalchemy import select

from .. import db
from ..models import LogEntry, Poll
from ..services import ledger_log, polls

bp = Blueprint("board", __name__)


@bp.get("/")
def index() -> str:
    everything = db.session.scalars(select(Poll).order_by(Poll.id.desc())).all()
    return render_template("board/index.html", polls=everything)


@bp.get("/board/polls/<int:poll_id>")
def poll(poll_id: int) -> str:
    item = polls.get_poll(poll_id)
    log_id = ledger_log.poll_log_id(item)
    rows = db.session.scalars(
        select(LogEntry).where(LogEntry.log_id == log_id).order_by(LogEntry.seq)
    ).all()
    events = [json.loads(row.leaf) for row in rows]
    checkpoint = ledger_log.latest_checkpoint(log_id)
    return render_template(
        "board/poll.html",
        poll=item,
        events=events,
        checkpoint=checkpoint,
        counts=polls.counts(item),
    )
