"""The count minutes page (biên bản kiểm phiếu), printable, public once the result is known."""

from __future__ import annotations

import io
from fractions import Fraction

import qrcode
import qrcode.image.svg
from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from ..rules.formatting import format_percent
from ..rules.kinds import Lang, Level, PollKind
from ..services import ledger_log, minutes, polls
from ..services.errors import Forbidden
from . import publication
from .i18n import local

bp = Blueprint("minutes", __name__)


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code (no script, no external image: fits the strict CSP)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return Markup(svg[svg.index("<svg") :])  # noqa: S704 - our own SVG, no user markup in it


@bp.get("/board/polls/<id:poll_id>/minutes")
def show(poll_id: int) -> str:
    poll = polls.get_poll(poll_id)
    if poll.result is not None and not publication.may_see_result(poll):
        raise Forbidden(
            _("The count minutes are public once the counting committee publishes them.")
        )
    return render(minutes.build(poll))


def render(data: minutes.Minutes) -> str:
    """The minutes page, of a poll or of a paper count (no checkpoint, no key then)."""
    kind = PollKind(data.poll.kind)
    return render_template(
        "minutes/minutes.html",
        m=data,
        levels=[Level(code) for code in kind.levels],
        percent=percent_of,
        qr=qr_svg(data.checkpoint_note) if data.checkpoint_note else None,
        key_fingerprint=(
            "" if data.paper else ledger_log.key_fingerprint(quiet=True, grouped=True)
        ),
    )


def percent_of(text: str) -> str:
    """A stored percentage ("53.19") as the page's language writes it (53,19%)."""
    return format_percent(Fraction(text), _lang())


def local_hhmm(utc: str) -> str:
    """The log's UTC text as local HH:MM (the council's time zone)."""
    return local(utc).strftime("%H:%M")


def _lang() -> Lang:
    return "vi" if str(get_locale()) == "vi" else "en"
