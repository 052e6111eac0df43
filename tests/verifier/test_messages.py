"""The verifier's reasons in both languages (issue 14.15): the catalogue is complete and
consistent, and no reason `ballot-verify --lang vi` prints escapes it."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import string
from pathlib import Path
from typing import Any

import pytest

from ballot_service.verifier.catalogue import CATALOGUE
from ballot_service.verifier.cli import main
from ballot_service.verifier.messages import (
    TEMPLATES,
    UNKNOWN,
    explain,
    placeholders,
)
from ballot_service.verifier.report import printable

from ..vectors.record_mutations.replay import build_case, cases

CASES = cases()
VERDICTS = {
    "vi": ("KHÔNG HỢP LỆ: ", "KHÔNG ĐỌC ĐƯỢC: ", "ballot-verify: lỗi: "),
    "en": ("INVALID: ", "UNREADABLE: ", "ballot-verify: error: "),
}
# Templates whose words are the same in both languages (symbols, field names).
SAME = {"obj.a_j", "obj.kdf", "obj.indexed", "entry.data_field"}


def test_every_template_has_a_vietnamese_text_with_the_same_placeholders() -> None:
    assert len(CATALOGUE) >= 150
    codes = [code for code, _, _ in CATALOGUE]
    assert len(codes) == len(set(codes))
    for code, en, vi in CATALOGUE:
        assert vi.strip() and en.strip(), code
        assert placeholders(en) == placeholders(vi), code
        assert (vi == en) is (code in SAME), code


def test_no_two_placeholders_touch() -> None:
    """The matcher needs literal text between two placeholders."""
    for code, en, _ in CATALOGUE:
        fields = list(string.Formatter().parse(en))
        for (_, name, _, _), (literal, following, _, _) in itertools.pairwise(fields):
            assert not (name is not None and following is not None and literal == ""), code


@pytest.mark.parametrize(
    ("message", "vietnamese", "codes"),
    [
        (
            "log entry 31: credential_voided comes after poll_closed (entry 30): no card is "
            "voided once the count has started",
            "mục nhật ký 31: credential_voided đứng sau poll_closed (mục 30): không hủy thẻ "
            "nào sau khi đã bắt đầu kiểm phiếu",
            ("obj.log_entry", "log.void_after_close"),
        ),
        (
            "ballot 4 (tracking code da2ca020…): credential dbdb8b09f5a9… was voided (spare)",
            "phiếu 4 (mã theo dõi da2ca020…): thẻ phiếu dbdb8b09f5a9… đã bị hủy (spare)",
            ("obj.ballot_code", "ballot.credential_voided"),
        ),
        (
            "dkg commitment 2: DKG commitment of trustee 2: proof of A_1: challenge mismatch",
            "cam kết của thành viên 2 trong lễ tạo khóa: cam kết của thành viên 2 trong lễ "
            "tạo khóa: chứng minh của A_1: thách thức không khớp",
            (
                "obj.dkg_commitment",
                "obj.dkg_commitment_of",
                "obj.proof_of_a",
                "crypto.challenge_mismatch",
            ),
        ),
        (
            "record: part ballots.json is missing",
            "hồ sơ: thiếu phần ballots.json",
            ("obj.record", "record.part_missing"),
        ),
        (
            "manifest: official 0 bloc 'senate' is not one of ['council', 'peoples_committee']",
            "bản mô tả cuộc bỏ phiếu: trường bloc của người được lấy phiếu 0 'senate' không "
            "thuộc ['council', 'peoples_committee']",
            ("obj.manifest", "manifest.one_of", "field.official_attr"),
        ),
        (
            "log entry 24: ballot_cast tracking code differs from ballot 0 (tracking code "
            "75b96892…)",
            "mục nhật ký 24: ballot_cast mã theo dõi khác với phiếu 0 (mã theo dõi 75b96892…)",
            ("obj.log_entry", "log.differs", "field.tracking_code", "obj.ballot_code"),
        ),
        (
            "ballot 2 (tracking code 6a0c5cb7…): signature: challenge: encoding 76ba is not "
            "reduced mod ℓ",
            "phiếu 2 (mã theo dõi 6a0c5cb7…): chữ ký: thách thức (challenge): mã hóa 76ba chưa "
            "được rút gọn theo mod ℓ",
            ("obj.ballot_code", "key.signature_challenge", "scalar.not_reduced"),
        ),
    ],
)
def test_exact_vietnamese(message: str, vietnamese: str, codes: tuple[str, ...]) -> None:
    explained = explain(message, "vi")
    assert explained.text == vietnamese
    assert explained.codes == codes
    assert explain(message, "en").text == message


def test_a_message_outside_the_catalogue_keeps_its_english_under_code_unknown() -> None:
    explained = explain("the moon is made of cheese", "vi")
    assert explained.codes == (UNKNOWN,) and explained.text == "the moon is made of cheese"


def _run(path: Path, args: list[str], lang: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main([str(path), "--jobs", "1", "--lang", lang, *args])
        except SystemExit as exit_:  # argparse refused an argument
            code = int(exit_.code or 0)
    return code, out.getvalue()


_ENGLISH = sorted(
    {
        piece
        for t in TEMPLATES
        for piece in (t.head, *(after for _, after in t.slots))
        if len(piece.strip()) >= 10 and not any(piece in v.vi for v in TEMPLATES)
    }
)
"""The English words of the templates that no Vietnamese text shares."""


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_every_reason_of_a_mutated_record_is_from_the_catalogue(
    case: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "record.zip"
    path.write_bytes(build_case(case))
    code_en, out_en = _run(path, case["args"], "en")
    code_vi, out_vi = _run(path, case["args"], "vi")
    assert code_vi == code_en == case["expect"]["exit"]
    reasons = [
        (verdict, line.removeprefix(verdict))
        for line in out_en.splitlines()
        for verdict in VERDICTS["en"]
        if line.startswith(verdict)
    ]
    lines_vi = [line for line in out_vi.splitlines() if line.startswith(VERDICTS["vi"])]
    assert len(reasons) == len(lines_vi) == (case["expect"]["exit"] != 0)
    for (verdict, english), line in zip(reasons, lines_vi, strict=True):
        explained = explain(english, "vi")
        assert UNKNOWN not in explained.codes, english
        assert explain(english, "en").text == english
        word = VERDICTS["vi"][VERDICTS["en"].index(verdict)]
        assert line == printable(word + explained.text)
        assert [piece for piece in _ENGLISH if piece in line] == [], line


def _json(path: Path, *args: str) -> dict[str, Any]:
    code, out = _run(path, ["--json", *args], args[-1] if "--lang" in args else "vi")
    answer = json.loads(out)
    assert answer["exit"] == code
    return answer  # type: ignore[no-any-return]


def test_json_gives_the_codes_and_the_reason_in_both_languages(tmp_path: Path) -> None:
    (case,) = [c for c in CASES if c["case"] == "16.1-void-after-poll-closed"]
    path = tmp_path / "record.zip"
    path.write_bytes(build_case(case))
    answer = _json(path, "--lang", "vi")
    assert answer["verdict"] == "invalid" and answer["exit"] == 1 and answer["lang"] == "vi"
    assert answer["codes"] == ["obj.log_entry", "log.void_after_close"]
    seq = answer["reason_en"].split(":")[0].removeprefix("log entry ")
    assert answer["reason_en"].startswith(f"log entry {seq}: credential_voided comes after")
    assert answer["reason"].startswith(f"mục nhật ký {seq}: credential_voided đứng sau")
    assert answer["text"] == "KHÔNG HỢP LỆ: " + answer["reason"]
    english = _json(path, "--lang", "en")
    assert english["codes"] == answer["codes"] and english["reason"] == answer["reason_en"]
    assert english["text"] == "INVALID: " + answer["reason_en"]


def test_json_of_a_valid_record_and_an_unreadable_file(tmp_path: Path) -> None:
    (case,) = [c for c in CASES if c["case"] == "valid-vote"]
    path = tmp_path / "record.zip"
    path.write_bytes(build_case(case))
    answer = _json(path, "--lang", "en")
    code, out = _run(path, [], "en")
    assert answer["verdict"] == "valid" and answer["report"] == out.splitlines() and code == 0
    answer = _json(tmp_path / "nowhere.zip", "--lang", "vi")
    assert answer["exit"] == 2 and answer["verdict"] == "unreadable"
    assert answer["codes"] == ["obj.record", "file.cannot_read"]
    assert answer["text"].startswith("KHÔNG ĐỌC ĐƯỢC: hồ sơ: không đọc được ")


@pytest.mark.parametrize(
    ("args", "english", "vietnamese"),
    [
        (
            ["x.zip", "--log-key", "abc"],
            "error: argument --log-key: 'abc' is not a key fingerprint (64 hex digits)",
            "lỗi: đối số --log-key: 'abc' không phải dấu vân tay của khóa (64 chữ số hex)",
        ),
        (
            ["x.zip", "--jobs", "0"],
            "error: argument --jobs: --jobs must be at least 1",
            "lỗi: đối số --jobs: --jobs phải ít nhất là 1",
        ),
        (
            ["--lang=fr", "x.zip"],
            "error: argument --lang: invalid choice: 'fr' (choose from 'vi', 'en')",
            "lỗi: đối số --lang: lựa chọn không hợp lệ: 'fr' (chọn trong 'vi', 'en')",
        ),
        ([], "error: give either a record or --challenge FILE", None),
    ],
)
def test_usage_errors_in_both_languages(
    args: list[str], english: str, vietnamese: str | None
) -> None:
    for lang, said in (("en", english), ("vi", vietnamese)):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
            main(["--lang", lang, *args])  # a later --lang=fr is the one argparse refuses
        assert exit_.value.code == 2
        if said is not None:
            assert err.getvalue().splitlines()[-1] == f"ballot-verify: {said}"
        else:
            assert err.getvalue().splitlines()[-1] == (
                "ballot-verify: lỗi: hãy cho hoặc một hồ sơ, hoặc --challenge FILE"
            )


def test_help_in_both_languages() -> None:
    """`ballot-verify --help` in Vietnamese by default (argparse's own words too), in English
    with --lang en; every option is described in both."""
    said = {}
    for lang in ("vi", "en"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
            main(["--lang", lang, "--help"])
        assert exit_.value.code == 0
        said[lang] = out.getvalue()
    assert said["vi"].startswith("cách dùng: ballot-verify")
    assert "tùy chọn:" in said["vi"] and "hiện phần trợ giúp này rồi thoát" in said["vi"]
    assert "hồ sơ cuộc bỏ phiếu" in said["vi"] and "usage:" not in said["vi"]
    assert said["en"].startswith("usage: ballot-verify")
    assert "show this help message and exit" in said["en"]
    for option in ("--challenge", "--log-key", "--checkpoint", "--witnesses", "--jobs", "--json"):
        assert option in said["vi"] and option in said["en"]
    default = io.StringIO()
    with contextlib.redirect_stdout(default), pytest.raises(SystemExit):
        main(["--help"])
    assert default.getvalue() == said["vi"]
