"""Paper counts: the rules CLI (python -m ballot_service.rules) and its line checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ballot_service.rules.cli import main, read_sheet
from ballot_service.rules.counts import SessionCounts
from ballot_service.rules.kinds import PollKind
from ballot_service.rules.paper import check_sheet
from ballot_service.rules.results import Band, Denominator

DATA = Path(__file__).parent / "data"
POLL_HEADER = "name,positions,bloc,high,confidence,low,blank\n"
VOTE_HEADER = "name,positions,bloc,confidence,no_confidence,blank\n"


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main([str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def sheet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reproduces_thanh_hoa_2023(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "thanh_hoa_2023.csv"
    code, out, _ = run(capsys, path, "--total-delegates", "80", "--ballots-collected", "80")
    assert code == 0
    # As published: 97,5% / 1,25% / 1,25% and 96,25% / 3,75% / 0% of the ballots collected.
    assert "1. Đỗ Trọng Hưng — Chủ tịch Hội đồng nhân dân tỉnh" in out
    assert "Tín nhiệm cao: 78 (97,50%); Tín nhiệm: 1 (1,25%); Tín nhiệm thấp: 1 (1,25%)" in out
    assert "Tín nhiệm cao: 77 (96,25%); Tín nhiệm: 3 (3,75%); Tín nhiệm thấp: 0 (0,00%)" in out
    assert out.count(Band.EVALUATION_ONLY.labels.vi) == 2
    assert "Tỷ lệ phần trăm tính trên: Tổng số phiếu thu vào (80)" in out


def test_reproduces_vinh_phuc_2023(capsys: pytest.CaptureFixture[str]) -> None:
    # The project's fixture of tests/rules/test_results.py: 47 ballots, 25 low → 53,19%.
    path = DATA / "vinh_phuc_2023.csv"
    args = ("--total-delegates", "50", "--ballots-collected", "47")
    code, out, _ = run(capsys, path, *args)
    assert code == 0
    assert "Tín nhiệm cao: 19 (40,43%); Tín nhiệm: 2 (4,26%); Tín nhiệm thấp: 25 (53,19%)" in out
    assert "Dòng để trống: 1 (2,13%)" in out
    assert Band.MAY_RESIGN.labels.vi in out
    code, out, _ = run(capsys, path, *args, "--lang", "en")
    assert "Low confidence: 25 (53.19%)" in out and Band.MAY_RESIGN.labels.en in out
    # On the older denominator (total delegates) the same counts give 50,00%: not over half.
    code, out, _ = run(capsys, path, *args, "--denominator", "total_delegates")
    assert "Tín nhiệm thấp: 25 (50,00%)" in out and Band.EVALUATION_ONLY.labels.vi in out


def test_two_thirds_published_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The project's fixture: 88 ballots collected, 75 "tín nhiệm thấp" → 85,23%.
    path = sheet(tmp_path, POLL_HEADER + "Trần Văn B,Giám đốc Sở,UBND,3,10,75,0\n")
    code, out, _ = run(capsys, path, "--total-delegates", "90", "--ballots-collected", "88")
    assert code == 0 and "(85,23%)" in out and Band.MUST_PROPOSE_DISMISSAL.labels.vi in out


@pytest.mark.parametrize(
    ("denominator", "collected", "delegates", "low", "band"),
    [
        ("ballots_collected", 90, 100, 45, Band.EVALUATION_ONLY),  # exactly half
        ("ballots_collected", 90, 100, 46, Band.MAY_RESIGN),  # over half
        ("ballots_collected", 90, 100, 59, Band.MAY_RESIGN),  # just below two-thirds
        ("ballots_collected", 90, 100, 60, Band.MUST_PROPOSE_DISMISSAL),  # exactly two-thirds
        ("total_delegates", 90, 99, 49, Band.EVALUATION_ONLY),  # just below half
        ("total_delegates", 90, 100, 50, Band.EVALUATION_ONLY),  # exactly half
        ("total_delegates", 90, 100, 51, Band.MAY_RESIGN),  # over half
        ("total_delegates", 90, 99, 65, Band.MAY_RESIGN),  # just below two-thirds
        ("total_delegates", 90, 99, 66, Band.MUST_PROPOSE_DISMISSAL),  # exactly two-thirds
    ],
)
def test_band_boundaries_both_denominators(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    denominator: str,
    collected: int,
    delegates: int,
    low: int,
    band: Band,
) -> None:
    row = f"Lê Thị C,Phó Chủ tịch,HĐND,{collected - low},0,{low},0\n"
    path = sheet(tmp_path, POLL_HEADER + row)
    code, out, _ = run(
        capsys,
        path,
        *("--total-delegates", str(delegates), "--ballots-collected", str(collected)),
        *("--denominator", denominator, "--lang", "en"),
    )
    assert code == 0
    assert f"Consequence: {band.labels.en}" in out


@pytest.mark.parametrize(("no", "band"), [(50, Band.RETAINED), (51, Band.PROPOSE_DISMISSAL)])
def test_vote_on_total_delegates_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no: int, band: Band
) -> None:
    path = sheet(tmp_path, VOTE_HEADER + f"Phạm Văn D,Ủy viên,UBND,{90 - no},{no},0\n")
    args = ("--kind", "vote", "--total-delegates", "100", "--ballots-collected", "90")
    code, out, _ = run(capsys, path, *args)
    assert code == 0
    assert f"Không tín nhiệm: {no} ({no},00%)" in out and band.labels.vi in out
    assert "Tổng số đại biểu Hội đồng nhân dân (100)" in out


def test_bloc_order_council_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = POLL_HEADER + (
        "Ủy Viên E,Chủ tịch UBND,peoples_committee,5,0,0,0\n"
        'Chủ Tịch F,"Chủ tịch HĐND; Trưởng Ban Pháp chế",council,4,1,0,0\n'
        "Phó G,Phó Chủ tịch HĐND,hdnd,3,1,1,0\n"
    )
    code, out, _ = run(
        capsys, sheet(tmp_path, text), "--total-delegates", "9", "--ballots-collected", "5"
    )
    assert code == 0
    council, committee = out.index("KHỐI HỘI ĐỒNG NHÂN DÂN"), out.index("KHỐI ỦY BAN NHÂN DÂN")
    assert council < out.index("1. Chủ Tịch F — Chủ tịch HĐND; Trưởng Ban Pháp chế")
    assert out.index("2. Phó G") < committee < out.index("3. Ủy Viên E")


def test_every_bad_line_reported_and_no_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = POLL_HEADER + (
        "Nguyễn A,Chủ tịch,HĐND,3,1,1,0\n"  # good
        "Nguyễn B,Phó Chủ tịch,HĐND,3,1\n"  # 2: too few columns (line 3)
        "\n"
        "Nguyễn C,Ủy viên,UBND,3,x,1,0\n"  # line 5: not a number
        "Nguyễn D,Ủy viên,tỉnh,3,1,1,0\n"  # line 6: bloc
        "Nguyễn E,Ủy viên,UBND,3,1,1,1\n"  # line 7: 6 rows for 5 ballots
        "Nguyễn A,Chủ tịch,HĐND,5,0,0,0\n"  # line 8: the same person again
        ",Ủy viên,UBND,-1,1,1,0\n"  # line 9: no name, negative count
        "Nguyễn\u202eF,Ủy viên,UBND,5,0,0,0\n"  # line 10: a bidi override
        "Nguyễn G,Ủy viên,\x1b[2J,5,0,0,0\n"  # line 11: a terminal escape, echoed escaped
    )
    code, out, err = run(
        capsys,
        sheet(tmp_path, text),
        "--total-delegates",
        "9",
        "--ballots-collected",
        "5",
        "--lang",
        "en",
    )
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("BAD INPUT — no result")
    assert lines[1:] == [
        "line 3: 7 columns expected, got 5",
        "line 5: column “Confidence”: “x” is not a whole number of 0 or more",
        "line 6: bloc “tỉnh” is unknown: write council (HĐND) or peoples_committee (UBND)",
        "line 7: the levels and the blank row add up to 6, but 5 ballots were counted",
        "line 8: Nguyễn A is already on line 2",
        "line 9: the full name is missing",
        "line 9: column “High confidence”: “-1” is not a whole number of 0 or more",
        "line 10: column “full name” holds a character that is not allowed, U+202E",
        "line 11: bloc “\\x1b[2J” is unknown: write council (HĐND) or peoples_committee (UBND)",
    ]
    assert "Nguyễn A —" not in out  # nothing printed as a result


def test_sheet_wide_faults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path, POLL_HEADER + "Nguyễn A,Chủ tịch,HĐND,3,1,1,0\n")
    code, out, _ = run(capsys, path, "--total-delegates", "4", "--ballots-collected", "5")
    assert code == 1 and "số phiếu thu vào (5) lớn hơn tổng số đại biểu (4)" in out
    code, out, _ = run(
        capsys, sheet(tmp_path, POLL_HEADER), "--total-delegates", "4", "--ballots-collected", "0"
    )
    assert code == 1 and "không có người nào được lấy phiếu" in out
    assert "tỷ lệ tính trên tổng số phiếu thu vào nhưng con số này bằng 0" in out


def test_header_and_kind_must_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path, "# a comment\n" + POLL_HEADER + "Nguyễn A,Chủ tịch,HĐND,3,1,1,0\n")
    code, out, _ = run(
        capsys,
        path,
        "--kind",
        "vote",
        "--total-delegates",
        "9",
        "--ballots-collected",
        "5",
        "--lang",
        "en",
    )
    assert code == 1
    assert "line 2: the header must be “name,positions,bloc,confidence,no_confidence,blank”" in out


def test_semicolon_separated_with_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "excel.csv"
    text = POLL_HEADER.replace(",", ";") + 'Nguyễn A;"Chủ tịch; Trưởng Ban";HĐND;3;1;1;0\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, out, _ = run(capsys, path, "--total-delegates", "9", "--ballots-collected", "5")
    assert code == 0 and "Nguyễn A — Chủ tịch; Trưởng Ban" in out and "(60,00%)" in out


def test_usage_and_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(tmp_path / "x.csv")])  # the session figures are required
    assert exit_.value.code == 2
    code, _, err = run(
        capsys, tmp_path / "missing.csv", "--total-delegates", "9", "--ballots-collected", "5"
    )
    assert code == 2 and "missing.csv" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes(POLL_HEADER.encode() + "Nguy\xean,Ch\xfa,HĐND".encode("latin-1", "replace"))
    code, _, err = run(capsys, latin, "--total-delegates", "9", "--ballots-collected", "5")
    assert code == 2 and "UTF-8" in err


def test_module_entry_point_and_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ballot_service.rules", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "name,positions,bloc,high,confidence,low,blank" in done.stdout
    assert "--ballots-collected" in done.stdout


def test_check_sheet_is_what_the_cli_reads() -> None:
    lines, errors = read_sheet(POLL_HEADER + "Nguyễn A,Chủ tịch,UBND,1,1,1,0\n", PollKind.POLL)
    assert errors == []
    rows, faults = check_sheet(
        lines, PollKind.POLL, SessionCounts(5, 3), Denominator.BALLOTS_COLLECTED
    )
    assert faults == [] and rows[0].counts == (1, 1, 1) and rows[0].line == 2


def test_the_command_loads_neither_flask_nor_sqlalchemy() -> None:
    probe = (
        "import sys, ballot_service.rules.cli; "
        "sys.exit(any(m.split('.')[0] in ('flask', 'sqlalchemy') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", probe], check=False).returncode == 0
