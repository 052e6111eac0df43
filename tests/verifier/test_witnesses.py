"""`ballot-verify --witness NAME:PUBKEY`: each named witness must have cosigned the log at every
key moment (election key, opening, closing, result); a missing or bad cosignature fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ballot_service.ledger.keys import public_key_raw
from ballot_service.record.codec import encode_record
from ballot_service.verifier.cli import main as ballot_verify

from .builder import Built, Spec, build, witness_key

SPEC = Spec(witnesses=True, published=True, ballots=3, officials=2, seed=31)


@pytest.fixture(scope="module")
def built() -> Built:
    return build(SPEC)


def _keys(built: Built) -> dict[str, str]:
    fp = bytes.fromhex(built.fingerprint)
    return {
        f"member-{m}": public_key_raw(witness_key(fp, m, s).public_key()).hex()
        for m, s in built.trustee_secrets.items()
    }


def _write(tmp: Path, built: Built, checkpoints: list[str] | None = None) -> str:
    parts = built.parts()
    if checkpoints is not None:
        parts["log"]["checkpoints"] = checkpoints
    record = type(built.record)(**parts)
    path = tmp / "record.zip"
    path.write_bytes(encode_record(record, built.fingerprint))
    return str(path)


def _args(keys: dict[str, str], *names: str) -> list[str]:
    return [arg for name in names for arg in ("--witness", f"{name}:{keys[name]}")]


def _verify(path: str, *args: str) -> int:
    return ballot_verify([path, "--jobs", "1", "--lang", "en", *args])


def test_every_named_witness_cosigned_every_moment(tmp_path, built, capsys):
    keys = _keys(built)
    path = _write(tmp_path, built)
    assert _verify(path, *_args(keys, *keys)) == 0
    out = capsys.readouterr().out
    assert "Witness cosignatures checked: 12, by member-1, member-2, member-3" in out
    # the same from a file (comments and blank lines skipped)
    listing = tmp_path / "witnesses.txt"
    listing.write_text("# from the minutes\n\n" + "\n".join(f"{n}:{k}" for n, k in keys.items()))
    assert _verify(path, "--witnesses", str(listing)) == 0


def test_a_removed_cosignature_fails_only_when_its_witness_is_named(tmp_path, built, capsys):
    keys = _keys(built)
    notes = list(built.record.log["checkpoints"])
    hit = next(i for i, note in enumerate(notes) if "\u2014 member-2 " in note)
    notes[hit] = re.sub(r"\u2014 member-2 \S+\n", "", notes[hit])
    path = _write(tmp_path, built, notes)
    assert _verify(path, *_args(keys, "member-1", "member-3")) == 0
    capsys.readouterr()
    assert _verify(path, *_args(keys, "member-2")) == 1
    out = capsys.readouterr().out
    assert "INVALID: witness member-2: no cosignature after the election key" in out


def test_a_bad_cosignature_or_another_key_fails(tmp_path, built, capsys):
    keys = _keys(built)
    notes = list(built.record.log["checkpoints"])
    hit = next(i for i, note in enumerate(notes) if "\u2014 member-3 " in note)
    # member-3's cosignature of one checkpoint moved onto the next checkpoint: a bad signature
    line = re.search(r"\u2014 member-3 \S+\n", notes[hit]).group(0)
    notes[hit] = notes[hit].replace(line, "")
    notes[hit + 1] = notes[hit + 1] + line
    path = _write(tmp_path, built, notes)
    assert _verify(path, *_args(keys, "member-3")) == 1
    assert "INVALID: witness member-3: cosignature by member-3" in capsys.readouterr().out
    good = _write(tmp_path, built)
    other = dict(keys, **{"member-1": keys["member-2"]})
    assert _verify(good, *_args(other, "member-1")) == 1
    assert "witness_key entry for this name holds another public key" in capsys.readouterr().out


def test_a_malformed_witness_is_unreadable(tmp_path, built, capsys):
    path = _write(tmp_path, built)
    assert _verify(path, "--witness", "member-1:abcd") == 2
    assert _verify(path, "--witnesses", str(tmp_path / "missing.txt")) == 2
