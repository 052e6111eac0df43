"""Polls: lookup and locking, setup by the secretariat, the counting committee.

The lowest of the poll services: the state machine that moves a poll is in `lifecycle`.
"""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..models import Ballot, Council, Credential, Poll, PollOfficial, Trustee, User
from ..rules import setup_checks
from ..rules.errors import RuleViolation
from ..rules.kinds import CouncilLevel, PollKind, codes
from ..rules.results import Denominator, default_denominator
from . import ledger_log
from .errors import Conflict, NotFound, ServiceError
from .labels import LABELS


def _level_words(code: str) -> str:
    """'cấp tỉnh' / 'provincial', as the rules package words a council level in a sentence."""
    try:
        level = CouncilLevel(code)
    except ValueError:
        return code
    return level.labels.get("vi" if str(get_locale()) == "vi" else "en")


def rule_message(violation: RuleViolation) -> object:
    """The translated message of a broken rule of Resolution 96/2023."""
    p = violation.params
    messages = {
        "committee_too_small": _l(
            "A %(level)s council's counting committee needs at least %(minimum)s members; "
            "it has %(size)s.",
            level=_level_words(str(p.get("level", ""))),
            minimum=p.get("minimum", ""),
            size=p.get("size", ""),
        ),
        "threshold_out_of_range": _l(
            "The decryption threshold k must be at least %(minimum)s (with 1, any one member "
            "could open any single ballot) and at most the committee size %(n)s; it is %(k)s.",
            minimum=p.get("minimum", setup_checks.MIN_THRESHOLD),
            n=p.get("n", ""),
            k=p.get("k", ""),
        ),
    }
    return messages.get(violation.code, str(violation))


def get_poll(poll_id: int) -> Poll:
    poll = db.session.get(Poll, poll_id)
    if poll is None:
        raise NotFound(_l("No poll %(id)s.", id=poll_id))
    return poll


def lock(poll: Poll) -> None:
    """Lock the poll's row for this transaction and reload it, so checks see the latest state.

    Every change to a poll takes this lock first (then the log's), so two workers never both
    act on a state that one of them is changing (e.g. a cast racing the close).
    """
    # The row must be fetched: the ORM refreshes the object only as rows are read.
    db.session.scalars(
        select(Poll)
        .where(Poll.id == poll.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def require_state(poll: Poll, *states: str) -> None:
    """Lock and reload the poll, then check it is in one of `states`."""
    lock(poll)
    if poll.state not in states:
        raise Conflict(
            _l(
                "The poll is %(state)s; this needs it to be %(needed)s.",
                state=LABELS["state"][poll.state],
                needed=" / ".join(str(LABELS["state"][s]) for s in states),
            )
        )


def create_poll(
    council: Council,
    kind: str,
    title: str,
    *,
    session_name: str = "",
    meeting_date: date | None = None,
    place: str = "",
    denominator: str | None = None,
) -> Poll:
    if kind not in codes(PollKind):
        raise ServiceError(_l("Unknown poll kind %(kind)s.", kind=kind), field="kind")
    if not title.strip():
        raise ServiceError(_l("The poll needs a title."), field="title")
    denominator = denominator or default_denominator(PollKind(kind)).value
    if denominator not in codes(Denominator):
        raise ServiceError(
            _l("Unknown denominator %(value)s.", value=denominator), field="denominator"
        )
    poll = Poll(
        council=council,
        kind=kind,
        title=title.strip(),
        session_name=session_name.strip(),
        meeting_date=meeting_date,
        place=place.strip() or council.place,
        denominator=denominator,
        state="draft",
    )
    db.session.add(poll)
    db.session.flush()
    ledger_log.open_poll_log(poll)
    ledger_log.append_poll(
        poll,
        "poll_created",
        {
            "kind": PollKind(kind).log_code,
            "title": poll.title,
            "council": council.name,
        },
    )
    return poll


def update_poll(
    poll: Poll,
    title: str,
    session_name: str,
    meeting_date: date | None,
    place: str,
    denominator: str,
) -> None:
    require_state(poll, "draft")
    if not title.strip():
        raise ServiceError(_l("The poll needs a title."), field="title")
    if denominator not in codes(Denominator):
        raise ServiceError(
            _l("Unknown denominator %(value)s.", value=denominator), field="denominator"
        )
    poll.title, poll.session_name, poll.meeting_date = (
        title.strip(),
        session_name.strip(),
        meeting_date,
    )
    poll.place, poll.denominator = place.strip(), denominator
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "poll_updated",
        {
            "changes": {
                "title": poll.title,
                "session": poll.session_name,
                "place": poll.place,
                "date": meeting_date.isoformat() if meeting_date else "",
                "denominator": denominator,
            }
        },
    )


def _committee_delegates(poll: Poll) -> set[int]:
    return {t.user.delegate_id for t in poll.trustees if t.user.delegate_id is not None}


def set_rated(poll: Poll, official_ids: list[int]) -> None:
    """Choose the officials rated; the ballot order is council bloc first, then by order."""
    require_state(poll, "draft")
    chosen = [o for o in poll.council.officials if o.id in set(official_ids)]
    unknown = set(official_ids) - {o.id for o in chosen}
    if unknown:
        raise ServiceError(_l("Unknown officials: %(ids)s.", ids=sorted(unknown)))
    if not chosen:
        raise ServiceError(_l("Choose at least one official to rate."), field="officials")
    excluded = [o.name for o in chosen if o.excluded]
    if excluded:
        raise ServiceError(
            _l("Not rated, so cannot be on the ballot: %(names)s.", names=", ".join(excluded)),
            field="officials",
        )
    on_committee = [o.name for o in chosen if o.delegate_id in _committee_delegates(poll)]
    if on_committee:
        raise ServiceError(
            _l(
                "Members of the counting committee cannot be rated: %(names)s.",
                names=", ".join(on_committee),
            ),
            field="officials",
        )
    if poll.kind == "poll" and len(chosen) != len(official_ids):
        raise ServiceError(_l("An official is listed twice."), field="officials")
    chosen.sort(key=lambda o: (0 if o.bloc == "council" else 1, o.order, o.name))
    poll.rated.clear()
    db.session.flush()
    for position, official in enumerate(chosen):
        poll.rated.append(PollOfficial(official=official, position=position))
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "officials_set",
        {
            "officials": [
                {"index": i, "name": o.name, "positions": list(o.positions)}
                for i, o in enumerate(chosen)
            ]
        },
    )


def set_committee(
    poll: Poll, user_ids: list[int], chair_id: int, threshold: int | None = None
) -> None:
    """Appoint the counting committee (= key holders) and the threshold k of n.

    k is at least 2; without one, k is a majority of the members.
    """
    require_state(poll, "draft")
    users = [db.session.get(User, uid) for uid in dict.fromkeys(user_ids)]
    if any(u is None or u.role != "committee" or not u.active for u in users):
        raise ServiceError(_l("Every member needs an active committee account."), field="members")
    members = [u for u in users if u is not None]
    if threshold is None:
        threshold = setup_checks.majority(len(members))
    _check_committee(poll, members, threshold)
    if chair_id not in {u.id for u in members}:
        raise ServiceError(_l("The chair must be one of the members."), field="chair")
    poll.trustees.clear()
    db.session.flush()
    for index, user in enumerate(members, start=1):
        poll.trustees.append(Trustee(user=user, index=index, is_chair=user.id == chair_id))
    poll.threshold = threshold
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "committee_set",
        {
            "threshold": threshold,
            "members": [
                {"index": t.index, "name": t.user.display_name, "chair": t.is_chair}
                for t in poll.trustees
            ],
        },
    )


def _check_committee(poll: Poll, members: list[User], threshold: int) -> None:
    """Resolution 96/2023: size by council level, k of n, members are delegates, not rated."""
    try:
        setup_checks.check_committee_size(CouncilLevel(poll.council.level), len(members))
        setup_checks.check_threshold(threshold, len(members))
    except RuleViolation as violation:
        field = "threshold" if violation.code == "threshold_out_of_range" else "members"
        raise ServiceError(rule_message(violation), field=field) from violation
    roster = {d.id for d in poll.council.delegates}
    outsiders = [u.display_name for u in members if u.delegate_id not in roster]
    if outsiders:
        raise ServiceError(
            _l(
                "The counting committee is elected from the council's delegates; not a "
                "delegate here: %(names)s.",
                names=", ".join(outsiders),
            ),
            field="members",
        )
    rated_delegates = {r.official.delegate_id for r in poll.rated if r.official.delegate_id}
    clash = [u.display_name for u in members if u.delegate_id in rated_delegates]
    if clash:
        raise ServiceError(
            _l(
                "Members of the counting committee cannot be rated: %(names)s.",
                names=", ".join(clash),
            ),
            field="members",
        )


def check_setup(poll: Poll) -> None:
    """Every setup rule again, on the state as it is now (settings may have changed since)."""
    if not poll.rated:
        raise Conflict(_l("Choose the officials to rate first."))
    if not poll.trustees or poll.threshold is None:
        raise Conflict(_l("Appoint the counting committee first."))
    excluded = [r.official.name for r in poll.rated if r.official.excluded]
    if excluded:
        raise Conflict(
            _l("Not rated, so cannot be on the ballot: %(names)s.", names=", ".join(excluded))
        )
    _check_committee(poll, [t.user for t in poll.trustees], poll.threshold)


def counts(poll: Poll) -> dict[str, int]:
    credentials = (
        db.session.scalar(
            select(func.count()).select_from(Credential).where(Credential.poll_id == poll.id)
        )
        or 0
    )
    ballots = (
        db.session.scalar(select(func.count()).select_from(Ballot).where(Ballot.poll_id == poll.id))
        or 0
    )
    return {"credentials": credentials, "ballots": ballots}


def threshold_below_majority(poll: Poll) -> bool:
    """Whether the poll's k is allowed but below a majority of its committee (a warning)."""
    if poll.threshold is None or not poll.trustees:
        return False
    return setup_checks.below_majority(poll.threshold, len(poll.trustees))
