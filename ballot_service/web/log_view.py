"""The board's log as events people can read: a translated name and a one-line summary per entry,
the data folded, big entries (commitments, shares, card lists) summarised with a link to their
full JSON, and pages of PAGE_SIZE entries."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..crypto.ballot_types import short_code
from ..ledger.entries import EventType
from ..services.labels import label

PAGE_SIZE = 50
BIG = 600  # characters of data beyond which an entry is summarised and linked, not shown

EVENT_NAMES: dict[str, Any] = {
    EventType.COUNCIL_SETUP: _l("Council set up"),
    EventType.POLL_CREATED: _l("Poll created"),
    EventType.POLL_UPDATED: _l("Poll details changed"),
    EventType.OFFICIALS_SET: _l("Persons rated chosen"),
    EventType.COMMITTEE_SET: _l("Counting committee appointed"),
    EventType.STATE_CHANGED: _l("Poll moved"),
    EventType.DKG_COMMITMENT: _l("Key ceremony: a member's commitment"),
    EventType.DKG_SHARE_POSTED: _l("Key ceremony: an encrypted share"),
    EventType.DKG_CONFIRMED: _l("Key ceremony: a member's confirmation"),
    EventType.WITNESS_KEY: _l("Key ceremony: a member's witness key"),
    EventType.ELECTION_KEY: _l("Election key fixed"),
    EventType.CREDENTIALS_ISSUED: _l("Ballot cards issued"),
    EventType.CREDENTIAL_VOIDED: _l("Ballot card voided"),
    EventType.POLL_OPENED: _l("Poll opened"),
    EventType.BALLOT_CAST: _l("Ballot cast"),
    EventType.POLL_CLOSED: _l("Poll closed"),
    EventType.TALLY: _l("Encrypted count computed"),
    EventType.DECRYPTION_SHARE: _l("Decryption share of a member"),
    EventType.RESULT: _l("Result decrypted"),
    EventType.PUBLISHED: _l("Record published"),
    EventType.KEY_ROTATED: _l("Log signing key rotated"),
    EventType.ADMIN_SETTING_CHANGED: _l("Secretariat setting changed"),
    EventType.LOGIN_FAILURE_BURST: _l("Many failed logins"),
}


def event_name(code: str) -> str:
    return str(EVENT_NAMES.get(code, code))


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"


def summary(event: dict[str, Any]) -> str:
    """One line saying what the entry records, in the reader's language."""
    return str(_summary(event["type"], event.get("data") or {}))


def _summary(kind: str, data: dict[str, Any]) -> Any:
    if kind == EventType.BALLOT_CAST and "tracking_code" in data:
        return _("Tracking code %(code)s", code=short_code(bytes.fromhex(data["tracking_code"])))
    if kind == EventType.STATE_CHANGED:
        return _(
            "From %(old)s to %(new)s",
            old=label("state", str(data.get("from_state"))),
            new=label("state", str(data.get("to_state"))),
        )
    if kind == EventType.OFFICIALS_SET:
        return _("%(n)s persons rated", n=len(data.get("officials", [])))
    if kind == EventType.COMMITTEE_SET:
        return _(
            "%(n)s members, %(k)s needed to decrypt",
            n=len(data.get("members", [])),
            k=data.get("threshold"),
        )
    if kind in (
        EventType.DKG_COMMITMENT,
        EventType.DKG_CONFIRMED,
        EventType.WITNESS_KEY,
        EventType.DECRYPTION_SHARE,
    ):
        return _("Member %(m)s", m=data.get("member"))
    if kind == EventType.DKG_SHARE_POSTED:
        return _("From member %(a)s to member %(b)s", a=data.get("sender"), b=data.get("recipient"))
    if kind == EventType.CREDENTIALS_ISSUED:
        return _("%(n)s cards (batch %(b)s)", n=data.get("count"), b=data.get("batch"))
    if kind == EventType.CREDENTIAL_VOIDED:
        return _short(str(data.get("reason", "")))
    if kind in (EventType.POLL_CLOSED, EventType.TALLY, EventType.RESULT):
        return _("%(n)s ballots", n=data.get("ballots"))
    if kind == EventType.ADMIN_SETTING_CHANGED:
        return _short(str(data.get("setting", "")))
    scalars = [f"{k}: {v}" for k, v in sorted(data.items()) if isinstance(v, str | int)]
    return _short(" · ".join(scalars[:3]))


def present(event: dict[str, Any], *, withheld: bool = False) -> dict[str, Any]:
    """The entry as the page shows it; a `withheld` entry without its data (web/publication)."""
    if withheld:
        event = {**event, "data": None}
    text = json.dumps(event.get("data"), ensure_ascii=False, sort_keys=True, indent=1)
    return {
        **event,
        "number": event["seq"] + 1,  # people count from 1; the log's index stays in the JSON
        "name": event_name(event["type"]),
        "summary": str(_("Shown once the result is published")) if withheld else summary(event),
        "withheld": withheld,
        "big": len(text) > BIG,
        "data_text": text,
        "data_size": len(text),
    }


def page_of(total: int, requested: int) -> tuple[int, int]:
    """The page shown (1-based, clamped) and the number of pages."""
    pages = max(1, -(-total // PAGE_SIZE))
    return min(max(1, requested), pages), pages
