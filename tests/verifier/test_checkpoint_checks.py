"""checkpoint_checks.py, called directly: check 9 and reading a --checkpoint file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ballot_service.ledger.checkpoint import SignedCheckpoint
from ballot_service.verifier.checkpoint_checks import (
    MAX_CHECKPOINT_BYTES,
    check_earlier_checkpoint,
    load_checkpoint,
)
from ballot_service.verifier.errors import InputError, VerificationFailed
from ballot_service.verifier.log_checks import decode_log

from .builder import Built


def test_both_forms_read_and_extend(built: Built, tmp_path: Path) -> None:
    log = decode_log(built.parts()["log"], "poll-1")
    note = built.record.log["checkpoints"][9]
    (tmp_path / "a.txt").write_text(note, encoding="utf-8")
    as_json = json.dumps(SignedCheckpoint.from_note(note).to_dict())
    (tmp_path / "a.json").write_text(as_json, encoding="utf-8")
    for name in ("a.txt", "a.json"):
        assert check_earlier_checkpoint(load_checkpoint(tmp_path / name), log) == 10


def test_truncated_log(built: Built) -> None:
    parts = built.parts()
    last = SignedCheckpoint.from_note(parts["log"]["checkpoints"][-1])
    parts["log"]["entries"].pop()
    parts["log"]["checkpoints"].pop()
    log = decode_log(parts["log"], "poll-1")
    with pytest.raises(VerificationFailed, match="it was truncated"):
        check_earlier_checkpoint(last, log)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe", "cannot read it"),
        (b"checkpoint\n", "not a signed checkpoint"),
        (b'{"v": 1}', "not a signed checkpoint"),
        (b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
        (b" " * (MAX_CHECKPOINT_BYTES + 1), "larger than 65536 bytes"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_checkpoint(path)
