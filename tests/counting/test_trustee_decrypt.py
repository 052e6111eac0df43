"""`ballot-trustee decrypt` against a live server (issue 15.4): a wrong passphrase, another
member's key file, another poll's, a file that is not a key file: each a clear message, exit 1,
nothing posted; two members decrypt while the third is absent, and the result is logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ballot_service import db
from ballot_service.models import Poll
from ballot_service.services import counting
from ballot_service.trustee import cli
from tests.helpers import PASSWORD

from .live import PASSPHRASES, Counting, counting_server


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Counting]:
    with counting_server(request.param, tmp_path) as server:
        yield server


def _decrypt(live: Counting, member: int, key_file: Path, passphrase: str, monkeypatch, capsys):
    monkeypatch.setenv("BALLOT_PASSWORD", PASSWORD)
    monkeypatch.setenv("BALLOT_KEY_PASSPHRASE", passphrase)
    code = cli.main(
        [
            "--server",
            live.url,
            "--user",
            live.users[member],
            "--lang",
            "en",
            "decrypt",
            "--poll",
            str(live.poll_id),
            "--key-file",
            str(key_file),
        ]
    )
    out = capsys.readouterr()
    return code, out.out + out.err


def _posted(live: Counting) -> dict[int, Any]:
    with live.app.app_context():  # type: ignore[attr-defined]
        posted = counting.posted_shares(db.session.get(Poll, live.poll_id))
        db.session.remove()
    return posted


def test_refusals_post_nothing_then_two_members_decrypt(live, monkeypatch, capsys, tmp_path):
    run = lambda m, f, p: _decrypt(live, m, f, p, monkeypatch, capsys)  # noqa: E731
    code, text = run(1, live.key_files[1], "not the passphrase")
    assert code == 1 and "Wrong passphrase" in text
    code, text = run(1, live.key_files[2], PASSPHRASES[2])
    assert code == 1 and "belongs to member 2; you are member 1" in text
    code, text = run(1, live.other_poll_key, PASSPHRASES[1])
    assert code == 1 and "another poll" in text
    junk = tmp_path / "junk.json"
    junk.write_text(json.dumps({"hello": "world"}))
    code, text = run(1, junk, PASSPHRASES[1])
    assert code == 1 and "not a member's key file" in text
    junk.write_text("not json")
    code, text = run(1, junk, PASSPHRASES[1])
    assert code == 1 and "not JSON" in text
    assert _posted(live) == {}
    code, text = run(1, live.key_files[1], PASSPHRASES[1])
    assert code == 0 and "1 of 2" in text, text
    code, text = run(3, live.key_files[3], PASSPHRASES[3])
    assert code == 0 and "the result is computed, checked and logged" in text, text
    with live.app.app_context():  # type: ignore[attr-defined]
        poll = db.session.get(Poll, live.poll_id)
        assert poll.state == "tallied"
        assert [r["counts"] for r in json.loads(poll.result)["officials"]] == live.expected
        db.session.remove()
    code, text = run(2, live.key_files[2], PASSPHRASES[2])  # the absent member, too late
    assert code == 1 and "decrypted already" in text
    assert sorted(_posted(live)) == [1, 3]
