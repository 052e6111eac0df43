"""Translated names of the codes the database stores (poll states, levels, kinds, ...).

One table for the pages and the services' messages alike; the values are lazy, so they are
translated into the language of the request that shows them.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

LABELS: dict[str, dict[str, Any]] = {
    "level": {"province": _l("Province"), "district": _l("District"), "commune": _l("Commune")},
    "kind": {"poll": _l("Confidence poll"), "vote": _l("Confidence vote")},
    "bloc": {
        "council": _l("People's Council bloc"),
        "peoples_committee": _l("People's Committee bloc"),
    },
    "role": {
        "admin": _l("Secretariat"),
        "committee": _l("Counting committee member"),
        "auditor": _l("Auditor"),
    },
    "denominator": {
        "ballots_collected": _l("Ballots collected"),
        "total_delegates": _l("Total number of delegates"),
    },
    "state": {
        "draft": _l("Draft"),
        "key_ceremony": _l("Key ceremony"),
        "ready": _l("Ready"),
        "open": _l("Open"),
        "closed": _l("Closed"),
        "tallied": _l("Tallied"),
        "published": _l("Published"),
    },
}


def label(kind: str, code: str) -> str:
    """The translated name of `code` among the `kind` codes (the code itself if unknown)."""
    return str(LABELS[kind].get(code, code))
