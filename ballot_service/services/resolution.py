"""The draft resolution of the council confirming the results, as a .docx the secretariat finishes.

A council adopts its resolutions in Vietnamese, so the draft is in Vietnamese whatever the page's
language. Its layout follows Decree 30/2020/NĐ-CP on administrative documents (A4, Times New
Roman, the national motto at the top right); its content follows the 2023 confirming
resolutions: the grounds, citing the count minutes ("Căn cứ Biên bản kiểm phiếu ngày …"),
Điều 1 (the figures, then each person, council bloc first) and Điều 2 (carrying it out). The
number, the signature and the recipients are left for the secretariat.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from flask import current_app

from ..record.result import NO_BALLOTS_BAND
from ..rules.formatting import format_date_vi, format_int, format_percent
from ..rules.kinds import Bloc, Level, PollKind
from ..rules.results import Band, Denominator
from .minutes import Minutes

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_SUBJECT = {
    PollKind.POLL: "lấy phiếu tín nhiệm",
    PollKind.VOTE: "bỏ phiếu tín nhiệm",
}


def filename(data: Minutes) -> str:
    """The download's name: ASCII, from the kind and the meeting's date."""
    day = data.poll.meeting_date
    stamp = day.strftime("%Y%m%d") if isinstance(day, date) else "undated"
    return f"du-thao-nghi-quyet-{PollKind(data.poll.kind).value}-{stamp}.docx"


def build(data: Minutes) -> bytes:
    """The draft resolution of `data` (a decrypted poll's minutes or a paper count's) as .docx."""
    kind = PollKind(data.poll.kind)
    council = data.manifest["council"]["name"]
    session = data.manifest["poll"]["session"]
    subject = _SUBJECT[kind]
    doc = Document()
    _page(doc)
    _heading(doc, council, data)
    _centered(doc, "NGHỊ QUYẾT", bold=True, size=14)
    _centered(
        doc,
        f"Xác nhận kết quả {subject} đối với người giữ chức vụ do Hội đồng nhân dân bầu",
        bold=True,
    )
    _centered(doc, "____________")
    _centered(doc, council.upper(), bold=True)
    if session:
        _centered(doc, session.upper(), bold=True)
    minutes_day = _minutes_day(data)
    day_text = format_date_vi(minutes_day) if minutes_day is not None else "ngày …"
    for ground in (
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Nghị quyết số 96/2023/QH15 ngày 23 tháng 6 năm 2023 của Quốc hội về lấy phiếu "
        "tín nhiệm, bỏ phiếu tín nhiệm đối với người giữ chức vụ do Quốc hội, Hội đồng nhân dân "
        "bầu hoặc phê chuẩn;",
        f"Căn cứ Biên bản kiểm phiếu {day_text} của Ban kiểm phiếu về kết quả {subject} đối với "
        "người giữ chức vụ do Hội đồng nhân dân bầu.",
    ):
        _body(doc, ground, italic=True)
    _centered(doc, "QUYẾT NGHỊ:", bold=True)
    _article_1(doc, data, kind, subject)
    _article_2(doc, data, kind)
    _body(
        doc,
        f"Nghị quyết này đã được {council}{', ' + session if session else ''} thông qua "
        f"{day_text}./.",
    )
    _signature(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _minutes_day(data: Minutes) -> date | None:
    """The day the count minutes were drawn up: the count's end in the council's time zone,
    else the meeting's day."""
    if data.count_ended:
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        ended = datetime.fromisoformat(data.count_ended.replace("Z", "+00:00"))
        return ended.astimezone(zone).date()
    day = data.poll.meeting_date
    return day if isinstance(day, date) else None


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)


def _heading(doc: DocxDocument, council: str, data: Minutes) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(table.cell(0, 0), council.upper(), bold=True)
    _cell(table.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _cell(table.cell(1, 0), "Số: …/NQ-HĐND")
    _cell(table.cell(1, 1), "Độc lập - Tự do - Hạnh phúc", bold=True)
    day = data.poll.meeting_date
    place = data.manifest["poll"]["place"]
    when = format_date_vi(day) if isinstance(day, date) else "ngày … tháng … năm …"
    line = doc.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    line.add_run(f"{place + ', ' if place else ''}{when}").italic = True


def _cell(cell: _Cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(13)


def _centered(doc: DocxDocument, text: str, *, bold: bool = False, size: int = 14) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def _body(doc: DocxDocument, text: str, *, italic: bool = False, bold: bool = False) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    run = paragraph.add_run(text)
    run.italic, run.bold = italic, bold
    return paragraph


def _article(doc: DocxDocument, number: int, text: str) -> None:
    paragraph = _body(doc, "")
    paragraph.add_run(f"Điều {number}. ").bold = True
    paragraph.add_run(text)


def _n(value: int) -> str:
    return format_int(value, "vi")


def _article_1(doc: DocxDocument, data: Minutes, kind: PollKind, subject: str) -> None:
    result = data.result
    rated = len(result["officials"])
    how = "trên giấy" if data.paper else "bằng phiếu điện tử"
    _article(
        doc,
        1,
        f"Xác nhận kết quả {subject} ({how}) đối với {_n(rated)} người giữ chức vụ do Hội đồng "
        "nhân dân bầu, như sau:",
    )
    denominator = Denominator(result["denominator"])
    invalid = result["ballots_collected"] - result["ballots_valid"]
    for text in (
        f"Tổng số đại biểu Hội đồng nhân dân: {_n(result['total_delegates'])}; số đại biểu có "
        f"mặt: {_n(result['delegates_present'])}.",
        f"Số phiếu phát ra: {_n(data.ballots_issued)}; số phiếu thu vào: "
        f"{_n(result['ballots_collected'])}; số phiếu hợp lệ: {_n(result['ballots_valid'])}; "
        f"số phiếu không hợp lệ: {_n(invalid)}.",
        f"Tỷ lệ phần trăm tính trên {denominator.labels.vi.lower()} ({_n(result['n'])}).",
    ):
        _body(doc, text)
    levels = [Level(code) for code in kind.levels]
    blocs = [Bloc.COUNCIL, Bloc.PEOPLES_COMMITTEE]
    numerals = ("I", "II")
    number = 0
    for numeral, bloc in zip(numerals, blocs, strict=True):
        rows = [
            row
            for row in result["officials"]
            if data.manifest["officials"][row["index"]]["bloc"] == bloc.value
        ]
        if not rows:
            continue
        _body(doc, f"{numeral}. {bloc.labels.vi.upper()}", bold=True)
        for row in rows:
            number += 1
            positions = ", ".join(data.manifest["officials"][row["index"]]["positions"])
            _body(doc, f"{number}. {row['name']}, {positions}", bold=True)
            for level, count, share in zip(levels, row["counts"], row["percentages"], strict=True):
                _body(
                    doc,
                    f"- Số phiếu {level.labels.vi.lower()}: {_n(count)} phiếu "
                    f"(chiếm {_pct(share)} {denominator.labels.vi.lower()}).",
                )
            if row["blank"]:
                _body(
                    doc,
                    f"- Số dòng để trống (không hợp lệ đối với người này): {_n(row['blank'])}.",
                )
            if row["band"] != NO_BALLOTS_BAND:
                _body(doc, f"- Hệ quả: {Band(row['band']).labels.vi}.", italic=True)


def _pct(text: str) -> str:
    return format_percent(Fraction(text), "vi")


def _article_2(doc: DocxDocument, data: Minutes, kind: PollKind) -> None:
    serious = [
        row["name"]
        for row in data.result["officials"]
        if row["band"] in (Band.MAY_RESIGN, Band.MUST_PROPOSE_DISMISSAL, Band.PROPOSE_DISMISSAL)
    ]
    follow_up = ""
    if serious:
        follow_up = (
            " Đối với " + ", ".join(serious) + ", Thường trực Hội đồng nhân dân và cơ quan, tổ "
            "chức đã giới thiệu để bầu thực hiện theo quy định của Nghị quyết số 96/2023/QH15."
        )
    _article(
        doc,
        2,
        "Thường trực Hội đồng nhân dân, Ủy ban nhân dân, các Ban của Hội đồng nhân dân, các Tổ "
        "đại biểu và đại biểu Hội đồng nhân dân theo chức năng, nhiệm vụ, quyền hạn tổ chức "
        "công bố kết quả và thực hiện Nghị quyết này." + follow_up,
    )


def _signature(doc: DocxDocument) -> None:
    table = doc.add_table(rows=1, cols=2)
    left = table.cell(0, 0).paragraphs[0]
    left.add_run("Nơi nhận:").bold = True
    for line in ("- Như Điều 2;", "- Lưu: VT."):
        left.add_run("\n" + line).font.size = Pt(11)
    _cell(table.cell(0, 1), "CHỦ TỊCH", bold=True)
