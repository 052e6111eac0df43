"""The printable card sheet (A4, HTML with inline SVG QR codes) and the card's URL.

The same layout as the committee page's sheet (web/static/js/cards.js): one stylesheet,
web/static/css/cards.css, serves both; here it is inlined, since the file is opened from disk.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_8BIT_BYTE, QRData

from .files import CardRequest
from .tokens import card_id, grouped, token_text

Lang = Literal["vi", "en"]

TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"vi": "Thẻ phiếu — {title}", "en": "Ballot cards — {title}"},
    "kind": {"vi": "Thẻ phiếu", "en": "Ballot card"},
    "how": {
        "vi": "Quét mã QR bằng máy tính bảng, hoặc mở {url} và gõ mã thẻ:",
        "en": "Scan the QR code with the tablet, or open {url} and type the card code:",
    },
    "number": {"vi": "Thẻ số {n} · mã nhận dạng {id}", "en": "Card {n} · ID {id}"},
    "election": {"vi": "Dấu vân tay: {fp}", "en": "Election fingerprint: {fp}"},
    "secret": {
        "vi": "Giữ kín mã thẻ: ai có mã có thể bỏ phiếu bằng thẻ này.",
        "en": "Keep the card code secret: whoever has it can vote with this card.",
    },
    "qr": {"vi": "Mã QR của thẻ phiếu số {n}", "en": "QR code of ballot card {n}"},
}


@dataclass(frozen=True, slots=True)
class Card:
    """One printed card: its number on the sheet, token t and public credential X."""

    number: int
    token: bytes
    public: bytes


def card_url(request: CardRequest, token: bytes) -> str:
    """https://<hall>/vote/<poll>#<token text>: the fragment never reaches a server."""
    return f"{request.url}#{token_text(token)}"


def qr_svg(text: str, *, label: str) -> str:
    """The text as a QR code (byte mode, level M), an SVG with 4 modules of quiet zone."""
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    symbol.add_data(QRData(text.encode(), mode=MODE_8BIT_BYTE))
    symbol.make(fit=True)
    matrix = symbol.get_matrix()
    side = len(matrix)
    path = []
    for y, row in enumerate(matrix):
        x = 0
        while x < side:
            if not row[x]:
                x += 1
                continue
            run = 1
            while x + run < side and row[x + run]:
                run += 1
            path.append(f"M{x} {y}h{run}v1h-{run}z")
            x += run
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges" role="img" aria-label="{html.escape(label)}">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{"".join(path)}" fill="#000"/></svg>'
    )


def stylesheet() -> str:
    return (
        resources.files("ballot_service")
        .joinpath("web/static/css/cards.css")
        .read_text(encoding="utf-8")
    )


def _card(request: CardRequest, card: Card, lang: Lang) -> str:
    def t(key: str, **values: object) -> str:
        return html.escape(TEXTS[key][lang].format(**values))

    text = token_text(card.token)
    qr = qr_svg(card_url(request, card.token), label=TEXTS["qr"][lang].format(n=card.number))
    return (
        '<article class="ballot-card">'
        f'<header><strong class="card-title">{html.escape(request.title)}</strong>'
        f'<span class="card-council">{html.escape(request.council)}</span></header>'
        f'<div class="card-qr">{qr}</div>'
        '<div class="card-text">'
        f'<p class="card-kind">{t("kind")}</p>'
        f'<p class="card-how">{t("how", url=request.url)}</p>'
        f'<p class="card-token">{grouped(text)}</p>'
        f'<p class="card-meta">{t("number", n=card.number, id=card_id(card.public))}</p>'
        f'<p class="card-election">{t("election", fp=request.election_short)}</p>'
        f'<p class="card-secret">{t("secret")}</p>'
        "</div></article>"
    )


def render_sheet(request: CardRequest, cards: list[Card], lang: Lang) -> str:
    """The whole print-ready HTML document (A4, ten cards a page)."""
    title = html.escape(TEXTS["title"][lang].format(title=request.title))
    body = "\n".join(_card(request, card, lang) for card in cards)
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{stylesheet()}</style>\n</head>\n"
        f'<body class="card-print">\n<section class="card-sheet">\n{body}\n</section>\n'
        "</body>\n</html>\n"
    )
