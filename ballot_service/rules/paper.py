"""Paper counts: the counts a counting committee typed, checked line by line, then rated.

A council that votes on paper counts by hand; the same rules (counts.py, results.py) then give
the result. Every line is checked on its own and every fault is kept with its line number, so a
committee sees all its typing mistakes at once; no result exists while any line is bad.

The sheet's columns (a CSV file, or the committee's page, which builds the same lines):
``name, positions, bloc``, one column per level of the kind (its codes, kinds.Level), ``blank``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ballot_service.rules.counts import OfficialCounts, SessionCounts, check_session
from ballot_service.rules.errors import RuleViolation
from ballot_service.rules.kinds import Bloc, Labels, Lang, Level, PollKind
from ballot_service.rules.results import (
    Denominator,
    OfficialResult,
    compute_result,
    denominator_value,
)
from ballot_service.rules.text import unsafe_character

POSITION_SEPARATOR = ";"
"""Several positions of one person share a cell, separated by this character."""

_BLOC_NAMES: Mapping[str, Bloc] = {
    "council": Bloc.COUNCIL,
    "hđnd": Bloc.COUNCIL,
    "hdnd": Bloc.COUNCIL,
    "peoples_committee": Bloc.PEOPLES_COMMITTEE,
    "ubnd": Bloc.PEOPLES_COMMITTEE,
}


def columns(kind: PollKind) -> tuple[str, ...]:
    """The sheet's columns for `kind`, in order."""
    return ("name", "positions", "bloc", *(level.value for level in kind.levels), "blank")


_COLUMN_LABELS: Mapping[str, Labels] = {
    "name": Labels("họ và tên", "full name"),
    "positions": Labels("chức vụ", "positions"),
    "blank": Labels("dòng để trống", "blank rows"),
}


def column_label(column: str, lang: Lang) -> str:
    """A column's name in words: «Tín nhiệm thấp» rather than `low`."""
    if column in _COLUMN_LABELS:
        return _COLUMN_LABELS[column].get(lang)
    return Level(column).labels.get(lang)


@dataclass(frozen=True)
class SheetLine:
    """One person's line as typed: text cells, nothing checked yet."""

    line: int  # 1 is the header of a CSV file; the page numbers its rows from 1
    name: str
    positions: str
    bloc: str
    counts: tuple[str, ...]  # one per level of the kind, in its order
    blank: str


@dataclass(frozen=True)
class SheetRow:
    """One person's checked line."""

    line: int
    name: str
    positions: tuple[str, ...]
    bloc: Bloc
    counts: tuple[int, ...]
    blank: int


@dataclass(frozen=True)
class LineError:
    """A fault of one line (0 when it concerns the whole sheet), with a stable code."""

    line: int
    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)

    def message(self, lang: Lang) -> str:
        """The fault in words, without the line number."""
        params = dict(self.params)
        if "column" in params:
            params["column"] = column_label(str(params["column"]), lang)
        return _MESSAGES[self.code][0 if lang == "vi" else 1].format(**params)

    def describe(self, lang: Lang) -> str:
        """The fault with its line number, as the command prints it."""
        if self.line == 0:
            return self.message(lang)
        where = "dòng" if lang == "vi" else "line"
        return f"{where} {self.line}: {self.message(lang)}"


_MESSAGES: Mapping[str, tuple[str, str]] = {
    "header": (
        "dòng tiêu đề phải là «{want}», nhận được «{got}»",
        "the header must be “{want}”, got “{got}”",
    ),
    "columns": (
        "cần {want} cột, nhận được {got}",
        "{want} columns expected, got {got}",
    ),
    "name_missing": ("thiếu họ và tên", "the full name is missing"),
    "positions_missing": ("thiếu chức vụ", "the position is missing"),
    "unsafe": (
        "cột «{column}» chứa ký tự không được phép {char}",
        "column “{column}” holds a character that is not allowed, {char}",
    ),
    "bloc": (
        "khối «{value}» không hợp lệ: ghi council (HĐND) hoặc peoples_committee (UBND)",
        "bloc “{value}” is unknown: write council (HĐND) or peoples_committee (UBND)",
    ),
    "count": (
        "cột «{column}»: «{value}» không phải số nguyên không âm",
        "column “{column}”: “{value}” is not a whole number of 0 or more",
    ),
    "rows": (
        "cộng các mức và dòng để trống được {rows}, nhưng số phiếu được kiểm là {counted}",
        "the levels and the blank row add up to {rows}, but {counted} ballots were counted",
    ),
    "duplicate": (
        "{name} đã có ở dòng {first}",
        "{name} is already on line {first}",
    ),
    "empty": ("không có người nào được lấy phiếu", "no person is listed"),
    "zero": (
        "tỷ lệ tính trên {denominator} nhưng con số này bằng 0",
        "the percentages are computed on {denominator}, which is 0",
    ),
    "collected_over_delegates": (
        "số phiếu thu vào ({collected}) lớn hơn tổng số đại biểu ({delegates})",
        "ballots collected ({collected}) exceed the total delegates ({delegates})",
    ),
    "invalid_over_collected": (
        "số phiếu không hợp lệ ({invalid}) lớn hơn số phiếu thu vào ({collected})",
        "invalid ballots ({invalid}) exceed the ballots collected ({collected})",
    ),
    "present_over_delegates": (
        "số đại biểu có mặt ({present}) lớn hơn tổng số đại biểu ({delegates})",
        "delegates present ({present}) exceed the total delegates ({delegates})",
    ),
    "collected_over_present": (
        "số phiếu thu vào ({collected}) lớn hơn số đại biểu có mặt ({present})",
        "ballots collected ({collected}) exceed the delegates present ({present})",
    ),
}


def shown(text: str) -> str:
    """Typed text echoed in a message, every character a terminal could act on escaped
    (\\x1b, \\u202e) as Python writes it."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def parse_count(text: str) -> int | None:
    """A typed count: ASCII digits only (spaces around allowed), else None."""
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def check_line(
    line: SheetLine, kind: PollKind, session: SessionCounts
) -> tuple[SheetRow | None, list[LineError]]:
    """Check one line on its own; the row, or None and every fault found in it."""
    errors: list[LineError] = []
    name = unicodedata.normalize("NFC", " ".join(line.name.split()))
    positions = tuple(
        unicodedata.normalize("NFC", " ".join(p.split()))
        for p in line.positions.split(POSITION_SEPARATOR)
        if p.strip()
    )
    if not name:
        errors.append(LineError(line.line, "name_missing"))
    if not positions:
        errors.append(LineError(line.line, "positions_missing"))
    for column, text in (("name", line.name), ("positions", line.positions)):
        char = unsafe_character(text)
        if char is not None:
            errors.append(LineError(line.line, "unsafe", {"column": column, "char": char}))
    bloc = _BLOC_NAMES.get(unicodedata.normalize("NFC", line.bloc.strip()).casefold())
    if bloc is None:
        errors.append(LineError(line.line, "bloc", {"value": shown(line.bloc.strip()[:40])}))
    counts: list[int] = []
    cells = (*zip(kind.levels, line.counts, strict=True), ("blank", line.blank))
    for column, text in cells:
        value = parse_count(text)
        if value is None:
            errors.append(
                LineError(
                    line.line, "count", {"column": str(column), "value": shown(text.strip()[:20])}
                )
            )
        else:
            counts.append(value)
    if len(counts) == len(cells):
        rows = sum(counts)
        if rows != session.ballots_counted:
            errors.append(
                LineError(line.line, "rows", {"rows": rows, "counted": session.ballots_counted})
            )
    if errors or bloc is None:
        return None, errors
    return SheetRow(line.line, name, positions, bloc, tuple(counts[:-1]), counts[-1]), []


def check_session_figures(session: SessionCounts, delegates_present: int | None) -> list[LineError]:
    """The sheet-wide figures: ballots invalid ≤ collected ≤ present ≤ total delegates."""
    try:
        check_session(session)
    except RuleViolation:
        if session.ballots_collected > session.total_delegates:
            return [
                LineError(
                    0,
                    "collected_over_delegates",
                    {"collected": session.ballots_collected, "delegates": session.total_delegates},
                )
            ]
        return [
            LineError(
                0,
                "invalid_over_collected",
                {"invalid": session.ballots_invalid, "collected": session.ballots_collected},
            )
        ]
    if delegates_present is None:
        return []
    if delegates_present > session.total_delegates:
        return [
            LineError(
                0,
                "present_over_delegates",
                {"present": delegates_present, "delegates": session.total_delegates},
            )
        ]
    if session.ballots_collected > delegates_present:
        return [
            LineError(
                0,
                "collected_over_present",
                {"collected": session.ballots_collected, "present": delegates_present},
            )
        ]
    return []


def check_sheet(
    lines: Sequence[SheetLine],
    kind: PollKind,
    session: SessionCounts,
    denominator: Denominator,
    *,
    delegates_present: int | None = None,
) -> tuple[list[SheetRow], list[LineError]]:
    """Check every line and the sheet as a whole; the rows in ballot order, or every fault.

    Ballot order: the council bloc first, then the People's Committee bloc, each in the order
    of the sheet (the council's configured order of positions).
    """
    errors = check_session_figures(session, delegates_present)
    if not errors and denominator_value(denominator, session) == 0:
        label = denominator.labels.vi.lower()
        errors.append(LineError(0, "zero", {"denominator": label}))
    if not lines:
        errors.append(LineError(0, "empty"))
    rows: list[SheetRow] = []
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for line in lines:
        row, faults = check_line(line, kind, session)
        errors.extend(faults)
        if row is None:
            continue
        key = (row.name.casefold(), tuple(p.casefold() for p in row.positions))
        if key in seen:
            errors.append(LineError(row.line, "duplicate", {"name": row.name, "first": seen[key]}))
            continue
        seen[key] = row.line
        rows.append(row)
    if errors:
        return [], errors
    return sorted(rows, key=lambda r: r.bloc.rank), []


def rate(
    rows: Sequence[SheetRow], kind: PollKind, session: SessionCounts, denominator: Denominator
) -> list[OfficialResult]:
    """The result of each checked row (check_sheet first), in the rows' order."""
    return [
        compute_result(
            OfficialCounts(
                kind, dict(zip(kind.levels, row.counts, strict=True)), row.blank, session
            ),
            denominator,
        )
        for row in rows
    ]
