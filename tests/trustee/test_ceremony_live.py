"""`ballot-trustee ceremony` and `cosign` against a live server: three members, each on its own
console, make the election key; each key file opens with its passphrase; each member's device
cosigns the checkpoints as a witness."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

import pytest

from ballot_service import db
from ballot_service.crypto import dkg, keyfile
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.crypto.errors import WrongPassphrase
from ballot_service.models import Poll
from ballot_service.services import cards, ceremony, lifecycle, witness
from ballot_service.trustee import cli
from tests.browser.pages_support import live_server
from tests.helpers import PASSWORD, make_poll

PASSPHRASE = "mật khẩu tệp khóa 2026"


def _setup() -> dict[str, object]:
    poll = make_poll(level="commune")  # 3 members, threshold 3
    lifecycle.transition(poll, "key_ceremony")
    return {"poll": poll.id, "users": [t.user.username for t in poll.trustees]}


def _trustee(url: str, user: str, *args: str) -> int:
    return cli.main(["--server", url, "--user", user, "--lang", "en", *args])


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("BALLOT_PASSWORD", PASSWORD)
    monkeypatch.setenv("BALLOT_KEY_PASSPHRASE", PASSPHRASE)


def test_three_members_make_the_key_with_ballot_trustee(tmp_path: Path, env, capsys):
    with live_server(tmp_path, _setup) as live:
        poll_id = live.data["poll"]
        files = {u: tmp_path / f"{u}.key.json" for u in live.data["users"]}
        codes: dict[str, int] = {}

        def member(user: str) -> None:
            codes[user] = _trustee(
                live.url,
                user,
                "ceremony",
                "--poll",
                str(poll_id),
                "--key-file",
                str(files[user]),
                "--yes",
                "--log-n",
                "14",
                "--timeout",
                "120",
            )

        threads = [threading.Thread(target=member, args=(u,)) for u in files]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        assert codes == dict.fromkeys(files, 0), capsys.readouterr()
        out = capsys.readouterr().out
        assert out.count("cosigned ballot_service/poll/") == 3

        with live.context():
            poll = db.session.get(Poll, poll_id)
            assert poll.election_key is not None
            published = list(ceremony.commitments(poll).values())
            for path in files.values():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600
                sealed = keyfile.KeyFile.from_dict(json.loads(path.read_text()))
                assert sealed.election.hex() == poll.fingerprint
                secret = keyfile.open_key(sealed, PASSPHRASE)
                assert secret * dkg.BASE == dkg.verification_key(sealed.trustee, published)
                with pytest.raises(WrongPassphrase):
                    keyfile.open_key(sealed, "not the passphrase")
            assert sorted(witness.witness_keys(poll)) == [1, 2, 3]
            cosigned = witness.cosigned_sizes(poll)
            assert sorted(cosigned) == ["member-1", "member-2", "member-3"]
            lifecycle.transition(poll, "ready")
            fp = bytes.fromhex(poll.fingerprint)
            cards.issue(poll, [Credential.from_token(fp, new_token()).public.hex()])
            lifecycle.transition(poll, "open")
            db.session.commit()
            assert poll.state == "open"

        # the poll is open: member 1's device checks consistency with what it cosigned, cosigns
        first = next(iter(files))
        assert (
            _trustee(
                live.url, first, "cosign", "--poll", str(poll_id), "--key-file", str(files[first])
            )
            == 0
        )
        remembered = json.loads((tmp_path / f"{first}.key.json.witness.json").read_text())
        with live.context():
            poll = db.session.get(Poll, poll_id)
            sizes = witness.cosigned_sizes(poll)
            index = next(t.index for t in poll.trustees if t.user.username == first)
            assert remembered["size"] == max(sizes[f"member-{index}"])
            assert len(sizes[f"member-{index}"]) == 2

        # a wrong passphrase: a clear refusal, nothing posted
        bad = _trustee_with_passphrase(live.url, first, files[first], poll_id, "wrong passphrase")
        assert bad == 1
        assert "wrong passphrase" in capsys.readouterr().err


def _trustee_with_passphrase(url: str, user: str, path: Path, poll: int, phrase: str) -> int:
    mp = pytest.MonkeyPatch()
    mp.setenv("BALLOT_KEY_PASSPHRASE", phrase)
    try:
        return _trustee(url, user, "cosign", "--poll", str(poll), "--key-file", str(path))
    finally:
        mp.undo()
