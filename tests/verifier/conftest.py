"""Fixtures of the verifier tests: one built record per session, and running the CLI on bytes.

Pure: no database, no app. Records are rebuilt only when a test needs another shape.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ballot_service.record.codec import ElectionRecord, encode_record
from ballot_service.record.errors import RecordError
from ballot_service.verifier.cli import main
from ballot_service.verifier.errors import InputError, VerificationFailed
from ballot_service.verifier.messages import UNKNOWN, explain

from .builder import Built, Spec, build, sign_log

Run = Callable[..., tuple[int, str]]


@pytest.fixture(scope="session")
def built() -> Built:
    """The default record: 6 ballots, 3 officials × 3 levels, 3 trustees, k = 2, 2 spares."""
    return build(Spec())


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """run(data, *args) → (exit status, stdout + stderr) of `ballot-verify` on those bytes."""
    tmp_path = tmp_path_factory.mktemp("records")
    counter = iter(range(1_000_000_000))

    def _run(
        data: bytes | None, *args: str, jobs: int = 1, path: Path | None = None
    ) -> tuple[int, str]:
        if path is None:
            path = tmp_path / f"record-{next(counter)}.zip"
            if data is not None:
                path.write_bytes(data)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main([str(path), "--jobs", str(jobs), "--lang", "en", *args])
        return code, out.getvalue()

    return _run


def encode(built: Built, parts: dict[str, Any], *, resign: bool = False) -> bytes:
    """The record with these (mutated) parts; with ``resign`` the log gets fresh seqs and
    checkpoints signed by the record's own key, so only content cross-checks can object."""
    if resign:
        entries = parts["log"]["entries"]
        for seq, entry in enumerate(entries):
            entry["seq"] = seq
        parts["log"]["checkpoints"] = sign_log(entries, built.log_key)
    return encode_record(ElectionRecord(**parts), built.fingerprint)


@pytest.fixture(autouse=True)
def _every_reason_is_in_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every reason a verifier test makes the verifier raise (a failed check, an unreadable
    file or record) is a message of the catalogue, so `--lang vi` says it in Vietnamese
    (issue 14.15): a new reason without its template fails the test that provokes it."""
    raised: list[str] = []
    for cls in (VerificationFailed, InputError, RecordError):
        original = cls.__init__

        def init(self: Exception, *args: Any, __original: Any = original, **kw: Any) -> None:
            __original(self, *args, **kw)
            raised.append(str(self))

        monkeypatch.setattr(cls, "__init__", init)
    yield
    assert [m for m in raised if UNKNOWN in explain(m, "vi").codes] == []
