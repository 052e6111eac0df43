"""report.py, called directly: the report in both languages, escaped (issue 10.17)."""

from __future__ import annotations

from ballot_service.record.codec import decode_record
from ballot_service.verifier.checks import verify_record
from ballot_service.verifier.report import _TEXT, printable, render

from .builder import Built


def test_both_languages_have_every_phrase() -> None:
    assert set(_TEXT["vi"]) == set(_TEXT["en"])
    assert all(_TEXT["vi"][key] != _TEXT["en"][key] for key in _TEXT["en"])


def test_printable_escapes_what_a_terminal_acts_on() -> None:
    assert printable("Nguyễn Văn Đức — 53,19%") == "Nguyễn Văn Đức — 53,19%"
    assert printable("a\x1b[2Jb\rc\u202ed\u2028e\x00") == "a\\x1b[2Jb\\rc\\u202ed\\u2028e\\x00"
    assert printable("\U000e0041") == "\\U000e0041"  # a tag character


def test_render_names_the_signer_and_every_official(built: Built) -> None:
    record, header = decode_record(built.encode())
    summary = verify_record(record, header, jobs=1)
    for lang, signed in (("en", "Last checkpoint signed by: "), ("vi", "được ký bởi khóa")):
        report = render(summary, lang)  # type: ignore[arg-type]
        assert signed in report
        for row in built.record.result["officials"]:
            assert row["name"] in report
        assert report.endswith("\n") and report.isprintable() is False  # newlines only
        assert all(line.isprintable() for line in report.splitlines())
