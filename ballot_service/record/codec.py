"""The election record file: a zip of canonical JSON parts, byte-for-byte reproducible.

Layout (docs/RECORD.md): `record.json` (format, version, fingerprint, part digests), then one
canonical JSON file per part: manifest, dkg, credentials, voided, ballots, tally, decryption,
result, log. Every member is stored uncompressed-or-deflated with a fixed timestamp, in a fixed
order, so the same election always gives the same file and the same record hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ledger.canonical import MAX_SAFE_INTEGER, canonical_json
from .errors import RecordDamaged, RecordError

FORMAT = "ballot_service/election-record"
VERSION = 1
PARTS = (
    "manifest",
    "dkg",
    "credentials",
    "voided",
    "ballots",
    "tally",
    "decryption",
    "result",
    "log",
)
_MIB = 1024 * 1024
MAX_MEMBER_BYTES = {
    "record": 64 * 1024,
    "manifest": 1 * _MIB,
    "dkg": 4 * _MIB,
    "credentials": 8 * _MIB,
    "voided": 8 * _MIB,
    "ballots": 128 * _MIB,
    "tally": 1 * _MIB,
    "decryption": 8 * _MIB,
    "result": 1 * _MIB,
    "log": 32 * _MIB,
}
"""The most each member may inflate to (docs/RECORD.md §1 "Limits"): about twice the largest
record a council can make (500 ballots × 60 officials × 3 levels, 31 members, 1,000 cards)."""
MAX_RECORD_BYTES = sum(MAX_MEMBER_BYTES.values())
"""No record file is larger than its members inflated (deflate never grows them by much)."""
MAX_DEPTH = 32
"""Deepest nesting of arrays and objects in any member (a record needs 8)."""
_DENSE_FROM = 1 * _MIB
"""Members over this size must not be mostly tiny values (see _check_density) and must not
inflate more than MAX_RATIO times."""
MAX_RATIO = 16
"""Deflate shrinks a record's large parts (random hex) about 2.5 times; a bomb 1,000 times."""
_EPOCH = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ElectionRecord:
    """Every public artifact of one poll, as plain JSON values (parsed and checked later)."""

    manifest: dict[str, Any]
    dkg: list[Any]
    credentials: list[Any]
    voided: list[Any]
    ballots: list[Any]
    tally: Any
    decryption: list[Any]
    result: Any
    log: dict[str, Any]

    def part(self, name: str) -> Any:
        return getattr(self, name)


def part_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode_record(record: ElectionRecord, fingerprint: str) -> bytes:
    """The record as zip bytes; identical input gives identical bytes."""
    parts = {name: canonical_json(record.part(name)) for name in PARTS}
    header = {
        "format": FORMAT,
        "v": VERSION,
        "fingerprint": fingerprint,
        "parts": {name: part_digest(data) for name, data in parts.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("record", canonical_json(header)), *parts.items()]:
            info = zipfile.ZipInfo(f"{name}.json", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def record_hash(data: bytes) -> str:
    """SHA-256 of the record file, as published in the `published` log entry."""
    return hashlib.sha256(data).hexdigest()


def _member_count(data: bytes) -> int:
    """The number of members the zip's end-of-central-directory record announces (read before
    ``zipfile`` builds one object per member); -1 when there is none (zipfile then refuses)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return -1
    return int.from_bytes(data[at + 10 : at + 12], "little")


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, inflated at most to its limit (checked while inflating, so a small
    file cannot grow to gigabytes); RecordDamaged names what is wrong."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise RecordDamaged(f"record: part {name} is missing") from None
    limit = MAX_MEMBER_BYTES[name.removesuffix(".json")]
    if info.flag_bits & 0x1:
        raise RecordDamaged(f"record: member {name} is encrypted (a record is public)")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RecordDamaged(
            f"record: member {name} uses compression method {info.compress_type}; "
            "a record uses only deflate (8) or none (0)"
        )
    if info.file_size > limit:
        raise RecordDamaged(
            f"record: member {name} would inflate to {info.file_size} bytes, over its limit "
            f"of {limit} (docs/RECORD.md §1)"
        )
    limit = min(limit, max(_DENSE_FROM, MAX_RATIO * info.compress_size))
    if info.file_size > limit:
        raise RecordDamaged(
            f"record: member {name} would inflate {info.compress_size} bytes to "
            f"{info.file_size}: a record's parts (mostly random hex) never shrink more than "
            f"{MAX_RATIO} times"
        )
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise RecordDamaged(
                        f"record: member {name} inflates beyond its limit of {limit} bytes"
                    )
                chunks.append(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,  # a damaged deflate stream (found by fuzzing)
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise RecordDamaged(f"record: member {name} is damaged: {error}") from None
    data = b"".join(chunks)
    _check_density(name, data)
    return data


def _check_density(name: str, data: bytes) -> None:
    """Refuse a large member made mostly of tiny values (``0,0,0,…``, ``[],[],…``): parsed,
    each would cost many times its bytes in memory. Honest parts have about one array or
    object per 100 bytes, one value (one comma) per 17 and one string (two quotes) per 30 or
    more; this allows one container per 16 bytes, one value per 4, one string per 6, weighed
    together (honest parts weigh about half their length)."""
    if len(data) <= _DENSE_FROM:
        return
    containers = data.count(b"[") + data.count(b"{")
    weight = 16 * containers + 4 * data.count(b",") + 3 * data.count(b'"')
    if weight > len(data):
        raise RecordDamaged(
            f"record: member {name} is mostly tiny JSON values: not a part a service writes"
        )


def _depth(value: Any) -> int:
    """The nesting depth of a JSON value (iterative: never recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((child, depth + 1) for child in item)
    return deepest


_WIDE = re.compile("[\ud800-\U0010ffff]")


def _reject(token: str) -> Any:
    raise ValueError(f"{token} is not canonical JSON (no floats, NaN or infinities)")


def _safe_int(text: str) -> int:
    value = int(text)
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise ValueError(f"integer {text[:20]} is outside ±(2^53 − 1)")
    return value


def _parse(name: str, data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
        value = json.loads(text, parse_float=_reject, parse_constant=_reject, parse_int=_safe_int)
    except (UnicodeDecodeError, ValueError) as error:
        raise RecordDamaged(f"record: part {name} is not canonical JSON: {error}") from None
    except RecursionError:
        raise RecordDamaged(f"record: part {name} is nested too deeply") from None
    if _depth(value) > MAX_DEPTH:
        raise RecordDamaged(f"record: part {name} is nested deeper than {MAX_DEPTH} levels")
    # Fast path: with no float, safe integers and no character at or above U+D800 (so
    # code-point order is UTF-16 order), the stdlib encoder writes exactly the canonical bytes;
    # anything else is judged by the strict encoder.
    try:
        if (
            _WIDE.search(text) is None
            and json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
                "utf-8"
            )
            == data
        ):
            return value
    except UnicodeEncodeError:  # a lone surrogate: the strict encoder names it below
        pass
    try:
        canonical = canonical_json(value)
    except ValueError as error:
        raise RecordDamaged(f"record: part {name} is not canonical JSON: {error}") from None
    if canonical != data:
        raise RecordDamaged(f"record: part {name} is not canonical JSON")
    return value


def _header(archive: zipfile.ZipFile) -> dict[str, Any]:
    """record.json. RecordError (not an election record, exit 2) unless it reads as a JSON
    object naming this format and version; after that any damage is RecordDamaged (exit 1)."""
    try:
        data = _read_member(archive, "record.json")
        value = json.loads(data.decode("utf-8"), parse_float=_reject, parse_constant=_reject)
    except (RecordDamaged, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise RecordError(f"record: record.json cannot be read ({error})") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise RecordError("record: record.json does not name the election-record format")
    if value.get("v") != VERSION or isinstance(value.get("v"), bool):
        raise RecordError(f"record: version {value.get('v')!r:.20} is not supported")
    header: dict[str, Any] = _parse("record.json", data)
    if set(header) != {"format", "v", "fingerprint", "parts"}:
        raise RecordDamaged(
            f"record: record.json has the keys {sorted(header)}, "
            "expected exactly fingerprint, format, parts, v"
        )
    digests = header["parts"]
    if not isinstance(digests, dict) or set(digests) != set(PARTS):
        raise RecordDamaged(f"record: record.json must list exactly the parts {list(PARTS)}")
    return header


def decode_record(data: bytes) -> tuple[ElectionRecord, dict[str, Any]]:
    """Read a record file; check its header, its members and their order, the part digests
    and the canonical form (docs/RECORD.md §1). RecordError: not an election record (not a
    zip, no record.json, one that does not read as this format and version, a file larger than
    any record); RecordDamaged: an election record whose container does not hold together.
    Timestamps, modes and the compression level are the writer's and are not checked."""
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(f"record: {len(data)} bytes, larger than any election record")
    members = _member_count(data)
    if members > 2 * (1 + len(PARTS)):  # the member checks below name the trouble exactly
        raise RecordDamaged(f"record: {members} members, a record has {1 + len(PARTS)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise RecordError(f"record: not a zip file ({error})") from None
    with archive:
        names = archive.namelist()
        if len(names) != len(set(names)):
            raise RecordDamaged("record: a member name appears twice (readers could disagree)")
        if "record.json" not in names:
            raise RecordError("record: no record.json: this is not an election record")
        header = _header(archive)
        digests = header["parts"]
        expected = [f"{n}.json" for n in ("record", *PARTS)]
        extra = set(names) - set(expected)
        if extra:
            raise RecordDamaged(f"record: unexpected members {sorted(extra)}")
        present = [name for name in expected if name in names]
        if names != present:
            raise RecordDamaged(f"record: members are in the order {names}, expected {present}")
        values: dict[str, Any] = {}
        for name in PARTS:
            raw = _read_member(archive, f"{name}.json")
            if part_digest(raw) != digests[name]:
                raise RecordDamaged(f"record: part {name} does not match its digest in record.json")
            values[name] = _parse(f"{name}.json", raw)
    if not isinstance(values["manifest"], dict) or not isinstance(values["log"], dict):
        raise RecordDamaged("record: manifest and log must be JSON objects")
    for name in ("dkg", "credentials", "voided", "ballots", "decryption"):
        if not isinstance(values[name], list):
            raise RecordDamaged(f"record: part {name} must be a JSON array")
    return ElectionRecord(**values), header


def read_record(path: str | Path) -> tuple[ElectionRecord, dict[str, Any]]:
    """Read and decode a record file (see decode_record); a file larger than any record is
    refused before it is read."""
    try:
        with Path(path).open("rb") as file:
            data = file.read(MAX_RECORD_BYTES + 1)
    except OSError as error:
        raise RecordError(f"record: cannot read {path}: {error.strerror}") from None
    return decode_record(data)
