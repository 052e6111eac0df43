"""The count minutes printed to PDF by headless Chromium (issue 15.7), read back with pypdf.

A decrypted poll's minutes carry the figures, the Vietnamese text, the log key's fingerprint and
the final signed checkpoint; a paper count's minutes carry the typed figures, say the count was on
paper, and carry no checkpoint. Both end with the committee's signature lines.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from ballot_service.devtools import simulation
from ballot_service.rules.formatting import format_percent
from ballot_service.services import (
    accounts,
    councils,
    ledger_log,
    lifecycle,
    minutes,
    paper,
    polls,
)
from tests.browser.pages_support import (
    PASSWORD,
    browser_marks,
    chromium,
    live_server,
    log_in,
    new_page,
)

pytestmark = browser_marks
pypdf = pytest.importorskip("pypdf")

PAPER_COUNTS = [(["40", "5", "2"], "0"), (["19", "2", "25"], "1"), (["10", "5", "32"], "0")]


def _setup() -> dict[str, int]:
    poll_id = simulation.run(delegates=9, officials=4, trustees=3, threshold=2, seed=11).poll_id
    lifecycle.transition(polls.get_poll(poll_id), "published")  # public minutes: once published
    council = councils.create_council("Hội đồng nhân dân xã Hòa Bình", "commune", 50, "Hội trường")
    for number in range(1, 9):
        councils.add_delegate(council, number, f"Đại biểu Nguyễn Văn {number}", present=True)
    for i, (name, bloc) in enumerate(
        [("Trần Thị Ánh", "council"), ("Lê Duy Thành", "peoples_committee"), ("Đỗ Hưng", "council")]
    ):
        councils.save_official(council, name, [f"Chức vụ {i}"], bloc, i)
    user = accounts.create_user("vanphong", PASSWORD, "admin", "Văn phòng")
    user.must_change_password = False
    members = [d.id for d in council.delegates[-3:]]
    item = paper.create(
        council,
        user,
        kind="poll",
        title="Lấy phiếu tín nhiệm cuối nhiệm kỳ",
        session_name="Kỳ họp thứ mười ba",
        meeting_date=date(2026, 12, 13),
        place="Hội trường xã",
        denominator=None,
        chair_id=members[0],
        member_ids=members,
    )
    typed = paper.Typed(
        figures={
            "total_delegates": "50",
            "delegates_present": "48",
            "ballots_issued": "48",
            "ballots_collected": "47",
            "ballots_invalid": "0",
        },
        count_started="10:30",
        count_ended="11:05",
        rows=PAPER_COUNTS,
    )
    paper.save_counts(item, user, typed)
    return {"poll": poll_id, "paper": item.id}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("minutes_pdf"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


def _pdf_text(page: Any, url: str) -> tuple[str, int]:
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    # pypdf puts a space beside a glyph drawn with its own advance ("B Ả N"): compare the text
    # without white space.
    return _flat(unicodedata.normalize("NFC", text)), len(reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_minutes_of_a_decrypted_poll_as_pdf(browser, live):
    with live.context():
        data = minutes.build(polls.get_poll(live.data["poll"]))
        fingerprint = ledger_log.key_fingerprint(quiet=True)
        checkpoint = data.checkpoint_note
        committee = [str(t["name"]) for t in data.committee]
        rows = data.result["officials"]
    with new_page(browser) as page:
        text, pages = _pdf_text(page, f"{live.url}/board/polls/{live.data['poll']}/minutes")
    assert pages >= 1
    for phrase in ("BIÊN BẢN KIỂM PHIẾU", "Ban kiểm phiếu", "Số phiếu thu vào", "Dòng để trống"):
        assert _flat(phrase) in text, phrase
    flat = text
    for row in rows:
        assert _flat(row["name"]) in flat
        for share in row["percentages"]:
            assert format_percent(Fraction(share), "vi") in flat  # 53,19%: Vietnamese style
    assert fingerprint in flat.lower()  # the log key's fingerprint, grouped on the page
    assert _flat(checkpoint) in flat  # the signed checkpoint, every line of it
    signatures = text.rsplit("Chữký", 1)[1]
    for name in committee:
        assert _flat(name) in signatures


def test_minutes_of_a_paper_count_as_pdf(browser, live):
    with live.context():
        item = paper.get(live.data["paper"])
        result = json.loads(item.result or "{}")
    with new_page(browser) as page:
        log_in(page, live.url, "vanphong")
        text, _ = _pdf_text(page, f"{live.url}/paper/{live.data['paper']}/minutes")
    assert "BIÊNBẢNKIỂMPHIẾU" in text and "Hộiđồngnhândânxã" in text
    assert "trêngiấy" in text and "điểmkiểmtra" in text  # says no checkpoint covers it
    flat = text
    assert "53,19%" in flat and "68,09%" in flat  # 25 and 32 of 47
    assert result["officials"][0]["name"] == "Trần Thị Ánh"  # council bloc first
    assert flat.index("TrầnThịÁnh") < flat.index("ĐỗHưng") < flat.index("LêDuyThành")
    assert _flat("10 giờ 30 phút, ngày 13 tháng 12 năm 2026") in text
    assert "ĐạibiểuNguyễnVăn6" in text.rsplit("Chữký", 1)[1]
