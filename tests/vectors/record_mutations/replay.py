"""Apply a mutation case (README.md beside this file) to its base record: the same steps a
second verifier follows to replay the cases with its own code.

A case's ``steps`` run in order on the base record's parts (plain JSON values), then the
parts are encoded as the writer does (docs/RECORD.md §1), then the container steps run on the
file. Nothing here checks anything: ``ballot-verify`` (or another verifier) judges the result.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.ledger.canonical import canonical_json
from ballot_service.ledger.checkpoint import sign_checkpoint
from ballot_service.ledger.tree import MerkleTree
from ballot_service.ledger.utctime import parse_time
from ballot_service.record.codec import PARTS, ElectionRecord, decode_record, encode_record

HERE = Path(__file__).resolve().parent
EPOCH = (2000, 1, 1, 0, 0, 0)


def load_base(name: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(parts, record.json header, base description) of base record ``name``."""
    meta = json.loads((HERE / "base" / f"{name}.json").read_text(encoding="utf-8"))
    record, header = decode_record((HERE / "base" / meta["record"]).read_bytes())
    return {p: copy.deepcopy(record.part(p)) for p in PARTS}, header, meta


def _pointer(document: Any, pointer: str) -> tuple[Any, str | int]:
    """The container of the value at a JSON Pointer (RFC 6901) and its key or index."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    holder = document
    for token in tokens[:-1]:
        holder = holder[int(token)] if isinstance(holder, list) else holder[token]
    last = tokens[-1]
    if isinstance(holder, list):
        return holder, len(holder) if last == "-" else int(last)
    return holder, last


def json_patch(document: Any, operations: list[dict[str, Any]]) -> None:
    """RFC 6902 add, remove, replace, move and copy, in place (no test operation)."""
    for op in operations:
        kind = op["op"]
        if kind in ("move", "copy"):
            source, key = _pointer(document, op["from"])
            value = source[key] if kind == "copy" else source.pop(key)
            value = copy.deepcopy(value)
            kind, op = "add", {"path": op["path"], "value": value}
        holder, key = _pointer(document, op["path"])
        if kind == "add":
            if isinstance(holder, list):
                holder.insert(key, copy.deepcopy(op["value"]))  # type: ignore[arg-type]
            else:
                holder[key] = copy.deepcopy(op["value"])
        elif kind == "remove":
            holder.pop(key)
        elif kind == "replace":
            holder[key] = copy.deepcopy(op["value"])
        else:
            raise ValueError(f"unsupported patch operation {kind}")


def sign_checkpoints(log: dict[str, Any], private_key_hex: str, first: int = 0) -> None:
    """Renumber ``seq``; checkpoints[first:] become one per entry from entry ``first`` on,
    each signed with this key at its entry's time (the earlier ones are kept)."""
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key_hex))
    entries = log["entries"]
    for seq, entry in enumerate(entries):
        if isinstance(entry, dict) and "seq" in entry:
            entry["seq"] = seq
    tree, notes = MerkleTree(), []
    for entry in entries:
        tree.append(canonical_json(entry))
        when: datetime = parse_time(entry["time"])
        notes.append(
            sign_checkpoint(
                key, log_id=log["log_id"], size=tree.size, root=tree.root(), time=when
            ).to_note()
        )
    log["checkpoints"] = log["checkpoints"][:first] + notes[first:]


def _rezip(data: bytes, change: dict[str, Any]) -> bytes:
    """Replace one member's bytes; with ``digest`` true, record.json's digest of that part
    is updated (so only the new content can be objected to)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    body = change["text"].encode("utf-8") * change.get("repeat", 1)
    members[change["name"]] = body
    if change.get("digest"):
        header = json.loads(members["record.json"])
        header["parts"][change["name"].removesuffix(".json")] = hashlib.sha256(body).hexdigest()
        members["record.json"] = canonical_json(header)
    out = list(members.items())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, body in out:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, body)
    return buffer.getvalue()


def _set_field(
    data: bytes, name: str, *, central: int, local: int, value: int, width: int = 2
) -> bytes:
    """Set a little-endian field of member ``name`` in its central-directory entry (offset
    ``central``) and its local header (offset ``local``)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if out[at + 46 : at + 46 + length] == name.encode():
            header = int.from_bytes(out[at + 42 : at + 46], "little")
            out[at + central : at + central + width] = value.to_bytes(width, "little")
            out[header + local : header + local + width] = value.to_bytes(width, "little")
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise ValueError(f"no member {name}")


def build_case(case: dict[str, Any]) -> bytes:
    """The mutated record file of ``case``."""
    parts, header, meta = load_base(case["base"])
    fingerprint = header["fingerprint"]
    container = []
    for step in case["steps"]:
        op = step["op"]
        if op == "patch":
            json_patch(parts, step["patch"])
        elif op == "sign":
            sign_checkpoints(
                parts["log"], step.get("private_key", meta["log_private_key"]), step.get("from", 0)
            )
        elif op == "fingerprint":
            fingerprint = step["value"]
        else:
            container.append(step)
    data = encode_record(ElectionRecord(**parts), fingerprint)
    for step in container:
        if step["op"] == "member":
            data = _rezip(data, step)
        elif step["op"] == "member_flags":
            data = _set_field(data, step["name"], central=8, local=6, value=step["value"])
        elif step["op"] == "member_method":
            data = _set_field(data, step["name"], central=10, local=8, value=step["value"])
        elif step["op"] == "member_size":
            data = _set_field(
                data, step["name"], central=24, local=22, value=step["value"], width=4
            )
        else:
            raise ValueError(f"unknown step {step['op']}")
    return data


def cases() -> list[dict[str, Any]]:
    """Every case file, in name order."""
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((HERE / "cases").glob("*.json"))
    ]
