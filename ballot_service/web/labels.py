"""Translated labels of stored codes, for the templates."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..rules.results import Band
from ..services import ledger_log

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
    return str(LABELS[kind].get(code, code))


def band_label(code: str) -> str:
    """The consequence band, worded once in the rules package (Resolution 96/2023/QH15)."""
    if code not in {band.value for band in Band}:
        return str(_l("No ballot collected"))
    return Band(code).labels.get("vi" if str(get_locale()) == "vi" else "en")


def init_app(app: Flask) -> None:
    @app.context_processor
    def _labels() -> dict[str, Any]:
        return {f"{kind}_label": (lambda code, kind=kind: label(kind, code)) for kind in LABELS} | {
            "band_label": band_label,
            "log_key_fingerprint": lambda: ledger_log.key_fingerprint(current_app, quiet=True),
        }
