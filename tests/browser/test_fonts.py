"""Vietnamese in monospace renders correctly (issue 14, item 9).

"Lấy phiếu" once showed as "Lâý phiêú": the monospace font stack had no Vietnamese letters and the
browser stacked combining marks from another font. The service now ships Noto Sans Mono
(static/fonts/, OFL). In headless Chromium: every glyph of Vietnamese text in <code> comes from that
web font (DevTools' CSS.getPlatformFontsForNode), and the text is exactly as wide as an ASCII
reference of the same number of letters, composed (NFC) or decomposed (NFD), as monospace must be.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages_support import browser_marks, chromium, live_server, new_page

pytestmark = browser_marks

FONTS = Path(__file__).resolve().parents[2] / "ballot_service" / "web" / "static" / "fonts"
SAMPLES = ["Lấy phiếu tín nhiệm", "Đỗ Thị Hường — Phó Chủ tịch", "Ủy ban nhân dân tỉnh Quảng Ngãi"]


def test_the_vendored_fonts_are_the_recorded_ones():
    sums = (FONTS / "SHA256SUMS").read_text().split("\n")
    listed = dict(reversed(line.split("  ", 1)) for line in sums if line)
    assert sorted(listed) == sorted(p.name for p in FONTS.glob("*.woff2"))
    for name, digest in listed.items():
        assert hashlib.sha256((FONTS / name).read_bytes()).hexdigest() == digest, name
    assert "SIL Open Font License" in (FONTS / "OFL.txt").read_text()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("fonts"), lambda: None) as server:
        yield server


@pytest.fixture(scope="module")
def page(live: Any) -> Iterator[Any]:
    with chromium() as browser, new_page(browser) as tab:
        tab.goto(live.url + "/")
        yield tab


def _show(page: Any, texts: list[str]) -> None:
    page.evaluate(
        """async (texts) => {
            const box = document.createElement("div");
            box.id = "samples";
            texts.forEach((text, i) => {
                const code = document.createElement("code");
                code.id = "s" + i; code.textContent = text;
                code.style.whiteSpace = "pre"; code.style.wordBreak = "normal";
                box.append(code, document.createElement("br"));
            });
            document.querySelector("main").append(box);
            await document.fonts.load('16px "Noto Sans Mono"', texts.join(""));
            await document.fonts.ready;
        }""",
        texts,
    )


def _fonts_of(page: Any, selector: str) -> list[dict[str, Any]]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def _width(page: Any, selector: str) -> float:
    return page.evaluate("(s) => document.querySelector(s).getBoundingClientRect().width", selector)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_vietnamese_monospace_uses_the_shipped_font_and_keeps_its_width(page, form):
    texts = [unicodedata.normalize(form, t) for t in SAMPLES]
    references = ["x" * len(unicodedata.normalize("NFC", t)) for t in SAMPLES]
    page.evaluate("() => document.getElementById('samples')?.remove()")
    _show(page, texts + references)
    for i, text in enumerate(texts):
        fonts = _fonts_of(page, f"#s{i}")
        if form == "NFC":  # what the pages hold; the subset has no lone combining circumflex,
            # breve or horn, so decomposed text takes those marks from a fallback (same width)
            assert {f["familyName"] for f in fonts} == {"Noto Sans Mono"}, (text, fonts)
            assert all(f["isCustomFont"] for f in fonts), fonts
        else:
            assert "Noto Sans Mono" in {f["familyName"] for f in fonts}, (text, fonts)
        width, reference = _width(page, f"#s{i}"), _width(page, f"#s{len(texts) + i}")
        assert abs(width - reference) < 0.5, (text, width, reference)
