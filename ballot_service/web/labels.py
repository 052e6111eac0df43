"""Translated labels of stored codes, for the templates."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

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
    "denominator": {"ballots_collected": _l("Ballots collected"),
                    "total_delegates": _l("Total number of delegates")},
    "band": {"evaluation_only": _l("For the evaluation of officials only"),
             "may_resign": _l("Over half low confidence: may resign; otherwise a confidence vote"),
             "must_propose_dismissal": _l("Two-thirds or more low confidence: dismissal must be "
                                          "proposed"),
             "retained": _l("No dismissal follows"),
             "propose_dismissal": _l("Over half no confidence: dismissal is proposed"),
             "no_ballots": _l("No ballot collected")},
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


def init_app(app: Flask) -> None:
    @app.context_processor
    def _labels() -> dict[str, Any]:
        return {f"{kind}_label": (lambda code, kind=kind: label(kind, code)) for kind in LABELS} | {
            "log_key_fingerprint": lambda: ledger_log.key_fingerprint(current_app, quiet=True)
        }
