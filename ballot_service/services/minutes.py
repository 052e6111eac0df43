"""The count minutes (biên bản kiểm phiếu): everything LAW.md requires, from the stored record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..models import LogEntry, PaperCount, Poll
from ..record.manifest import Manifest
from ..record.result import ResultPart
from . import cards, ledger_log, manifest, voting, witness
from .errors import Conflict


@dataclass(frozen=True)
class Minutes:
    """The figures and lists the minutes show; percentages and bands come from the result."""

    poll: Poll | PaperCount  # a paper count has a poll's kind, date and title
    manifest: Manifest  # checked (record.manifest): its officials are in ballot order
    result: ResultPart
    ballots_issued: int
    ballots_voided: int
    ballots_collected: int
    excluded: list[tuple[str, list[str], str]]
    checkpoint_note: str
    checkpoint_size: int
    count_started: str = ""  # UTC times from the log: the poll closed, the result decrypted
    count_ended: str = ""
    decrypted_by: tuple[int, ...] = ()  # the members (indexes) whose decryption shares count
    committee: tuple[dict[str, object], ...] = ()  # chair first, then by index; "decrypted"
    paper: bool = False  # counted on paper: no ballot cards, no key, no log checkpoint


def _count_times(poll: Poll) -> tuple[str, str, tuple[int, ...], int]:
    """When the count began (the poll closed) and ended (the result), who decrypted, and the
    log's size just before publication (0 while it is not published)."""
    rows = db.session.execute(
        select(LogEntry.seq, LogEntry.leaf)
        .where(LogEntry.log_id == ledger_log.poll_log_id(poll))
        .order_by(LogEntry.seq)
    ).all()
    started = ended = ""
    members: list[int] = []
    before_publication = 0
    for seq, leaf in rows:
        entry = json.loads(leaf)
        kind, data = entry["type"], entry.get("data") or {}
        if kind == "poll_closed" and not started:
            started = entry["time"]
        elif kind == "decryption_share" and isinstance(data.get("member"), int):
            members.append(data["member"])
        elif kind == "result":
            ended = entry["time"]
        elif kind == "state_changed" and data.get("to_state") == "published":
            before_publication = seq
    return started, ended, tuple(sorted(set(members))), before_publication


def build(poll: Poll) -> Minutes:
    """Collect the minutes of a decrypted poll."""
    if poll.result is None or poll.manifest is None:
        raise Conflict(_l("The minutes are drawn up once the result is decrypted."))
    listing = cards.listing(poll)
    frozen = manifest.load(poll)
    excluded = [(p["name"], p["positions"], p["reason"]) for p in frozen["not_rated"]]
    started, ended, decrypted_by, before_publication = _count_times(poll)
    # The minutes are signed at the count: they carry the log's checkpoint as the count left it,
    # the same before and after publication (the publication's entries do not change the paper).
    log_id = ledger_log.poll_log_id(poll)
    checkpoint = ledger_log.checkpoint_at(
        log_id, before_publication
    ) or ledger_log.latest_checkpoint(log_id)
    committee = tuple(
        {**t, "decrypted": t["index"] in decrypted_by}
        for t in sorted(frozen["trustees"], key=lambda t: (not t["chair"], t["index"]))
    )
    return Minutes(
        poll=poll,
        manifest=frozen,
        result=cast(ResultPart, json.loads(poll.result)),
        ballots_issued=sum(1 for _, void in listing if void is None),
        ballots_voided=sum(1 for _, void in listing if void is not None),
        ballots_collected=len(voting.ballots(poll)),
        excluded=excluded,
        checkpoint_note=witness.signed_note(checkpoint) if checkpoint else "",
        checkpoint_size=checkpoint.size if checkpoint else 0,
        count_started=started,
        count_ended=ended,
        decrypted_by=decrypted_by,
        committee=committee,
    )


def build_paper(paper: PaperCount) -> Minutes:
    """Collect the minutes of a paper count once its counts are saved (services.paper)."""
    if paper.result is None or paper.counts is None:
        raise Conflict(_l("The minutes are drawn up once the counts are saved."))
    frozen = cast(Manifest, paper.manifest)
    figures = paper.counts
    return Minutes(
        poll=paper,
        manifest=frozen,
        result=cast(ResultPart, json.loads(paper.result)),
        ballots_issued=cast(int, figures["ballots_issued"]),
        ballots_voided=0,
        ballots_collected=cast(int, figures["ballots_collected"]),
        excluded=[(p["name"], p["positions"], p["reason"]) for p in frozen["not_rated"]],
        checkpoint_note="",
        checkpoint_size=0,
        count_started=cast(str, figures["count_started"]),
        count_ended=cast(str, figures["count_ended"]),
        committee=tuple({**t, "decrypted": False} for t in frozen["trustees"]),
        paper=True,
    )
