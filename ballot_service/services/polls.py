"""Polls: lookup and locking, setup by the secretariat, the counting committee.

The lowest of the poll services: the state machine that moves a poll is in `lifecycle`.
"""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..models import Ballot, Council, Credential, CredentialVoid, Poll, PollOfficial, Trustee, User
from ..models.council import person_id
from ..rules import setup_checks
from ..rules.errors import RuleViolation
from ..rules.kinds import CouncilLevel, PollKind, codes
from ..rules.results import Denominator, default_denominator
from . import inputs, ledger_log
from .errors import Conflict, Forbidden, NotFound, ServiceError
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
        "committee_member_rated": _l(
            "Members of the counting committee cannot be rated: %(names)s.",
            names=p.get("names", ""),
        ),
        "duplicate_person": _l("An official is listed twice."),
        "nobody_rated": _l("Choose at least one official to rate."),
        "exclusion_without_reason": _l(
            "Give the reason why %(name)s is not rated.", name=p.get("names", "")
        ),
        "position_missing": _l("List at least one position."),
        "invalid_order": _l("The order must be 0 or more."),
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


def seat(poll: Poll, user: User) -> Trustee:
    """The user's seat on the poll's counting committee: its index m is the member's, never
    one a request names (issue 10.4)."""
    found = next((t for t in poll.trustees if t.user_id == user.id), None)
    if found is None:
        raise Forbidden(_l("You are not a member of this poll's counting committee."))
    return found


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
    """Create a draft poll; without a denominator the kind's default (rules.results)."""
    if kind not in codes(PollKind):
        raise ServiceError(_l("Unknown poll kind %(kind)s.", kind=kind), field="kind")
    title, session_name, place = _poll_texts(title, session_name, place)
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
    """Change the draft poll's details; an empty denominator takes the kind's default."""
    require_state(poll, "draft")
    title, session_name, place = _poll_texts(title, session_name, place)
    if not title.strip():
        raise ServiceError(_l("The poll needs a title."), field="title")
    denominator = denominator or default_denominator(PollKind(poll.kind)).value
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


def _committee_persons(poll: Poll) -> list[str]:
    return [person_id(t.user.delegate_id) for t in poll.trustees if t.user.delegate_id]


def set_rated(poll: Poll, official_ids: list[int]) -> None:
    """Choose the officials rated; their rows go in ballot order (rules.setup_checks)."""
    require_state(poll, "draft")
    by_id = {o.id: o for o in poll.council.officials}
    unknown = set(official_ids) - set(by_id)
    if unknown:
        raise ServiceError(_l("Unknown officials: %(ids)s.", ids=sorted(unknown)))
    if not official_ids:
        raise ServiceError(_l("Choose at least one official to rate."), field="officials")
    excluded = [by_id[i].name for i in dict.fromkeys(official_ids) if by_id[i].excluded]
    if excluded:
        raise ServiceError(
            _l("Not rated, so cannot be on the ballot: %(names)s.", names=", ".join(excluded)),
            field="officials",
        )
    listed = [by_id[i].person() for i in official_ids]
    by_person = {p.person_id: by_id[i] for p, i in zip(listed, official_ids, strict=True)}
    try:
        setup_checks.check_committee_not_rated(_committee_persons(poll), listed)
        setup_checks.check_unique_persons(listed)
        ballot = setup_checks.ballot_order(listed)
    except RuleViolation as violation:
        raise ServiceError(rule_message(violation), field="officials") from violation
    chosen = [by_person[p.person_id] for p in ballot]
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
    poll: Poll,
    user_ids: list[int],
    chair_id: int,
    threshold: int | None = None,
    *,
    second_member_confirms: bool | None = None,
) -> None:
    """Appoint the counting committee (= key holders) and the threshold k of n.

    k is at least 2; without one, k is a majority of the members. `second_member_confirms`
    (None keeps it) lets a member other than the chair make the committee's moves once a second
    member confirms.
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
    seated = _seating(poll, members, chair_id)
    if [(t.user_id, t.index, t.is_chair) for t in poll.trustees] != seated:
        poll.trustees.clear()
        db.session.flush()
        users_by_id = {u.id: u for u in members}
        for user_id, index, is_chair in seated:
            poll.trustees.append(Trustee(user=users_by_id[user_id], index=index, is_chair=is_chair))
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
    if second_member_confirms is not None and second_member_confirms != bool(
        poll.second_member_confirms
    ):
        poll.second_member_confirms = second_member_confirms
        db.session.flush()
        ledger_log.append_poll(
            poll,
            "admin_setting_changed",
            {
                "setting": "committee_moves",
                "value": "chair_or_two_members" if second_member_confirms else "chair",
            },
        )


def _seating(poll: Poll, members: list[User], chair_id: int) -> list[tuple[int, int, bool]]:
    """(user id, index m, chair) of each member: the chair is member 1; the others keep the
    order they were given seats in, and members new to the committee follow in the order
    chosen. Saving the committee again (only k changed, say) renumbers nobody (issue 14.3)."""
    before = {t.user_id: t.index for t in poll.trustees}
    others = [u.id for u in members if u.id != chair_id]
    others.sort(key=lambda uid: (uid not in before, before.get(uid, 0)))  # stable for new ones
    return [(chair_id, 1, True)] + [(uid, i, False) for i, uid in enumerate(others, start=2)]


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
    seats: dict[int | None, list[str]] = {}
    for user in members:
        seats.setdefault(user.delegate_id, []).append(user.display_name)
    shared = [", ".join(names) for names in seats.values() if len(names) > 1]
    if shared:
        raise ServiceError(
            _l(
                "Each member of the counting committee is a different delegate; these "
                "accounts belong to one delegate: %(names)s.",
                names="; ".join(shared),
            ),
            field="members",
        )
    try:
        setup_checks.check_committee_not_rated(
            [person_id(u.delegate_id) for u in members],
            [r.official.person() for r in poll.rated],
        )
    except RuleViolation as violation:
        raise ServiceError(rule_message(violation), field="members") from violation


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
    members = [t.user for t in poll.trustees]
    _check_committee(poll, members, poll.threshold)
    rated = [r.official.person() for r in poll.rated]
    try:
        ballot = setup_checks.check_setup(
            council_level=CouncilLevel(poll.council.level),
            committee=[person_id(u.delegate_id) for u in members],
            officials=rated,
            threshold=poll.threshold,
            key_holders=len(members),
        )
    except RuleViolation as violation:
        raise Conflict(rule_message(violation)) from violation
    if list(ballot) != rated:  # an official's bloc or order was edited since the list was chosen
        raise Conflict(
            _l(
                "The ballot order has changed since the officials were chosen (a bloc or an "
                "order was edited): save the officials rated again."
            )
        )


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
    voided = (
        db.session.scalar(
            select(func.count())
            .select_from(CredentialVoid)
            .join(Credential, Credential.id == CredentialVoid.credential_id)
            .where(Credential.poll_id == poll.id)
        )
        or 0
    )
    # credentials: every card registered (the log's figure); issued: those not voided, as the
    # minutes and the hall display count them
    return {
        "credentials": credentials,
        "voided": voided,
        "issued": credentials - voided,
        "ballots": ballots,
    }


def threshold_below_majority(poll: Poll) -> bool:
    """Whether the poll's k is allowed but below a majority of its committee (a warning)."""
    if poll.threshold is None or not poll.trustees:
        return False
    return setup_checks.below_majority(poll.threshold, len(poll.trustees))
