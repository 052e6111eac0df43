"""Translated labels of stored codes, for the templates."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..rules.results import Band
from ..services import ledger_log
from ..services.labels import LABELS, label


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
            "log_key_fingerprint": lambda: ledger_log.key_fingerprint(
                current_app, quiet=True, grouped=True
            ),
        }
