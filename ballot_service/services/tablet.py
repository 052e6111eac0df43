"""What a delegate's tablet reads before casting: the poll's election and a card's status.

Reads only. Everything here is public (the manifest, the election key, the credentials and
the ballots are on the board); the card token never reaches the server, only X = x·B.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..models import Ballot, Poll
from ..rules.kinds import Bloc, Lang, Level
from . import cards
from .errors import NotFound, ServiceError

CardStatus = Literal["unknown", "voided", "used", "ok"]

# The states in which delegates cannot vote yet, and those in which they no longer can.
NOT_YET_OPEN = ("draft", "key_ceremony", "ready")
CLOSED = ("closed", "tallied", "published")


def election(poll: Poll, lang: Lang) -> dict[str, Any]:
    """The poll as the voting page needs it: state, and once the election key is fixed the
    fingerprint, the key, the levels (code, label) and the officials by bloc in ballot order."""
    answer: dict[str, Any] = {"poll_id": poll.id, "title": poll.title, "state": poll.state}
    if poll.manifest is None or poll.election_key is None or poll.fingerprint is None:
        return answer
    manifest = json.loads(poll.manifest)
    blocs: list[dict[str, Any]] = []
    for official in manifest["officials"]:  # in ballot order, grouped by bloc
        code = official["bloc"]
        if not blocs or blocs[-1]["code"] != code:
            blocs.append({"code": code, "label": Bloc(code).labels.get(lang), "officials": []})
        blocs[-1]["officials"].append(
            {
                "index": official["index"],
                "name": official["name"],
                "positions": official["positions"],
            }
        )
    answer.update(
        fingerprint=poll.fingerprint,
        election_key=poll.election_key,
        council=manifest["council"]["name"],
        levels=[{"code": c, "label": Level(c).labels.get(lang)} for c in manifest["levels"]],
        officials=len(manifest["officials"]),
        blocs=blocs,
    )
    return answer


def card_status(poll: Poll, credential: str) -> tuple[CardStatus, Ballot | None]:
    """unknown, voided, used (with the ballot it cast: its receipt) or ok, for a public
    credential X in hex."""
    if not re.fullmatch(r"[0-9a-f]{64}", credential):
        raise ServiceError(_l("A public credential is 64 lowercase hexadecimal digits."))
    try:
        found = cards.find(poll, credential)
    except NotFound:
        return "unknown", None
    used = db.session.scalar(select(Ballot).where(Ballot.credential_id == found.id))
    if used is not None:
        return "used", used
    if cards.is_void(found):
        return "voided", None
    return "ok", None
