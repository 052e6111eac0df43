"""Translated names of the codes the database stores (poll states, levels, kinds, ...).

One table for the pages and the services' messages alike; the values are lazy, so they are
translated into the language of the request that shows them.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from ..rules.kinds import Bloc, CouncilLevel, PollKind
from ..rules.results import Denominator
from ..rules.states import PollState

# Keyed by the rules' enums (one vocabulary; a test checks every code has a name).
LABELS: dict[str, dict[str, Any]] = {
    "level": {
        CouncilLevel.PROVINCE: _l("Province"),
        # The 2025 reform left two levels (province, commune); district stays for older records.
        CouncilLevel.DISTRICT: _l("District (legacy: before the 2025 reform)"),
        CouncilLevel.COMMUNE: _l("Commune"),
    },
    "kind": {PollKind.POLL: _l("Confidence poll"), PollKind.VOTE: _l("Confidence vote")},
    "bloc": {
        Bloc.COUNCIL: _l("People's Council bloc"),
        Bloc.PEOPLES_COMMITTEE: _l("People's Committee bloc"),
    },
    "role": {
        "admin": _l("Secretariat"),
        "committee": _l("Counting committee member"),
        "auditor": _l("Auditor"),
    },
    "denominator": {
        Denominator.BALLOTS_COLLECTED: _l("Ballots collected"),
        Denominator.TOTAL_DELEGATES: _l("Total number of delegates"),
    },
    "state": {
        PollState.DRAFT: _l("Draft"),
        PollState.KEY_CEREMONY: _l("Key ceremony"),
        PollState.READY: _l("Ready"),
        PollState.OPEN: _l("Open"),
        PollState.CLOSED: _l("Closed"),
        PollState.TALLIED: _l("Tallied"),
        PollState.PUBLISHED: _l("Published"),
    },
}


def label(kind: str, code: str) -> str:
    """The translated name of `code` among the `kind` codes (the code itself if unknown)."""
    return str(LABELS[kind].get(code, code))
