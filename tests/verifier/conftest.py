"""Fixtures of the verifier tests: one built record per session, and running the CLI on bytes.

Pure: no database, no app. Records are rebuilt only when a test needs another shape.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ballot_service.record.codec import ElectionRecord, encode_record
from ballot_service.verifier.cli import main

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
