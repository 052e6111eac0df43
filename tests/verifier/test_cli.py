"""Unreadable input exits 2, a damaged record 1; the console script is wired; --jobs is checked."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from ballot_service.ledger.checkpoint import SignedCheckpoint
from ballot_service.verifier.cli import main

from .builder import Built
from .conftest import Run


def test_missing_file(run: Run, tmp_path: Path) -> None:
    code, out = run(None, path=tmp_path / "nowhere.zip")
    assert code == 2 and "UNREADABLE: record: cannot read" in out


def test_not_a_zip(run: Run) -> None:
    code, out = run(b"PK\x03\x04 this is not a zip archive")
    assert code == 2 and "not a zip file" in out


def without(data: bytes, member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def test_without_its_header_a_file_is_not_a_record(built: Built, run: Run) -> None:
    code, out = run(without(built.encode(), "record.json"))
    assert code == 2 and "UNREADABLE: record: no record.json" in out


@pytest.mark.parametrize("member", ["ballots.json", "log.json"])
def test_a_missing_part_makes_the_record_invalid(built: Built, run: Run, member: str) -> None:
    code, out = run(without(built.encode(), member))
    assert code == 1 and f"INVALID: record: part {member} is missing" in out


def test_members_out_of_order_make_the_record_invalid(built: Built, run: Run) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(built.encode())) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        infos = source.infolist()
        infos[5], infos[6] = infos[6], infos[5]
        for info in infos:
            target.writestr(info, source.read(info))
    code, out = run(buffer.getvalue())
    assert code == 1 and "INVALID: record: members are in the order" in out


def test_damaged_part(built: Built, run: Run) -> None:
    data = built.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, body.replace(b'"ballots":6', b'"ballots":7'))
    code, out = run(buffer.getvalue())
    assert code == 1 and "INVALID: record: part tally does not match its digest" in out


def test_unreadable_or_malformed_checkpoint_file(built: Built, run: Run, tmp_path: Path) -> None:
    code, out = run(built.encode(), "--checkpoint", str(tmp_path / "missing.txt"))
    assert code == 2 and "checkpoint file" in out
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("not a checkpoint\n", encoding="utf-8")
    code, out = run(built.encode(), "--checkpoint", str(garbage))
    assert code == 2 and "not a signed checkpoint" in out


def test_checkpoint_file_in_json_form(built: Built, run: Run, tmp_path: Path) -> None:
    note = built.record.log["checkpoints"][11]
    path = tmp_path / "checkpoint.json"
    path.write_text(json.dumps(SignedCheckpoint.from_note(note).to_dict()), encoding="utf-8")
    assert run(built.encode(), "--checkpoint", str(path))[0] == 0


def test_bad_jobs_is_a_usage_error(built: Built, tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    path.write_bytes(built.encode())
    with pytest.raises(SystemExit) as exit_info:
        main([str(path), "--jobs", "0"])
    assert exit_info.value.code == 2


def test_duplicate_member_names_are_refused(built, run, tmp_path):
    """Two `ballots.json` members: zip readers could show different ballots; refuse the file."""
    import zipfile

    path = tmp_path / "dup.zip"
    path.write_bytes(built.encode())
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("ballots.json", "[]")
    code, output = run(None, path=path)
    assert code == 1 and "twice" in output
