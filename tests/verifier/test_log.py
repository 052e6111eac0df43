"""Deleting, reordering, editing or inserting a log entry is caught — by the checkpoints when
the log is not re-signed, and by the content cross-checks when it is (same key, fresh seqs and
checkpoints); a truncated or forked log is caught against a checkpoint saved earlier."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.ledger.keys import public_key_raw

from .builder import Built, sign_log
from .conftest import Run, encode

Entries = list[dict[str, Any]]


def seq_of(built: Built, event: str, nth: int = 0) -> int:
    return [e["seq"] for e in built.record.log["entries"] if e["type"] == event][nth]


def mutated(built: Built, change: Callable[[Entries], None], *, resign: bool) -> bytes:
    parts = built.parts()
    change(parts["log"]["entries"])
    return encode(built, parts, resign=resign)


def rejected(run: Run, data: bytes, *args: str) -> str:
    code, out = run(data, *args)
    assert code == 1, out
    assert out.startswith("INVALID: "), out
    return out


def test_every_deleted_entry_is_caught_even_when_re_signed(built: Built, run: Run) -> None:
    entries = built.record.log["entries"]
    for index in range(len(entries) - 1):  # the last one: see test_truncated_log
        data = mutated(built, lambda log, i=index: log.pop(i), resign=True)  # type: ignore[misc]
        out = rejected(run, data)
        assert "log" in out or "checkpoint" in out, (index, entries[index]["type"], out)


@pytest.mark.parametrize("change", ["delete", "swap", "edit", "insert"])
def test_unsigned_changes_break_seq_or_checkpoints(built: Built, run: Run, change: str) -> None:
    i = seq_of(built, "ballot_cast", 2)

    def apply(log: Entries) -> None:
        if change == "delete":
            log.pop(i)
        elif change == "swap":
            log[i], log[i + 1] = log[i + 1], log[i]
        elif change == "edit":
            log[i]["time"] = "2026-11-27T23:59:59Z"
        else:
            log.insert(i, dict(log[i]))

    out = rejected(run, mutated(built, apply, resign=False))
    if change == "edit":
        assert f"checkpoint size {i + 1}: root does not match the log's first {i + 1}" in out
    else:
        assert f"log entry {i}" in out or f"log entry {i + 1}" in out


REORDERS = [
    ("ballot_cast", 0, "ballot_cast", 1),
    ("poll_opened", 0, "ballot_cast", 0),
    ("credentials_issued", 0, "credentials_issued", 1),
    ("credential_voided", 0, "credential_voided", 1),
    ("decryption_share", 2, "result", 0),
    ("poll_closed", 0, "tally", 0),
    ("dkg_confirmed", 2, "election_key", 0),
    ("state_changed", 3, "state_changed", 4),
]


@pytest.mark.parametrize("swap", REORDERS, ids=[f"{a}-{b}" for a, _, b, _ in REORDERS])
def test_reordered_entries_re_signed(
    built: Built, run: Run, swap: tuple[str, int, str, int]
) -> None:
    i, j = seq_of(built, swap[0], swap[1]), seq_of(built, swap[2], swap[3])

    def apply(log: Entries) -> None:
        log[i], log[j] = log[j], log[i]

    out = rejected(run, mutated(built, apply, resign=True))
    assert "log" in out, out


EDITS: list[tuple[str, str, Any, str]] = [
    ("ballot_cast", "tracking_code", "00" * 32, "ballot_cast tracking code differs from ballot 0"),
    ("ballot_cast", "credential", None, "ballot_cast credential differs from ballot 0"),
    ("poll_closed", "ballots", 5, "poll_closed ballots differs"),
    ("tally", "tally_hash", "11" * 32, "tally tally_hash differs"),
    ("election_key", "threshold", 3, "election_key threshold differs"),
    ("poll_opened", "credentials", 9, "poll_opened credentials differs"),
    ("officials_set", "officials", [], "officials_set officials differs from the manifest"),
    ("committee_set", "threshold", 1, "committee_set threshold differs from the manifest"),
    ("result", "counts", [], "result counts differs from the result part"),
    ("decryption_share", "member", 1, "decryption_share of a member who decrypted already"),
    ("credential_voided", "reason", "khác", "credential_voided entries, in order, differ"),
    ("credentials_issued", "batch", "9", "credentials_issued entries, in order, differ"),
    ("dkg_confirmed", "complaints", [1], "dkg_confirmed complaints differs"),
    ("state_changed", "to_state", "ready", "state_changed from 'key_ceremony'"),
    ("poll_created", "kind", "confidence_vote", "poll_created kind differs"),
]


@pytest.mark.parametrize("edit", EDITS, ids=[f"{e[0]}.{e[1]}" for e in EDITS])
def test_edited_entry_re_signed(built: Built, run: Run, edit: tuple[str, str, Any, str]) -> None:
    event, field, value, message = edit
    i = seq_of(built, event, 1 if event == "decryption_share" else 0)

    def apply(log: Entries) -> None:
        log[i]["data"][field] = log[i + 1]["data"][field] if value is None else value

    assert message in rejected(run, mutated(built, apply, resign=True))


def test_edited_dkg_commitment_re_signed(built: Built, run: Run) -> None:
    i = seq_of(built, "dkg_commitment", 1)

    def apply(log: Entries) -> None:
        log[i]["data"]["proofs"][0]["response"] = log[i]["data"]["proofs"][1]["response"]

    assert "dkg_commitment proofs differs from the dkg part" in rejected(
        run, mutated(built, apply, resign=True)
    )


INSERTS = [
    "ballot_cast",
    "decryption_share",
    "poll_opened",
    "dkg_commitment",
    "result",
    "credential_voided",
    "election_key",
    "tally",
    "poll_closed",
    "dkg_share_posted",
]


@pytest.mark.parametrize("event", INSERTS)
def test_inserted_copy_re_signed(built: Built, run: Run, event: str) -> None:
    i = seq_of(built, event)

    def apply(log: Entries) -> None:
        log.insert(i + 1, {**log[i], "data": dict(log[i]["data"])})

    assert "log" in rejected(run, mutated(built, apply, resign=True))


def test_entry_of_another_poll(built: Built, run: Run) -> None:
    def apply(log: Entries) -> None:
        log[4]["poll"] = "poll-2"

    out = rejected(run, mutated(built, apply, resign=True))
    assert "log entry 4: dkg_commitment is for poll 'poll-2'" in out


def saved(tmp_path: Path, built: Built, size: int) -> str:
    path = tmp_path / f"checkpoint-{size}.txt"
    path.write_text(built.record.log["checkpoints"][size - 1], encoding="utf-8")
    return str(path)


def test_saved_checkpoint_of_the_same_log_passes(built: Built, run: Run, tmp_path: Path) -> None:
    for size in (1, 20, len(built.record.log["entries"])):
        code, out = run(built.encode(), "--checkpoint", saved(tmp_path, built, size))
        assert code == 0, out
        assert f"Consistent with the saved checkpoint (size {size})" in out


def test_truncated_log(built: Built, run: Run, tmp_path: Path) -> None:
    data = mutated(built, lambda log: log.pop(), resign=True)
    assert run(data)[0] == 0  # on its own, a log cut at its end is consistent…
    size = len(built.record.log["entries"])
    out = rejected(run, data, "--checkpoint", saved(tmp_path, built, size))
    assert f"saved checkpoint size {size}: the record's log has only {size - 1} entries" in out


def test_forked_log(built: Built, run: Run, tmp_path: Path) -> None:
    i = seq_of(built, "dkg_share_posted", 2)

    def apply(log: Entries) -> None:
        log[i]["data"]["ciphertext"] = "ab" * 60

    data = mutated(built, apply, resign=True)
    assert run(data)[0] == 0  # an encrypted share is opaque: content checks cannot see this…
    out = rejected(run, data, "--checkpoint", saved(tmp_path, built, i + 5))
    assert f"saved checkpoint size {i + 5}: the record's log has another root" in out


def test_checkpoint_signed_by_another_key(built: Built, run: Run, tmp_path: Path) -> None:
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    parts = built.parts()
    parts["log"]["checkpoints"][-1] = sign_log(parts["log"]["entries"], other)[-1]
    out = rejected(run, encode(built, parts))
    assert f"checkpoint size {len(parts['log']['entries'])}: key id" in out
    assert "is none of the record's public keys" in out
    # A log re-signed throughout by another key passes alone, not against a saved checkpoint.
    parts = built.parts()
    parts["log"]["public_keys"] = [public_key_raw(other.public_key()).hex()]
    parts["log"]["checkpoints"] = sign_log(parts["log"]["entries"], other)
    data = encode(built, parts)
    assert run(data)[0] == 0
    out = rejected(run, data, "--checkpoint", saved(tmp_path, built, 10))
    assert "saved checkpoint size 10: key id" in out


def test_checkpoint_not_covering_the_log(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["log"]["checkpoints"].pop()
    out = rejected(run, encode(built, parts))
    assert "the last checkpoint does not cover all" in out


def _grouped(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, 64, 4))


def test_pinned_log_key_accepts_the_service_and_refuses_a_re_signed_record(
    built: Built,
    run: Run,
) -> None:
    from ballot_service.ledger.keys import fingerprint

    genuine = fingerprint(built.log_key.public_key())
    code, out = run(built.encode(), "--log-key", _grouped(genuine).upper(), "--lang", "en")
    assert code == 0 and "signed by the key with the given fingerprint" in out
    code, out = run(built.encode(), "--lang", "en")
    assert code == 0 and "run again with --log-key" in out  # unpinned: says what to compare
    # The whole log re-signed by another key, its public key put in the record: valid alone
    # (the record carries its own key), refused once the genuine key is pinned. (With the
    # genuine key left in the record beside the forger's, it is refused even unpinned: see
    # tests/security/test_verifier.py.)
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    parts = built.parts()
    parts["log"]["public_keys"] = [public_key_raw(other.public_key()).hex()]
    parts["log"]["checkpoints"] = sign_log(parts["log"]["entries"], other)
    data = encode(built, parts)
    assert run(data)[0] == 0
    out = rejected(run, data, "--log-key", genuine)
    assert (
        f"log key: the log is signed by the key with fingerprint "
        f"{fingerprint(other.public_key())}, not {genuine}" in out
    )


def test_malformed_log_key_is_a_usage_error(built: Built, run: Run) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(built.encode(), "--log-key", "abcd")
    assert exit_info.value.code == 2


def test_checkpoints_out_of_order_are_refused(built: Built, run: Run) -> None:
    parts = built.parts()
    checkpoints = parts["log"]["checkpoints"]
    checkpoints[3], checkpoints[4] = checkpoints[4], checkpoints[3]
    out = rejected(run, encode(built, parts))
    assert "checkpoint 4: size 4 comes after size 5: checkpoints never go back" in out


def test_log_of_another_poll_id_is_refused_even_re_signed(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["log"]["log_id"] = "ballot_service/poll/2"
    parts["log"]["checkpoints"] = sign_log(
        parts["log"]["entries"], built.log_key, log_id="ballot_service/poll/2"
    )
    out = rejected(run, encode(built, parts))
    assert (
        "log: log_id is 'ballot_service/poll/2', expected 'ballot_service/poll/1' for poll-1" in out
    )


def test_published_entry_must_close_the_log_after_its_state_change(run: Run) -> None:
    from .builder import Spec, build

    built = build(Spec(published=True, seed=7))
    assert run(built.encode())[0] == 0

    def before_result(entries: Entries) -> None:
        entries.insert(len(entries) - 5, entries.pop())  # published moved before the result
        for seq, entry in enumerate(entries):
            entry["seq"] = seq

    out = rejected(run, mutated(built, before_result, resign=True))
    assert "published" in out

    def twice(entries: Entries) -> None:
        entries.append({**entries[-1], "seq": len(entries)})

    out = rejected(run, mutated(built, twice, resign=True))
    assert "has 2 published entries, expected at most one" in out
