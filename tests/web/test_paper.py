"""Paper counts (issue 15.6): the page, its line checks, and the same figures as the command."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from ballot_service import db
from ballot_service.models import PaperCount
from ballot_service.rules import cli
from ballot_service.services import paper
from tests.helpers import login, make_council, make_officials, make_user

# Per person (ballot order: two of the council bloc, then two of the People's Committee bloc):
# high, confidence, low, blank of 47 ballots collected. The third is the published 2023 row of
# tests/rules/data/vinh_phuc_2023.csv (25 low of 47 → 53,19%).
COUNTS = [(40, 5, 2, 0), (30, 10, 7, 0), (19, 2, 25, 1), (10, 5, 32, 0)]
FIGURES = {
    "total_delegates": "50",
    "delegates_present": "48",
    "ballots_issued": "48",
    "ballots_collected": "47",
    "ballots_invalid": "0",
    "count_started": "10:30",
    "count_ended": "11:05",
}


def form_of(counts: list[tuple[int, ...]], **figures: str) -> dict[str, str]:
    data = {**FIGURES, **figures}
    for i, (high, confidence, low, blank) in enumerate(counts):
        data |= {
            f"row-{i}-high": str(high),
            f"row-{i}-confidence": str(confidence),
            f"row-{i}-low": str(low),
            f"row-{i}-blank": str(blank),
        }
    return data


@pytest.fixture
def setup(app, client):
    council = make_council(delegates=20, total=50)
    make_officials(council)  # delegates 1–4 are rated
    make_user("vanphong", "admin")
    login(client, "vanphong")
    members = [d.id for d in council.delegates[-7:]]
    response = client.post(
        f"/paper/councils/{council.id}/new",
        data={
            "kind": "poll",
            "title": "Lấy phiếu tín nhiệm cuối năm",
            "session_name": "Kỳ họp thứ 13",
            "meeting_date": "2026-12-13",
            "place": "Hội trường",
            "denominator": "",
            "chair": str(members[0]),
            "members": [str(m) for m in members],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    item = db.session.query(PaperCount).one()
    return council, item


def test_bad_lines_are_each_named_and_nothing_is_saved(setup, client):
    _, item = setup
    bad = [(40, 5, 2, 0), (30, 10, 7, 1), (19, "x", 25, 1), (10, 5, 32, 0)]
    response = client.post(f"/paper/{item.id}", data=form_of(bad, ballots_issued="49"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Số phiếu phát ra nhiều hơn số đại biểu có mặt." in page  # 49 issued, 48 present
    assert db.session.get(PaperCount, item.id).result is None
    response = client.post(f"/paper/{item.id}", data=form_of(bad))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dòng 2: cộng các mức và dòng để trống được 48, nhưng số phiếu được kiểm là 47" in page
    assert "Dòng 3: cột «Tín nhiệm»: «x» không phải số nguyên không âm" in page
    assert "Dòng 1:" not in page and "Dòng 4:" not in page
    assert 'value="x"' in page  # what was typed is kept for correction
    assert db.session.get(PaperCount, item.id).result is None
    assert client.get(f"/paper/{item.id}/minutes").status_code == 409
    client.get("/lang/en")
    page = client.post(f"/paper/{item.id}", data=form_of(bad)).get_data(as_text=True)
    assert "Line 3: column “Confidence”: “x” is not a whole number of 0 or more" in page


def test_page_and_command_give_the_same_figures(setup, client, tmp_path: Path, capsys):
    _, item = setup
    response = client.post(f"/paper/{item.id}", data=form_of(COUNTS))
    assert response.status_code == 302
    page = client.get(f"/paper/{item.id}").get_data(as_text=True)
    manifest = paper.manifest_of(db.session.get(PaperCount, item.id))
    sheet = tmp_path / "counts.csv"
    lines = ["name,positions,bloc,high,confidence,low,blank"]
    for official, counts in zip(manifest["officials"], COUNTS, strict=True):
        cells = [official["name"], "; ".join(official["positions"]), official["bloc"]]
        lines.append(",".join([*cells, *map(str, counts)]))
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = cli.main(
        [
            str(sheet),
            "--total-delegates",
            "50",
            "--ballots-collected",
            "47",
            *("--delegates-present", "48"),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    table = page.split('class="result"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td class=\"num\">\d+</td>.*?</tr>", table, re.S)
    assert len(rows) == 4
    people = printed.split("\n\n", 1)[1]
    for number, row in enumerate(rows, start=1):
        block = people.split(f"{number}. ", 1)[1].split("\n", 3)
        assert block[0].split(" — ")[0] in row  # the same person at the same place
        printed_percents = re.findall(r"\((\d+,\d\d%)\)", block[1])
        assert re.findall(r"\d+,\d\d%", row) == printed_percents[:3]  # every level
        assert block[2].split(": ", 1)[1] in row  # the same band, in the same words
    assert "53,19%" in page


def test_minutes_and_draft_resolution_of_a_paper_count(setup, client):
    _, item = setup
    client.post(f"/paper/{item.id}", data=form_of(COUNTS))
    minutes = client.get(f"/paper/{item.id}/minutes").get_data(as_text=True)
    assert "BIÊN BẢN KIỂM PHIẾU" in minutes
    assert "trên giấy" in minutes and "<svg" not in minutes  # no checkpoint, no QR
    assert "Giải mã" not in minutes.split('class="committee"', 1)[1].split("</table>", 1)[0]
    assert "10 giờ 30 phút, ngày 13 tháng 12 năm 2026" in minutes  # local time, as typed
    assert "Đại biểu 20" in minutes.split('class="signatures"', 1)[1]  # the chair signs
    response = client.get(f"/resolution/paper/{item.id}.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "NGHỊ QUYẾT" in text and "Căn cứ Biên bản kiểm phiếu ngày 13 tháng 12 năm 2026" in text
    assert text.index("Điều 1.") < text.index("I. KHỐI HỘI ĐỒNG NHÂN DÂN")
    assert text.index("I. KHỐI HỘI ĐỒNG NHÂN DÂN") < text.index("II. KHỐI ỦY BAN NHÂN DÂN")
    assert text.index("II. KHỐI ỦY BAN NHÂN DÂN") < text.index("Điều 2.")
    assert "Số phiếu tín nhiệm thấp: 25 phiếu (chiếm 53,19% tổng số phiếu thu vào)" in text
    assert "trên giấy" in text and "số phiếu thu vào: 47" in text


def test_who_may_use_a_paper_count(setup, client):
    council, item = setup
    other = make_council("commune", delegates=3, total=3)
    make_user("ngoai", "committee", other.delegates[0].id)
    make_user("kiemphieu", "committee", council.delegates[-1].id)
    make_user("kiemtoan", "auditor")
    for name, status in (("ngoai", 403), ("kiemtoan", 403), ("kiemphieu", 200)):
        client.post("/logout")
        login(client, name)
        assert client.get(f"/paper/{item.id}").status_code == status, name
        assert client.get(f"/resolution/paper/{item.id}.docx").status_code in (status, 409)
        assert client.get(f"/paper/councils/{council.id}/new").status_code == status


def test_the_committee_is_checked(setup, client):
    council, _ = setup
    rated = council.delegates[0].id  # Người 0 is rated
    response = client.post(
        f"/paper/councils/{council.id}/new",
        data={
            "kind": "vote",
            "title": "Bỏ phiếu",
            "meeting_date": "2026-12-13",
            "denominator": "",
            "chair": str(rated),
            "members": [str(rated)],
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "phải có ít nhất 7 thành viên; hiện có 1 thành viên" in page, re.findall(
        r"role=\"alert\">([^<]*)", page
    )
