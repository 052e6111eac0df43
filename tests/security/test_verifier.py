"""The security review's verifier findings (issue 10, items 1 and 16–19), each reproduced.

Every test builds the attack the review made against `ballot-verify` and checks the verdict
(exit status and reason). Without the fix, each one fails: the forged record passes, the
terminal receives raw escape sequences, or the verifier dies with a traceback or gigabytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.ledger.canonical import canonical_json
from ballot_service.ledger.keys import fingerprint, public_key_raw
from ballot_service.record import codec
from ballot_service.record.codec import part_digest

from ..verifier.builder import Built, Spec, build, sign_log
from ..verifier.conftest import Run, encode

FORGER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def grouped(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, 64, 4))


def rezip(
    data: bytes,
    replace: dict[str, bytes],
    *,
    header: bool = True,
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The record with some members' bytes replaced (record.json's digests updated, so only
    the new content itself can be objected to)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members.update(replace)
    if header and "record.json" not in replace:
        head = json.loads(members["record.json"])
        for name, body in replace.items():
            head["parts"][name.removesuffix(".json")] = part_digest(body)
        members["record.json"] = canonical_json(head)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in members.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = method
            target.writestr(info, body)
    return buffer.getvalue()


def patch_member(data: bytes, name: str, *, flags: int | None = None, method: int | None = None):
    """Set the general-purpose flags or the compression method of one member, in both its
    local header and its central-directory entry (what a hand-made zip can hold)."""
    out = bytearray(data)
    raw = name.encode()
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if out[at + 46 : at + 46 + length] == raw:
            local = int.from_bytes(out[at + 42 : at + 46], "little")
            for base, flag_at, method_at in ((at, 8, 10), (local, 6, 8)):
                if flags is not None:
                    out[base + flag_at : base + flag_at + 2] = flags.to_bytes(2, "little")
                if method is not None:
                    out[base + method_at : base + method_at + 2] = method.to_bytes(2, "little")
            return bytes(out)
        at += 4
    raise AssertionError(f"{name} not in the zip")


def invalid(run: Run, data: bytes | None, *args: str, path: Path | None = None) -> str:
    code, out = run(data, *args, path=path)
    assert code == 1, out
    assert out.startswith("INVALID: "), out
    assert "Traceback" not in out
    return out


def unreadable(run: Run, data: bytes | None, *args: str, path: Path | None = None) -> str:
    code, out = run(data, *args, path=path)
    assert code == 2, out
    assert out.startswith("UNREADABLE: "), out
    return out


# --- 10.1: k = 1 ------------------------------------------------------------------------------


def test_threshold_one_is_invalid(run: Run) -> None:
    """issue 10.1: a complete, consistent record whose committee has k = 1 (each member's share
    is the whole election secret) is INVALID, with the reason."""
    built = build(Spec(trustees=3, threshold=1, seed=11))
    out = invalid(run, built.encode())
    assert "manifest: threshold k = 1" in out and "k must be at least 2" in out


def test_threshold_above_the_committee_is_invalid(built: Built, run: Run) -> None:
    """issue 10.1: k > n (no k members can ever decrypt) is INVALID, with the reason."""
    parts = built.parts()
    parts["manifest"]["threshold"] = 4
    assert "manifest threshold 4 is not within" in invalid(run, encode(built, parts))


# --- 10.16: the key that signed ---------------------------------------------------------------


def test_report_names_the_key_that_signed_the_last_checkpoint(built: Built, run: Run) -> None:
    """issue 10.16: the report says which key signed the last checkpoint."""
    code, out = run(built.encode())
    assert code == 0, out
    genuine = fingerprint(built.log_key.public_key())
    assert f"Last checkpoint signed by: {grouped(genuine)}\n" in out
    code, out = run(built.encode(), "--lang", "vi")
    assert f"Điểm kiểm tra cuối được ký bởi khóa có dấu vân tay: {grouped(genuine)}" in out


def test_genuine_key_listed_beside_a_forgers_signature_is_refused(built: Built, run: Run) -> None:
    """issue 10.16: a record re-signed with an attacker's key, the genuine key listed first
    (so a reader of the report would see the genuine fingerprint), is INVALID without
    --log-key: a listed key that signed nothing is refused."""
    parts = built.parts()
    genuine = parts["log"]["public_keys"][0]
    parts["log"]["public_keys"] = [genuine, public_key_raw(FORGER.public_key()).hex()]
    parts["log"]["checkpoints"] = sign_log(parts["log"]["entries"], FORGER)
    out = invalid(run, encode(built, parts))
    assert "log public key 0: has fingerprint " in out
    assert "signed none of the record's checkpoints" in out


def test_repeated_key_is_refused(built: Built, run: Run) -> None:
    """issue 10.16: the same key listed twice is refused (it would print twice)."""
    parts = built.parts()
    parts["log"]["public_keys"] *= 2
    assert "log public key 1: repeats an earlier key" in invalid(run, encode(built, parts))


def rotated(built: Built, at: int) -> dict[str, Any]:
    """The log's first ``at`` checkpoints signed by the record's key, the rest by another
    (a key rotation during the poll); public_keys in order of first use."""
    parts = built.parts()
    entries = parts["log"]["entries"]
    old, new = sign_log(entries, built.log_key), sign_log(entries, FORGER)
    parts["log"]["checkpoints"] = old[:at] + new[at:]
    parts["log"]["public_keys"].append(public_key_raw(FORGER.public_key()).hex())
    return parts


def test_rotated_key_is_reported_and_order_checked(built: Built, run: Run) -> None:
    """issue 10.16: after a rotation both keys signed; the report names the last signer and
    the earlier one apart, and public_keys must be in order of first use."""
    parts = rotated(built, 10)
    code, out = run(encode(built, parts))
    assert code == 0, out
    new, old = fingerprint(FORGER.public_key()), fingerprint(built.log_key.public_key())
    assert f"Last checkpoint signed by: {grouped(new)}" in out
    assert f"Earlier checkpoints also signed by: {grouped(old)}" in out
    parts["log"]["public_keys"].reverse()
    assert "public_keys are not in the order" in invalid(run, encode(built, parts))


# --- 10.17: terminal escapes -------------------------------------------------------------------

HOSTILE = "Nguyễn Văn A\x1b[1A\x1b[2K\r5 | 0 (0,00%)\u202e\u2066\x07\x9b"


def test_control_and_bidi_characters_are_escaped_in_the_report(run: Run) -> None:
    """issue 10.17: an official's name with ESC sequences, CR, BEL, C1 and bidi overrides is
    printed escaped: nothing in the report can move the cursor or reorder a line."""
    built = build(Spec(official_names=(HOSTILE,), seed=12))
    code, out = run(built.encode())
    assert code == 0, out
    for raw in ("\x1b", "\r", "\u202e", "\u2066", "\x07", "\x9b"):
        assert raw not in out
    assert "Nguyễn Văn A\\x1b[1A\\x1b[2K\\r5 | 0 (0,00%)\\u202e\\u2066\\x07\\x9b" in out
    code, out = run(built.encode(), "--lang", "vi")
    assert code == 0 and "\x1b" not in out and "Nguyễn Văn A\\x1b" in out


def test_failure_lines_are_escaped_too(run: Run, tmp_path: Path) -> None:
    """issue 10.17: INVALID and UNREADABLE lines are escaped as well (here the file name)."""
    out = unreadable(run, None, path=tmp_path / "bad\x1b]0;owned\x07name.zip")
    assert "\x1b" not in out and "\x07" not in out and "bad\\x1b]0;owned\\x07name" in out


# --- 10.18: never a traceback -------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


def test_deeply_nested_part_is_invalid(built: Built, run: Run) -> None:
    """issue 10.18: a part nested 100,000 deep (RecursionError in the parser) is INVALID."""
    out = invalid(run, rezip(built.encode(), {"voided.json": DEEP}))
    assert "part voided.json is nested too deeply" in out


def test_moderately_nested_part_is_invalid(built: Built, run: Run) -> None:
    """issue 10.18: nesting the parser survives but later checks could not (900 deep)."""
    body = canonical_json(built.record.result).replace(b'"band":', b'"band":' + b"[" * 900, 1)
    body = body.replace(b',"blank"', b"]" * 900 + b',"blank"', 1)
    out = invalid(run, rezip(built.encode(), {"result.json": body}))
    assert "part result.json is nested deeper than 32 levels" in out


def test_deeply_nested_record_json_is_unreadable(built: Built, run: Run) -> None:
    """issue 10.18: record.json nested 100,000 deep cannot be read: UNREADABLE (2)."""
    out = unreadable(run, rezip(built.encode(), {"record.json": DEEP}))
    assert "record.json cannot be read" in out


def test_deeply_nested_checkpoint_file_is_unreadable(
    built: Built, run: Run, tmp_path: Path
) -> None:
    """issue 10.18: a --checkpoint file of nested JSON is UNREADABLE (2), not a traceback."""
    path = tmp_path / "deep.json"
    path.write_bytes(b"{" + b'"a":{' * 5_000 + b"}" * 5_001)
    assert "nested too deeply" in unreadable(run, built.encode(), "--checkpoint", str(path))
    path.write_bytes(b'{"a":' + b"[" * 20_000 + b"]" * 20_000 + b"}")
    assert "nested too deeply" in unreadable(run, built.encode(), "--checkpoint", str(path))


def test_oversized_checkpoint_file_is_unreadable(built: Built, run: Run, tmp_path: Path) -> None:
    """issue 10.18/19: a --checkpoint file is read only up to 64 KiB."""
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (1 << 20))
    assert "larger than 65536 bytes" in unreadable(run, built.encode(), "--checkpoint", str(path))


def test_encrypted_member_is_invalid(built: Built, run: Run) -> None:
    """issue 10.18: a part flagged as encrypted is INVALID (zipfile would raise asking for a
    password); record.json flagged so is UNREADABLE."""
    out = invalid(run, patch_member(built.encode(), "tally.json", flags=0x1))
    assert "member tally.json is encrypted" in out
    out = unreadable(run, patch_member(built.encode(), "record.json", flags=0x1))
    assert "record.json cannot be read" in out and "encrypted" in out


@pytest.mark.parametrize("method", [6, 12, 14, 99])
def test_unsupported_compression_is_invalid(built: Built, run: Run, method: int) -> None:
    """issue 10.18: implode (6), bzip2 (12), lzma (14) or AES (99) → INVALID: a record uses
    deflate or nothing (zipfile raises NotImplementedError for some of them)."""
    out = invalid(run, patch_member(built.encode(), "ballots.json", method=method))
    assert f"member ballots.json uses compression method {method}" in out


# --- 10.19: caps checked while inflating ---------------------------------------------------------


def bomb(
    built: Built, member: str, size: int, unit: bytes = b"0,", method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    body = b"[" + unit * (size // len(unit)) + b"0]"
    return rezip(built.encode(), {member: body}, method=method)


def test_zip_bomb_is_refused_before_inflating(built: Built, run: Run) -> None:
    """issue 10.19: a ballots part declared to inflate beyond its cap is refused from the zip's
    directory, before anything is inflated (the review's 645 KB → 2.6 GB record)."""
    data = bomb(built, "ballots.json", 130 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    out = invalid(run, data)
    assert "member ballots.json would inflate to" in out and "over its limit" in out


def test_lying_size_is_caught_while_inflating(built: Built, run: Run) -> None:
    """issue 10.19: a member whose directory entry understates its size stops inflating at
    the stated size and is reported damaged (never read to its true size)."""
    data = bomb(built, "tally.json", 900 * 1024)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("tally.json")
    stated = info.file_size.to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    # the uncompressed size sits at +24 in the central entry and +22 in the local header
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if out[at + 46 : at + 46 + length] == b"tally.json":
            assert out[at + 24 : at + 28] == stated
            out[at + 24 : at + 28] = small
            local = int.from_bytes(out[at + 42 : at + 46], "little")
            out[local + 22 : local + 26] = small
        at = out.find(b"PK\x01\x02", at + 4)
    assert "member tally.json is damaged" in invalid(run, bytes(out))


def test_part_that_shrinks_like_a_bomb_is_refused(built: Built, run: Run) -> None:
    """issue 10.19: within its cap, a member that inflates more than 16 times (4 MiB from a
    few kilobytes) is refused from the zip's directory: a 645 KB file inflates to 10 MB at
    most, never to gigabytes."""
    out = invalid(run, bomb(built, "decryption.json", 4 * 1024 * 1024))
    assert "member decryption.json would inflate" in out and "never shrink more than 16" in out


def test_part_within_its_cap_but_all_tiny_values_is_refused(built: Built, run: Run) -> None:
    """issue 10.19: 4 MiB stored (not compressed) of `0,`, `[],` or `"ab",` (millions of
    Python objects, 4–20 times their bytes) is refused before it is parsed."""
    for unit in (b"0,", b"[],", b'"ab",'):
        data = bomb(built, "decryption.json", 4 * 1024 * 1024, unit, zipfile.ZIP_STORED)
        out = invalid(run, data)
        assert "member decryption.json is mostly tiny JSON values" in out


def test_too_many_members_are_refused_before_zipfile_reads_them(built: Built, run: Run) -> None:
    """issue 10.19: a directory of thousands of members is refused from its count."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(5000):
            archive.writestr(f"{i}.json", b"")
    assert "5000 members, a record has 10" in invalid(run, buffer.getvalue())


def test_file_larger_than_any_record_is_not_read(
    built: Built, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 10.19: a file larger than the sum of the caps is refused unread (here with the
    caps lowered: the real bound is MAX_RECORD_BYTES, about 190 MiB)."""
    monkeypatch.setattr(codec, "MAX_RECORD_BYTES", 1000)
    assert "larger than any election record" in unreadable(run, built.encode())


LARGEST = {"ballots": 500, "officials": 60, "trustees": 31, "threshold": 16, "cards": 1000}
"""The largest poll a council holds, with margin: no People's Council has 500 delegates (the
largest have about 100), a poll rates at most about 40 officials, a counting committee has
7–15 members."""


def largest_record_bytes(built: Built) -> dict[str, int]:
    """Each part's size for LARGEST, from the default record's objects: every field is
    fixed-width hex or a small integer, so sizes grow linearly (names: 600 bytes, 200
    Vietnamese characters, each)."""
    n_ballots, k_officials = LARGEST["ballots"], LARGEST["officials"]
    n, k, cards = LARGEST["trustees"], LARGEST["threshold"], LARGEST["cards"]
    size = lambda value: len(canonical_json(value)) + 1  # noqa: E731 (one comma each)
    ballot = built.record.ballots[0]
    ballot_bytes = size(ballot) + (k_officials - 3) * size(ballot["rows"][0])
    share_row = size(built.record.decryption[0]["shares"][0])
    trustee_item = 30 + k_officials * share_row
    commitment = size(built.record.dkg[0])
    coefficient = size(built.record.dkg[0]["commitments"][0]) + size(
        built.record.dkg[0]["proofs"][0]
    )
    dkg_item = commitment + (k - 2) * coefficient
    checkpoint = size(built.record.log["checkpoints"][-1])
    entry = {e["type"]: size(e) for e in built.record.log["entries"]}
    credential = size(built.record.credentials[0])
    name = 600
    log = (
        20_000  # poll_created … state changes, tally, result header
        + n_ballots * (entry["ballot_cast"] + checkpoint)
        + cards * (credential + entry["credential_voided"] + checkpoint)
        + n * (n - 1) * (entry["dkg_share_posted"] + checkpoint)
        + n * (dkg_item + 200 + 2 * checkpoint)  # dkg_commitment, dkg_confirmed
        + n * (trustee_item + 200 + checkpoint)  # decryption_share
        + k_officials * (2 * name + 200)  # officials_set, result counts
        + n * (name + 100)  # committee_set
    )
    return {
        "record": 1_000,
        "manifest": 2_000 + k_officials * (3 * name) + n * (name + 50),
        "dkg": n * dkg_item,
        "credentials": cards * credential,
        "voided": cards * size(built.record.voided[0]),
        "ballots": n_ballots * ballot_bytes,
        "tally": k_officials * size(built.record.tally["cells"][0]),
        "decryption": n * trustee_item,
        "result": k_officials * (size(built.record.result["officials"][0]) + name),
        "log": log,
    }


def test_caps_fit_the_largest_record_a_council_can_make(built: Built) -> None:
    """issue 10.19: every cap holds at least twice its part of the largest record a council
    can make (LARGEST: 500 ballots × 60 officials × 3 levels, 31 members, 1,000 cards), and
    the caps add up to less than 200 MiB (docs/RECORD.md §1 lists the figures)."""
    largest = largest_record_bytes(built)
    print({part: f"{size / 1e6:.2f} MB" for part, size in largest.items()})
    for part, size in largest.items():
        assert codec.MAX_MEMBER_BYTES[part] >= 2 * size, (part, size)
    assert 50e6 < largest["ballots"] < 53e6  # the dominant part: about 100 KB a ballot
    assert codec.MAX_RECORD_BYTES < 200 * 1024 * 1024
