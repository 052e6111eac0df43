"""Paper counts: a council that voted on paper sets up its list, then types the committee's counts.

The same result rules apply (rules/paper.py checks each line as the command-line tool does), and
the same minutes and draft resolution follow (services/minutes.py, services/resolution.py). No
ballot, key or log entry exists for a paper count: the signed paper minutes are its record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import cast
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..ledger.canonical import canonical_json
from ..models import Council, Delegate, PaperCount, User, utcnow
from ..record.manifest import MANIFEST_VERSION, Manifest, level_codes
from ..record.result import ResultPart, percent_text
from ..rules import setup_checks
from ..rules.counts import SessionCounts
from ..rules.errors import RuleViolation
from ..rules.kinds import CouncilLevel, Lang, PollKind, codes
from ..rules.paper import LineError, SheetLine, check_sheet, parse_count, rate
from ..rules.results import Denominator, default_denominator
from . import inputs
from .errors import Forbidden, NotFound, RowErrors, ServiceError
from .polls import rule_message

FIGURES = (
    "total_delegates",
    "delegates_present",
    "ballots_issued",
    "ballots_collected",
    "ballots_invalid",
)
"""The session's figures the committee types, in the order of the minutes."""


class CountsRejected(RowErrors):
    """Typed counts with faults: per line (its number on the page) and per figure; nothing
    was stored."""

    def __init__(self, rows: list[tuple[int, str]], fields: dict[str, str]) -> None:
        super().__init__(_l("The counts were not saved: correct the marked lines."), rows)
        self.fields = fields


def _lang() -> Lang:
    return "vi" if str(get_locale()) == "vi" else "en"


def get(paper_id: int) -> PaperCount:
    paper = db.session.get(PaperCount, paper_id)
    if paper is None:
        raise NotFound(_l("No paper count %(id)s.", id=paper_id))
    return paper


def _council_of(user: User) -> int | None:
    if user.delegate_id is None:
        return None
    delegate = db.session.get(Delegate, user.delegate_id)
    return delegate.council_id if delegate is not None else None


def check_access(paper: PaperCount, user: User) -> None:
    """The secretariat, or a committee account of a delegate of the same council."""
    if user.role == "admin":
        return
    if user.role == "committee" and _council_of(user) == paper.council_id:
        return
    raise Forbidden(_l("Only the secretariat and the council's counting committee may do this."))


def check_council(council: Council, user: User) -> None:
    """The secretariat, or a committee account of a delegate of `council`."""
    if user.role != "admin" and _council_of(user) != council.id:
        raise Forbidden(
            _l("Only the secretariat and the council's counting committee may do this.")
        )


def listing(user: User) -> list[PaperCount]:
    """The paper counts the user may see, newest first."""
    query = select(PaperCount).order_by(PaperCount.id.desc())
    if user.role != "admin":
        query = query.where(PaperCount.council_id == _council_of(user))
    return list(db.session.scalars(query))


def councils_for(user: User) -> list[Council]:
    """The councils the user may set up a paper count for."""
    query = select(Council).order_by(Council.name)
    if user.role != "admin":
        query = query.where(Council.id == _council_of(user))
    return list(db.session.scalars(query))


def create(
    council: Council,
    user: User,
    *,
    kind: str,
    title: str,
    session_name: str,
    meeting_date: date,
    place: str,
    denominator: str | None,
    chair_id: int,
    member_ids: list[int],
) -> PaperCount:
    """Freeze the list (the council's officials in ballot order, those not rated) and the
    counting committee (delegates of the council, chair first) for a paper count."""
    check_council(council, user)
    if kind not in codes(PollKind):
        raise ServiceError(_l("Unknown poll kind %(kind)s.", kind=kind), field="kind")
    denominator = denominator or default_denominator(PollKind(kind)).value
    if denominator not in codes(Denominator):
        raise ServiceError(
            _l("Unknown denominator %(value)s.", value=denominator), field="denominator"
        )
    title = inputs.text(title, "title", inputs.TITLE_MAX)
    session_name = inputs.text(session_name, "session_name", inputs.TITLE_MAX)
    place = inputs.text(place, "place", inputs.TITLE_MAX) or council.place
    if not title:
        raise ServiceError(_l("The poll needs a title."), field="title")
    by_id = {d.id: d for d in council.delegates}
    chosen = [chair_id, *(m for m in member_ids if m != chair_id)]
    if any(d not in by_id for d in chosen):
        raise ServiceError(
            _l("Choose the committee among the council's delegates."), field="members"
        )
    persons = [o.person() for o in council.officials]
    try:
        setup_checks.check_committee_size(CouncilLevel(council.level), len(chosen))
        setup_checks.check_committee_not_rated([f"delegate {d}" for d in chosen], persons)
        setup_checks.check_someone_rated(persons)
        setup_checks.check_unique_persons(o for o in persons if o.rated)
        ordered = setup_checks.ballot_order(persons)
    except RuleViolation as violation:
        raise ServiceError(rule_message(violation), field="members") from violation
    # The manifest's shape without its checks for an encrypted poll: no key, so no
    # threshold (0), and no fingerprint is ever taken of it.
    manifest: Manifest = {
        "v": MANIFEST_VERSION,
        "poll_id": "paper",
        "council": {
            "name": council.name,
            "level": council.level,
            "total_delegates": council.total_delegates,
        },
        "poll": {
            "kind": kind,
            "title": title,
            "session": session_name,
            "date": meeting_date.isoformat(),
            "place": place,
            "denominator": denominator,
        },
        "levels": level_codes(PollKind(kind)),
        "officials": [
            {
                "index": i,
                "name": o.name,
                "positions": list(o.positions),
                "bloc": o.bloc.value,
                "order": o.order,
            }
            for i, o in enumerate(ordered)
        ],
        "not_rated": [
            {"name": o.name, "positions": list(o.positions), "reason": o.exclusion_reason}
            for o in persons
            if o.excluded
        ],
        "trustees": [
            {"index": i, "name": by_id[d].name, "chair": i == 1}
            for i, d in enumerate(chosen, start=1)
        ],
        "threshold": 0,
    }
    paper = PaperCount(
        council=council,
        kind=kind,
        title=title,
        session_name=session_name,
        meeting_date=meeting_date,
        place=place,
        denominator=denominator,
        manifest=cast(dict[str, object], manifest),
        created_by_id=user.id,
    )
    db.session.add(paper)
    db.session.flush()
    manifest["poll_id"] = f"paper-{paper.id}"
    paper.manifest = cast(dict[str, object], dict(manifest))
    db.session.flush()
    return paper


def manifest_of(paper: PaperCount) -> Manifest:
    return cast(Manifest, paper.manifest)


@dataclass(frozen=True)
class Typed:
    """What the committee typed: the figures, the count's times (HH:MM, local), and per
    person (in ballot order) the count of each level and the blank rows."""

    figures: dict[str, str]
    count_started: str
    count_ended: str
    rows: list[tuple[list[str], str]]


def _local_time(paper: PaperCount, text: str, field: str) -> str:
    """ "HH:MM" on the meeting's day in the council's time zone, as the log's UTC text."""
    try:
        moment = time.fromisoformat(text.strip())
    except ValueError:
        raise ServiceError(_l("Give the time as HH:MM, e.g. 10:30."), field=field) from None
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = datetime.combine(paper.meeting_date, moment.replace(second=0), tzinfo=zone)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _figures(typed: Typed) -> tuple[dict[str, int], dict[str, str]]:
    values: dict[str, int] = {}
    faults: dict[str, str] = {}
    for name in FIGURES:
        value = parse_count(typed.figures.get(name, ""))
        if value is None:
            faults[name] = str(_l("Type a whole number of 0 or more."))
        else:
            values[name] = value
    if not faults:
        if values["ballots_issued"] > values["delegates_present"]:
            faults["ballots_issued"] = str(_l("More ballots issued than delegates present."))
        if values["ballots_collected"] > values["ballots_issued"]:
            faults["ballots_collected"] = str(_l("More ballots collected than issued."))
    return values, faults


def save_counts(paper: PaperCount, user: User, typed: Typed) -> ResultPart:
    """Check every line and figure as the command-line tool does; store the counts and the
    result only when all hold (CountsRejected lists every fault otherwise)."""
    check_access(paper, user)
    manifest = manifest_of(paper)
    kind = PollKind(paper.kind)
    lang = _lang()
    values, faults = _figures(typed)
    times: dict[str, str] = {}
    for field in ("count_started", "count_ended"):
        try:
            times[field] = _local_time(paper, getattr(typed, field), field)
        except ServiceError as error:
            faults[field] = str(error)
    if len(typed.rows) != len(manifest["officials"]):
        raise ServiceError(_l("The page is out of date. Reload it and type the counts again."))
    if faults:
        raise CountsRejected([], faults)
    session = SessionCounts(
        values["total_delegates"], values["ballots_collected"], values["ballots_invalid"]
    )
    lines = [
        SheetLine(i, o["name"], "; ".join(o["positions"]), o["bloc"], tuple(counts), blank)
        for i, (o, (counts, blank)) in enumerate(
            zip(manifest["officials"], typed.rows, strict=True), start=1
        )
    ]
    denominator = Denominator(paper.denominator)
    rows, errors = check_sheet(
        lines, kind, session, denominator, delegates_present=values["delegates_present"]
    )
    if errors:
        raise CountsRejected(*_split(errors, lang))
    results = rate(rows, kind, session, denominator)
    result: ResultPart = {
        "ballots_collected": session.ballots_collected,
        "ballots_valid": session.ballots_counted,
        "total_delegates": session.total_delegates,
        "delegates_present": values["delegates_present"],
        "denominator": denominator.value,
        "n": results[0].n,
        "officials": [
            {
                "index": i,
                "name": row.name,
                "counts": list(row.counts),
                "blank": row.blank,
                "percentages": [percent_text(r.percentages[level]) for level in kind.levels],
                "band": r.band.value,
            }
            for i, (row, r) in enumerate(zip(rows, results, strict=True))
        ],
    }
    paper.counts = {
        **values,
        **times,
        "rows": [{"counts": list(row.counts), "blank": row.blank} for row in rows],
    }
    paper.result = canonical_json(result).decode("utf-8")
    paper.counted_by_id, paper.counted_at = user.id, utcnow()
    db.session.flush()
    return result


def _split(errors: list[LineError], lang: Lang) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """Line faults by row number; sheet-wide faults on the figure they concern."""
    rows = [(e.line, e.message(lang)) for e in errors if e.line > 0]
    fields: dict[str, str] = {}
    for error in errors:
        if error.line == 0:
            field = {
                "collected_over_delegates": "ballots_collected",
                "invalid_over_collected": "ballots_invalid",
                "present_over_delegates": "delegates_present",
                "collected_over_present": "ballots_collected",
            }.get(error.code, "ballots_collected")
            fields[field] = error.message(lang)
    return rows, fields


def result_of(paper: PaperCount) -> ResultPart | None:
    return cast(ResultPart, json.loads(paper.result)) if paper.result else None
