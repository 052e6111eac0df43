"""The council, its delegate roster and its officials: the secretariat's setup."""

from __future__ import annotations

import csv
import io
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..models import Council, Delegate, Official, Poll, User
from ..rules.kinds import Bloc, CouncilLevel, codes
from . import inputs, ledger_log
from .errors import Conflict, NotFound, RowErrors, ServiceError

# What people write in the "present" column, compared after NFC, lower case and single spaces.
TRUE_WORDS = {
    "1", "x", "y", "yes", "true", "present", "có", "co", "có mặt", "co mat", "✓", "✔",
}  # fmt: skip
FALSE_WORDS = {
    "0", "n", "no", "false", "absent", "không", "khong", "vắng", "vang", "vắng mặt", "vang mat",
    "không có mặt", "khong co mat", "-",
}  # fmt: skip


def _presence_word(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def get_council(council_id: int) -> Council:
    council = db.session.get(Council, council_id)
    if council is None:
        raise NotFound(_l("No council %(id)s.", id=council_id))
    return council


def _council_texts(name: str, place: str) -> tuple[str, str]:
    return (
        inputs.text(name, "name", inputs.NAME_MAX),
        inputs.text(place, "place", inputs.NAME_MAX),
    )


def _check_council(name: str, level: str, total_delegates: int) -> None:
    if not name.strip():
        raise ServiceError(_l("The council needs a name."), field="name")
    if level not in codes(CouncilLevel):
        raise ServiceError(_l("Unknown council level %(level)s.", level=level), field="level")
    if not 1 <= total_delegates <= inputs.NUMBER_MAX:
        raise ServiceError(
            _l("The total number of delegates must be 1 to %(n)s.", n=inputs.NUMBER_MAX),
            field="total_delegates",
        )


def create_council(name: str, level: str, total_delegates: int, place: str = "") -> Council:
    name, place = _council_texts(name, place)
    _check_council(name, level, total_delegates)
    if db.session.scalar(select(Council).where(Council.name == name.strip())):
        raise Conflict(_l("A council named %(name)s exists already.", name=name), field="name")
    council = Council(
        name=name.strip(), level=level, total_delegates=total_delegates, place=place.strip()
    )
    db.session.add(council)
    db.session.flush()
    ledger_log.append_service("council_setup", _council_data(council))
    return council


def update_council(
    council: Council, name: str, level: str, total_delegates: int, place: str
) -> None:
    name, place = _council_texts(name, place)
    _check_council(name, level, total_delegates)
    if total_delegates < len(council.delegates):
        raise ServiceError(
            _l(
                "The roster already has %(n)s delegates; the total cannot be lower.",
                n=len(council.delegates),
            ),
            field="total_delegates",
        )
    council.name, council.level = name.strip(), level
    council.total_delegates, council.place = total_delegates, place.strip()
    db.session.flush()
    ledger_log.append_service("council_setup", _council_data(council))


def _council_data(council: Council) -> dict[str, object]:
    return {"council": str(council.id), "name": council.name, "delegates": council.total_delegates}


def add_delegate(council: Council, number: int, name: str, present: bool = False) -> Delegate:
    if not 1 <= number <= inputs.NUMBER_MAX:
        raise ServiceError(
            _l("A delegate number is 1 to %(n)s.", n=inputs.NUMBER_MAX), field="number"
        )
    name = inputs.text(name, "name", inputs.NAME_MAX)
    if not name.strip():
        raise ServiceError(_l("The delegate needs a name."), field="name")
    if any(d.number == number for d in council.delegates):
        raise Conflict(
            _l("Delegate number %(number)s is already used.", number=number), field="number"
        )
    if len(council.delegates) >= council.total_delegates:
        raise ServiceError(
            _l("The roster is full: the council has %(n)s delegates.", n=council.total_delegates)
        )
    delegate = Delegate(number=number, name=name.strip(), present=present)
    council.delegates.append(delegate)
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "delegate_added",
            "value": {"council": council.id, "number": number, "name": delegate.name},
        },
    )
    return delegate


def get_delegate(delegate_id: int) -> Delegate:
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None:
        raise NotFound(_l("No delegate %(id)s.", id=delegate_id))
    return delegate


def _polls_under_way(council: Council) -> list[str]:
    """Titles of the council's polls being voted on or counted (their roster is fixed)."""
    rows = db.session.scalars(
        select(Poll).where(Poll.council_id == council.id, Poll.state.in_(("open", "closed")))
    ).all()
    return [p.title for p in rows]


def update_delegate(delegate: Delegate, number: int, name: str) -> None:
    """Correct a delegate's number or name (presence has its own form)."""
    council = delegate.council
    if number < 1:
        raise ServiceError(_l("A delegate number starts at 1."), field="number")
    if not name.strip():
        raise ServiceError(_l("The delegate needs a name."), field="name")
    if any(d.number == number and d.id != delegate.id for d in council.delegates):
        raise Conflict(
            _l("Delegate number %(number)s is already used.", number=number), field="number"
        )
    before = {"number": delegate.number, "name": delegate.name}
    delegate.number, delegate.name = number, name.strip()
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "delegate_changed",
            "value": {
                "council": council.id,
                "before": before,
                "after": {"number": delegate.number, "name": delegate.name},
            },
        },
    )


def remove_delegate(delegate: Delegate) -> None:
    """Take a delegate off the roster unless an account, an official or an open poll needs them."""
    council = delegate.council
    accounts = db.session.scalars(select(User).where(User.delegate_id == delegate.id)).all()
    if accounts:
        raise Conflict(
            _l(
                "%(name)s has the account %(accounts)s (a counting committee member is a "
                "delegate); deactivate it or link it to someone else first.",
                name=delegate.name,
                accounts=", ".join(u.username for u in accounts),
            )
        )
    linked = [o.name for o in council.officials if o.delegate_id == delegate.id]
    if linked:
        raise Conflict(
            _l(
                "%(name)s is linked to the official entry %(officials)s; change that entry first.",
                name=delegate.name,
                officials=", ".join(linked),
            )
        )
    running = _polls_under_way(council)
    if running:
        raise Conflict(
            _l(
                "The roster is fixed while a poll is under way: %(polls)s.",
                polls=", ".join(running),
            )
        )
    gone = {"council": council.id, "number": delegate.number, "name": delegate.name}
    council.delegates.remove(delegate)
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed", {"setting": "delegate_removed", "value": gone}
    )


def set_presence(council: Council, present_ids: set[int]) -> int:
    """Mark who is present at the session; returns how many are."""
    for delegate in council.delegates:
        delegate.present = delegate.id in present_ids
    db.session.flush()
    count = sum(1 for d in council.delegates if d.present)
    ledger_log.append_service(
        "admin_setting_changed",
        {"setting": "presence", "value": {"council": council.id, "present": count}},
    )
    return count


def import_delegates(council: Council, text: str) -> int:
    """Import `number,name,present` rows; returns how many were imported.

    Any bad row is reported (by line) and nothing is imported; a roster that is already full, or
    that the rows would overfill, is reported once, before any line.
    """
    if len(council.delegates) >= council.total_delegates:
        raise ServiceError(
            _l(
                "Nothing was imported: the roster is full already (%(n)s of %(n)s delegates).",
                n=council.total_delegates,
            )
        )
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as error:  # a field over csv's 128 KiB limit, a broken quote…
        raise RowErrors(
            _l("Nothing was imported: the file is not a readable CSV."),
            [(reader.line_num, str(_l("this row cannot be read (%(why)s)", why=str(error))))],
        ) from None
    errors: list[tuple[int, str]] = []
    taken = {d.number for d in council.delegates}
    parsed: list[tuple[int, str, bool]] = []
    for line, row in enumerate(rows, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line == 1 and row[0].strip().lower() in {"number", "số", "so", "stt"}:
            continue
        if len(row) != 3:  # a missing column must not silently mean "absent"
            errors.append(
                (
                    line,
                    str(
                        _l(
                            "expected 3 columns (number, name, present), found %(n)s",
                            n=len(row),
                        )
                    ),
                )
            )
            continue
        number_text, name = row[0].strip(), row[1].strip()
        present_text = _presence_word(row[2])
        number = inputs.whole_number(number_text)
        if number is None or number < 1:
            errors.append(
                (
                    line,
                    str(
                        _l(
                            "the number %(value)s is not a whole number from 1 to %(n)s",
                            value=number_text[:20],
                            n=inputs.NUMBER_MAX,
                        )
                    ),
                )
            )
            continue
        if not name:
            errors.append((line, str(_l("the name is empty"))))
            continue
        name_problem = inputs.problem(name, inputs.NAME_MAX)
        if name_problem is not None:
            errors.append((line, str(_l("the name: %(reason)s", reason=name_problem))))
            continue
        if present_text not in TRUE_WORDS | FALSE_WORDS:
            errors.append(
                (
                    line,
                    str(
                        _l(
                            "present must be “có mặt” (yes) or “vắng” (no), not “%(value)s”",
                            value=present_text[:20],
                        )
                    ),
                )
            )
            continue
        if number in taken:
            errors.append(
                (line, str(_l("delegate number %(number)s is already used", number=number)))
            )
            continue
        taken.add(number)
        parsed.append((number, name, present_text in TRUE_WORDS))
    if not errors and not parsed:
        errors.append((1, str(_l("the file has no delegate rows"))))
    if len(council.delegates) + len(parsed) > council.total_delegates:
        raise ServiceError(
            _l(
                "Nothing was imported: the roster would have %(n)s delegates, more than the "
                "council's %(total)s (%(room)s more can be added).",
                n=len(council.delegates) + len(parsed),
                total=council.total_delegates,
                room=council.total_delegates - len(council.delegates),
            )
        )
    if errors:
        raise RowErrors(_l("Nothing was imported: %(n)s bad rows.", n=len(errors)), errors)
    for number, name, present in parsed:
        council.delegates.append(Delegate(number=number, name=name, present=present))
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {"setting": "delegates_imported", "value": {"council": council.id, "count": len(parsed)}},
    )
    return len(parsed)


def get_official(official_id: int) -> Official:
    official = db.session.get(Official, official_id)
    if official is None:
        raise NotFound(_l("No official %(id)s.", id=official_id))
    return official


def save_official(
    council: Council,
    name: str,
    positions: list[str],
    bloc: str,
    order: int,
    *,
    official: Official | None = None,
    delegate_id: int | None = None,
) -> Official:
    """Create or update an official; a person with several positions is one official."""
    name = inputs.text(name, "name", inputs.NAME_MAX)
    positions = [inputs.text(p, "positions", inputs.TITLE_MAX) for p in positions if p.strip()]
    if len(positions) > 20:
        raise ServiceError(_l("At most 20 positions."), field="positions")
    if not name:
        raise ServiceError(_l("The official needs a name."), field="name")
    if not positions:
        raise ServiceError(_l("List at least one position."), field="positions")
    if bloc not in codes(Bloc):
        raise ServiceError(_l("Unknown bloc %(bloc)s.", bloc=bloc), field="bloc")
    if not 0 <= order <= inputs.NUMBER_MAX:
        raise ServiceError(_l("The order is 0 to %(n)s.", n=inputs.NUMBER_MAX), field="order")
    if delegate_id is not None and not any(d.id == delegate_id for d in council.delegates):
        raise ServiceError(
            _l("That delegate is not on this council's roster."), field="delegate_id"
        )
    same = [
        o
        for o in council.officials
        if o.name.strip().lower() == name.strip().lower() and o is not official
    ]
    if same:
        raise Conflict(
            _l(
                "%(name)s is listed already: add the position to that entry, since a "
                "person is rated once with all positions.",
                name=name.strip(),
            ),
            field="name",
        )
    if official is None:
        official = Official(
            name=name.strip(), positions=positions, bloc=bloc, order=order, delegate_id=delegate_id
        )
        council.officials.append(official)
    else:
        official.name, official.positions = name.strip(), positions
        official.bloc, official.order, official.delegate_id = bloc, order, delegate_id
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "official_saved",
            "value": {
                "council": council.id,
                "official": official.id,
                "name": official.name,
                "positions": list(positions),
                "bloc": bloc,
                "order": order,
                "delegate": delegate_id,
            },
        },
    )
    return official


def set_exclusion(official: Official, excluded: bool, reason: str) -> None:
    """Exclude an official from rating (retirement announced, elected this year) with a reason."""
    reason = inputs.text(reason, "reason", inputs.REASON_MAX)
    if excluded and not reason.strip():
        raise ServiceError(
            _l("Give the reason why %(name)s is not rated.", name=official.name), field="reason"
        )
    official.excluded = excluded
    official.exclusion_reason = reason.strip() if excluded else ""
    db.session.flush()
    ledger_log.append_service(
        "admin_setting_changed",
        {
            "setting": "exclusion",
            "value": {
                "official": official.id,
                "name": official.name,
                "excluded": excluded,
                "reason": official.exclusion_reason,
            },
        },
    )
