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
MAX_PART_BYTES = 512 * 1024 * 1024
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


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise RecordDamaged(f"record: part {name} is missing") from None
    if info.file_size > MAX_PART_BYTES:
        raise RecordDamaged(f"record: part {name} is {info.file_size} bytes, over the limit")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise RecordDamaged(f"record: part {name} is damaged: {error}") from None


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


def decode_record(data: bytes) -> tuple[ElectionRecord, dict[str, Any]]:
    """Read a record file; check its header, its members and their order, the part digests
    and the canonical form. RecordError: not an election record (not a zip, no readable
    record.json header, another format or version); RecordDamaged: a record whose parts do
    not hold together. Timestamps, modes and compression are the writer's (``encode_record``
    fixes them) and are not checked: the digests define the content."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise RecordError(f"record: not a zip file ({error})") from None
    with archive:
        names = archive.namelist()
        if len(names) != len(set(names)):
            raise RecordDamaged("record: a member name appears twice (readers could disagree)")
        if "record.json" not in names:
            raise RecordError("record: no record.json: this is not an election record")
        try:
            header = _parse("record.json", _read_member(archive, "record.json"))
        except RecordDamaged as error:
            raise RecordError(str(error)) from None
        if not isinstance(header, dict) or set(header) != {"format", "v", "fingerprint", "parts"}:
            raise RecordError("record: record.json must have exactly format, v, fingerprint, parts")
        if header["format"] != FORMAT:
            raise RecordError("record: record.json does not name the election-record format")
        if header["v"] != VERSION:
            raise RecordError(f"record: version {header.get('v')!r} is not supported")
        digests = header["parts"]
        if not isinstance(digests, dict) or set(digests) != set(PARTS):
            raise RecordError(f"record: record.json must list the parts {list(PARTS)}")
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
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RecordError(f"record: cannot read {path}: {error.strerror}") from None
    return decode_record(data)
