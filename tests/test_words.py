"""The words people read follow /work/shared/GLOSSARY.md (issue 14, item 16).

The Vietnamese catalogue, the templates, the scripts and every Vietnamese literal in the code use
one term for one thing: this service runs confidence polls and votes, not elections ("bầu cử");
a checkpoint is "điểm kiểm tra" everywhere; the election key is "khóa của cuộc bỏ phiếu". The
district level is offered only as a legacy choice, after province and commune (2025 reform).
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ballot_service"
VI_PO = PACKAGE / "translations" / "vi" / "LC_MESSAGES" / "messages.po"

FORBIDDEN = {
    r"bầu\s+cử": "the service runs confidence polls and votes: say “cuộc bỏ phiếu”",
    r"điểm\s+kiểm(?!\s+tra)": "a checkpoint is “điểm kiểm tra”",
    r"điểm\s+chốt|điểm\s+mốc": "a checkpoint is “điểm kiểm tra”",
    r"khóa\s+bầu|khoá": "the election key is “khóa của cuộc bỏ phiếu” (spelled khóa)",
    r"ủy\s+thác|người\s+giữ\s+khóa": "a key holder is a member of the Ban kiểm phiếu",
}


def _problems(where: str, text: str) -> list[str]:
    found = []
    for pattern, why in FORBIDDEN.items():
        for match in re.finditer(pattern, text, re.IGNORECASE):
            found.append(f"{where}: “{match.group(0)}” — {why}")
    return found


def _translations() -> list[tuple[str, str]]:
    with VI_PO.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((str(message.id), str(s or "")) for s in strings)
    return pairs


def test_the_catalogue_never_uses_the_forbidden_terms():
    problems = [p for msgid, text in _translations() for p in _problems(f"msgid {msgid!r}", text)]
    assert problems == []


def test_the_code_templates_and_scripts_never_use_them():
    files = [
        *PACKAGE.rglob("*.py"),
        *PACKAGE.rglob("*.html"),
        *(PACKAGE / "web" / "static" / "js").rglob("*.js"),
        *(ROOT / "scripts").iterdir(),
        ROOT / "README.md",
    ]
    problems = []
    for path in files:
        if path.is_file() and "translations" not in path.parts:
            text = path.read_text("utf-8", errors="replace")
            problems += _problems(str(path.relative_to(ROOT)), text)
    assert problems == []


def test_the_catalogue_uses_the_glossary_terms():
    texts = dict(_translations())
    assert texts["Election record"] == "Hồ sơ cuộc bỏ phiếu"
    assert (
        "khóa của cuộc bỏ phiếu" in texts["The key ceremony has not produced the election key yet."]
    )
    assert "điểm kiểm tra" in texts["Latest signed checkpoint"].lower()


def test_district_is_a_legacy_choice_after_province_and_commune(app):
    from ballot_service.web.forms import LEVELS

    with app.test_request_context(headers={"Accept-Language": "vi"}):
        assert [choice.value for choice in LEVELS] == ["province", "commune", "district"]
        labels = {choice.value: str(choice.label) for choice in LEVELS}
    assert labels["province"] == "Cấp tỉnh" and labels["commune"] == "Cấp xã"
    assert "trước" in labels["district"] and "2025" in labels["district"]
