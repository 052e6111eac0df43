"""record/codec.py: encode and decode a record file, the container rules of docs/RECORD.md §1
(which file is a record, which record is damaged) and the limits checked while inflating."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from ballot_service.ledger.canonical import canonical_json
from ballot_service.record import codec
from ballot_service.record.codec import (
    PARTS,
    ElectionRecord,
    decode_record,
    encode_record,
    part_digest,
    record_hash,
)
from ballot_service.record.errors import RecordDamaged, RecordError

RECORD = ElectionRecord(
    manifest={"v": 1, "name": "Hội đồng"},
    dkg=[],
    credentials=[{"credential": "ab", "batch": "1"}],
    voided=[],
    ballots=[],
    tally={"ballots": 0, "cells": []},
    decryption=[],
    result={"n": 0},
    log={"log_id": "ballot_service/poll/1", "entries": []},
)
FP = "00" * 32


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(items: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in items.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def with_header(**changes: object) -> bytes:
    items = members(encode_record(RECORD, FP))
    header = json.loads(items["record.json"]) | changes
    items["record.json"] = canonical_json(header)
    return zipped(items)


def test_round_trip_and_reproducible_bytes() -> None:
    data = encode_record(RECORD, FP)
    assert data == encode_record(RECORD, FP)
    record, header = decode_record(data)
    assert record == RECORD
    assert header["fingerprint"] == FP and header["format"] == codec.FORMAT
    assert list(members(data)) == ["record.json", *(f"{p}.json" for p in PARTS)]
    assert header["parts"]["voided"] == part_digest(b"[]")
    assert record_hash(data) == record_hash(encode_record(RECORD, FP))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a zip file"),
        (zipped({"manifest.json": b"{}"}), "no record.json"),
        (zipped({"record.json": b"{not json"}), "record.json cannot be read"),
        (zipped({"record.json": b"[]"}), "does not name the election-record format"),
    ],
)
def test_not_an_election_record(data: bytes, message: str) -> None:
    with pytest.raises(RecordError, match=message) as raised:
        decode_record(data)
    assert not isinstance(raised.value, RecordDamaged)


def test_other_format_or_version_is_not_a_record() -> None:
    for changes, message in (({"v": 2}, "version 2"), ({"v": True}, "version True")):
        with pytest.raises(RecordError, match=message) as raised:
            decode_record(with_header(**changes))
        assert not isinstance(raised.value, RecordDamaged)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"note": "x"}, "record.json has the keys"),
        ({"parts": {"manifest": "00"}}, "must list exactly the parts"),
    ],
)
def test_damaged_record_json_is_damage(changes: dict[str, object], message: str) -> None:
    """docs/RECORD.md §1: once record.json names this format and version, any other damage
    to it is damage to the record (exit 1), not "not a record" (issue 16.7)."""
    with pytest.raises(RecordDamaged, match=message):
        decode_record(with_header(**changes))


def test_non_canonical_record_json_is_damage() -> None:
    items = members(encode_record(RECORD, FP))
    items["record.json"] = json.dumps(json.loads(items["record.json"]), indent=1).encode()
    with pytest.raises(RecordDamaged, match=r"record\.json is not canonical"):
        decode_record(zipped(items))


def test_part_not_matching_its_digest_or_not_canonical() -> None:
    items = members(encode_record(RECORD, FP))
    items["voided.json"] = b"[ ]"
    with pytest.raises(RecordDamaged, match="part voided does not match its digest"):
        decode_record(zipped(items))
    header = json.loads(items["record.json"])
    header["parts"]["voided"] = part_digest(b"[ ]")
    items["record.json"] = canonical_json(header)
    with pytest.raises(RecordDamaged, match=r"part voided\.json is not canonical JSON"):
        decode_record(zipped(items))


def test_members_missing_extra_or_out_of_order() -> None:
    items = members(encode_record(RECORD, FP))
    with pytest.raises(RecordDamaged, match=r"part ballots\.json is missing"):
        decode_record(zipped({k: v for k, v in items.items() if k != "ballots.json"}))
    with pytest.raises(RecordDamaged, match="unexpected members"):
        decode_record(zipped(items | {"extra.json": b"[]"}))
    reordered = dict(reversed(list(items.items())))
    with pytest.raises(RecordDamaged, match="members are in the order"):
        decode_record(zipped(reordered))


def test_limits_cover_every_member_and_add_up() -> None:
    assert set(codec.MAX_MEMBER_BYTES) == {"record", *PARTS}
    assert sum(codec.MAX_MEMBER_BYTES.values()) == codec.MAX_RECORD_BYTES


def test_member_over_its_limit_is_refused_while_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(codec.MAX_MEMBER_BYTES, "credentials", 20)
    with pytest.raises(RecordDamaged, match=r"member credentials\.json would inflate to"):
        decode_record(encode_record(RECORD, FP))


def test_nesting_is_limited() -> None:
    items = members(encode_record(RECORD, FP))
    header = json.loads(items["record.json"])
    for depth, message in ((33, "nested deeper than 32"), (5000, "nested too deeply")):
        body = b"[" * depth + b"]" * depth
        items["voided.json"] = body
        header["parts"]["voided"] = part_digest(body)
        items["record.json"] = canonical_json(header)
        with pytest.raises(RecordDamaged, match=message):
            decode_record(zipped(items))
    body = b"[" * 32 + b"]" * 32
    items["voided.json"] = body
    header["parts"]["voided"] = part_digest(body)
    items["record.json"] = canonical_json(header)
    record, _ = decode_record(zipped(items))  # 32 deep is within the limit
    assert record.voided == [[[]]] or isinstance(record.voided, list)
