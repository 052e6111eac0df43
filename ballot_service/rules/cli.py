"""`python -m ballot_service.rules COUNTS.csv --total-delegates T --ballots-collected N
[--ballots-invalid I] [--delegates-present P] [--kind poll|vote]
[--denominator ballots_collected|total_delegates] [--lang vi|en]`: the result of a paper count.

Exit status: 0 the result table was printed; 1 the input is bad (every bad line is printed with
its number, and no result); 2 a usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence

from ballot_service.rules.counts import SessionCounts
from ballot_service.rules.formatting import format_int, format_percent
from ballot_service.rules.kinds import BLOC_ORDER, Lang, PollKind
from ballot_service.rules.paper import (
    LineError,
    SheetLine,
    SheetRow,
    check_sheet,
    columns,
    rate,
    shown,
)
from ballot_service.rules.results import Denominator, OfficialResult, default_denominator

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2

_EPILOG = """\
The CSV file (UTF-8; comma or semicolon separated; empty lines and lines starting with # are
skipped) starts with a header naming the columns, in this order:

  poll:  name,positions,bloc,high,confidence,low,blank
  vote:  name,positions,bloc,confidence,no_confidence,blank

then one line per person rated: full name; position(s), several separated by ";" (quote the
cell); bloc: council (or HĐND) or peoples_committee (or UBND); then the count of each level
(tín nhiệm cao, tín nhiệm, tín nhiệm thấp / tín nhiệm, không tín nhiệm) and the blank or invalid
rows of that person. On every line the counts add up to the ballots counted (ballots collected
minus ballots invalid as a whole). The session's figures are given as options. The table lists
the council bloc first, then the People's Committee bloc, each in the order of the file.
"""

_TEXT: dict[Lang, dict[str, str]] = {
    "vi": {
        "bad": "DỮ LIỆU KHÔNG HỢP LỆ — không có kết quả; sửa các lỗi sau:",
        "unreadable": "KHÔNG ĐỌC ĐƯỢC",
        "not_utf8": "tệp không phải UTF-8 (hãy lưu dưới dạng «CSV UTF-8»)",
        "delegates": "Tổng số đại biểu",
        "present": "Số đại biểu có mặt",
        "collected": "Số phiếu thu vào",
        "invalid": "Số phiếu không hợp lệ",
        "denominator": "Tỷ lệ phần trăm tính trên",
        "blank": "Dòng để trống",
        "consequence": "Hệ quả",
    },
    "en": {
        "bad": "BAD INPUT — no result; correct these faults:",
        "unreadable": "UNREADABLE",
        "not_utf8": "the file is not UTF-8 (save it as “CSV UTF-8”)",
        "delegates": "Total delegates",
        "present": "Delegates present",
        "collected": "Ballots collected",
        "invalid": "Invalid ballots",
        "denominator": "Percentages computed on",
        "blank": "Blank rows",
        "consequence": "Consequence",
    },
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ballot_service.rules",
        description="Print the result table of a confidence poll or vote counted on paper "
        "(Resolution 96/2023/QH15).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("counts", metavar="COUNTS.csv", help="the counts, one line per person")
    parser.add_argument("--kind", choices=("poll", "vote"), default="poll")
    parser.add_argument(
        "--denominator",
        choices=("ballots_collected", "total_delegates"),
        help="what percentages are computed on (default: ballots collected for a poll, "
        "total delegates for a vote)",
    )
    parser.add_argument("--total-delegates", type=_count, required=True, metavar="T")
    parser.add_argument("--ballots-collected", type=_count, required=True, metavar="N")
    parser.add_argument(
        "--ballots-invalid",
        type=_count,
        default=0,
        metavar="I",
        help="ballots invalid as a whole (not on the official form; default 0)",
    )
    parser.add_argument("--delegates-present", type=_count, metavar="P")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="default vi")
    return parser


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return int(text)


def read_sheet(text: str, kind: PollKind) -> tuple[list[SheetLine], list[LineError]]:
    """The lines of a CSV sheet; a wrong header or column count is a fault of its line."""
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    want = columns(kind)
    lines: list[SheetLine] = []
    errors: list[LineError] = []
    header_seen = False
    for cells in reader:
        number = reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if not header_seen:
            got = tuple(c.strip().casefold() for c in cells)
            if got != want:
                params = {"want": ",".join(want), "got": shown(",".join(got)[:120])}
                return [], [LineError(number, "header", params)]
            header_seen = True
            continue
        if len(cells) != len(want):
            errors.append(LineError(number, "columns", {"want": len(want), "got": len(cells)}))
            continue
        name, positions, bloc, *counts, blank = cells
        lines.append(SheetLine(number, name, positions, bloc, tuple(counts), blank))
    if not header_seen:
        return [], [LineError(0, "header", {"want": ",".join(want), "got": ""})]
    return lines, errors


def render(
    rows: Sequence[SheetRow],
    results: Sequence[OfficialResult],
    kind: PollKind,
    session: SessionCounts,
    lang: Lang,
    delegates_present: int | None = None,
) -> str:
    """The result table as text: the figures, then each person by bloc."""
    t = _TEXT[lang]
    denominator = results[0].denominator if results else default_denominator(kind)
    n = results[0].n if results else 0
    figures = [
        (t["delegates"], session.total_delegates),
        *([(t["present"], delegates_present)] if delegates_present is not None else []),
        (t["collected"], session.ballots_collected),
        (t["invalid"], session.ballots_invalid),
    ]
    out = [kind.labels.get(lang)]
    out.append(" · ".join(f"{label}: {format_int(value, lang)}" for label, value in figures))
    out.append(f"{t['denominator']}: {denominator.labels.get(lang)} ({format_int(n, lang)})")
    number = 0
    for bloc in BLOC_ORDER:
        members = [(r, res) for r, res in zip(rows, results, strict=True) if r.bloc is bloc]
        if not members:
            continue
        out += ["", bloc.labels.get(lang).upper()]
        for row, result in members:
            number += 1
            cells = [
                f"{level.labels.get(lang)}: {format_int(result.levels[level], lang)}"
                f" ({format_percent(result.percentages[level], lang)})"
                for level in kind.levels
            ]
            cells.append(
                f"{t['blank']}: {format_int(result.blank, lang)}"
                f" ({format_percent(result.blank_percentage, lang)})"
            )
            out.append(f"{number}. {row.name} — {'; '.join(row.positions)}")
            out.append("   " + "; ".join(cells))
            out.append(f"   {t['consequence']}: {result.band.labels.get(lang)}")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status (see the module docstring)."""
    args = _parser().parse_args(argv)
    lang: Lang = "en" if args.lang == "en" else "vi"
    kind = PollKind(args.kind)
    denominator = Denominator(args.denominator) if args.denominator else default_denominator(kind)
    try:
        with open(args.counts, "rb") as file:
            text = file.read().decode("utf-8-sig")
    except OSError as error:
        print(f"{_TEXT[lang]['unreadable']}: {args.counts}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError:
        print(f"{_TEXT[lang]['unreadable']}: {_TEXT[lang]['not_utf8']}", file=sys.stderr)
        return EXIT_USAGE
    session = SessionCounts(args.total_delegates, args.ballots_collected, args.ballots_invalid)
    lines, errors = read_sheet(text, kind)
    rows, faults = check_sheet(
        lines, kind, session, denominator, delegates_present=args.delegates_present
    )
    errors = sorted([*errors, *faults], key=lambda e: e.line) if errors or faults else []
    if errors:
        print(_TEXT[lang]["bad"])
        for fault in errors:
            print(fault.describe(lang))
        return EXIT_BAD_INPUT
    results = rate(rows, kind, session, denominator)
    sys.stdout.write(render(rows, results, kind, session, lang, args.delegates_present))
    return EXIT_OK
