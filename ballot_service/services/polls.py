"""Polls: setup by the secretariat, the counting committee, and the checked state machine."""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..models import (
    DENOMINATORS,
    KINDS,
    Ballot,
    Council,
    Credential,
    Poll,
    PollOfficial,
    Trustee,
    User,
)
from ..rules import setup_checks
from ..rules.errors import RuleViolation
from ..rules.kinds import CouncilLevel
from . import inputs, ledger_log
from .errors import Conflict, Forbidden, NotFound, ServiceError
from .labels import LABELS

# Who may ask for each move: the secretariat prepares the poll; the counting committee runs it.
# (closed → tallied happens by itself once k members have decrypted.)
MOVED_BY: dict[str, str] = {
    "key_ceremony": "admin",
    "draft": "admin",
    "ready": "committee",
    "open": "committee",
    "closed": "committee",
    "published": "committee",
}

DEFAULT_DENOMINATOR = {"poll": "ballots_collected", "vote": "total_delegates"}

# state -> states it may move to; each move has its own check below.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("key_ceremony",),
    "key_ceremony": ("ready", "draft"),
    "ready": ("open",),
    "open": ("closed",),
    "closed": ("tallied",),
    "tallied": ("published",),
    "published": (),
}


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
            "The threshold must be between 1 and the committee size %(n)s; it is %(k)s.",
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


def _poll_texts(title: str, session_name: str, place: str) -> tuple[str, str, str]:
    return (
        inputs.text(title, "title", inputs.TITLE_MAX),
        inputs.text(session_name, "session_name", inputs.TITLE_MAX),
        inputs.text(place, "place", inputs.TITLE_MAX),
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
    if kind not in KINDS:
        raise ServiceError(_l("Unknown poll kind %(kind)s.", kind=kind), field="kind")
    title, session_name, place = _poll_texts(title, session_name, place)
    if not title.strip():
        raise ServiceError(_l("The poll needs a title."), field="title")
    denominator = denominator or DEFAULT_DENOMINATOR[kind]
    if denominator not in DENOMINATORS:
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
            "kind": {"poll": "confidence_poll", "vote": "confidence_vote"}[kind],
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
    title, session_name, place = _poll_texts(title, session_name, place)
    if not title.strip():
        raise ServiceError(_l("The poll needs a title."), field="title")
    if denominator not in DENOMINATORS:
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


def set_committee(poll: Poll, user_ids: list[int], chair_id: int, threshold: int) -> None:
    """Appoint the counting committee (= key holders) and the threshold k of n."""
    require_state(poll, "draft")
    users = [db.session.get(User, uid) for uid in dict.fromkeys(user_ids)]
    if any(u is None or u.role != "committee" or not u.active for u in users):
        raise ServiceError(_l("Every member needs an active committee account."), field="members")
    members = [u for u in users if u is not None]
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
        raise ServiceError(rule_message(violation)) from violation
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


def _check_transition(poll: Poll, target: str) -> None:
    lock(poll)
    if target not in TRANSITIONS[poll.state]:
        raise Conflict(
            _l(
                "A poll cannot go from %(state)s to %(target)s.",
                state=LABELS["state"][poll.state],
                target=LABELS["state"].get(target, target),
            )
        )
    if target == "key_ceremony":
        check_setup(poll)
    elif target == "ready" and not poll.election_key:
        raise Conflict(_l("The key ceremony has not produced the election key yet."))
    elif target == "open" and counts(poll)["credentials"] == 0:
        raise Conflict(_l("Issue the ballot cards (credentials) before opening the poll."))
    elif target == "tallied" and not poll.result:
        raise Conflict(_l("The result is not decrypted yet."))


def moves_for(poll: Poll, role: str) -> list[str]:
    """The moves from the poll's state that `role` may ask for."""
    return [t for t in TRANSITIONS[poll.state] if MOVED_BY.get(t) == role]


def request_transition(poll: Poll, target: str, role: str) -> None:
    """A user's request to move the poll: the role must own that move (see MOVED_BY)."""
    if MOVED_BY.get(target) != role:
        raise Forbidden(
            _l(
                "Your role may not move the poll to %(target)s.",
                target=LABELS["state"].get(target, target),
            )
        )
    transition(poll, target)


def transition(poll: Poll, target: str, *, reason: str | None = None) -> None:
    """Move the poll to `target` after checking the move is allowed now; logged."""
    _check_transition(poll, target)
    previous = poll.state
    published_hash = None
    if target == "published":
        from . import export

        # The hash of the record exactly as auditors could download it at the result, before
        # anything of the publication is logged: what was published is what they checked.
        published_hash = export.record_hash_of(poll)
    if target == "key_ceremony":
        from . import manifest

        manifest.freeze(poll)
        poll.ceremony_attempt += 1
    elif target == "draft":
        poll.manifest = poll.fingerprint = poll.election_key = None
    if target == "open":
        poll.delegates_present = sum(1 for d in poll.council.delegates if d.present)
    poll.state = target
    db.session.flush()
    ledger_log.append_poll(
        poll, "state_changed", {"from_state": previous, "to_state": target, "reason": reason}
    )
    if published_hash is not None:
        ledger_log.append_poll(poll, "published", {"record_hash": published_hash, "url": None})
    if target == "open":
        issued = counts(poll)["credentials"]  # every card issued, spares voided or not
        ledger_log.append_poll(
            poll, "poll_opened", {"election_fingerprint": poll.fingerprint, "credentials": issued}
        )
    elif target == "closed":
        ledger_log.append_poll(poll, "poll_closed", {"ballots": counts(poll)["ballots"]})
        from . import counting

        counting.compute_tally(poll)
