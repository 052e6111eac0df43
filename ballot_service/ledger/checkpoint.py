"""Signed checkpoints (tree heads) and witness cosignatures.

The text form follows C2SP tlog-checkpoint, a C2SP signed-note, and cosignatures follow C2SP
tlog-cosignature/v1 (docs/LOG.md §Checkpoints). The checkpoint *body* is five lines, each
terminated by U+000A::

    <log id>
    <tree size, decimal, no leading zeros>
    <root hash, standard base64 with padding>
    version 1
    time YYYY-MM-DDTHH:MM:SSZ

The log signs the body with Ed25519. The signed note is the body, an empty line, then one
signature line per signer: ``— <name> <base64(key id || signature)>``.

* log signature: name = log id; key id = SHA-256(name || 0x0A || 0x01 || pk)[:4];
  signature = Ed25519(body).
* cosignature: key id = SHA-256(name || 0x0A || 0x04 || pk)[:4]; payload =
  key id || u64 big-endian timestamp || Ed25519("cosignature/v1\\ntime <ts>\\n" || body).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .canonical import MAX_SAFE_INTEGER, JSONValue
from .errors import CheckpointError, CosignatureError
from .hasher import HASH_SIZE
from .utctime import format_time, parse_time

CHECKPOINT_VERSION = 1
SIG_TYPE_ED25519 = 0x01
"""C2SP signed-note signature type of the log's own Ed25519 signature."""
SIG_TYPE_COSIGNATURE_V1 = 0x04
"""C2SP tlog-cosignature/v1 signature type of a witness's Ed25519 cosignature."""

KEY_ID_SIZE = 4
SIGNATURE_SIZE = 64
MAX_TIMESTAMP = 2**63 - 1
SIGNATURE_DASH = "\u2014"  # EM DASH, as signed-note requires

_NAME_RE = re.compile(r"[\x21-\x2a\x2c-\x7e]{1,255}")  # printable ASCII, no space, no '+'
_SIZE_RE = re.compile(r"0|[1-9][0-9]{0,15}")
_HEX_RE = re.compile(r"[0-9a-f]*")


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _key_id(name: str, sig_type: int, public_key: Ed25519PublicKey) -> bytes:
    data = name.encode("ascii") + b"\n" + bytes([sig_type]) + _raw(public_key)
    return hashlib.sha256(data).digest()[:KEY_ID_SIZE]


def log_key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """Return SHA-256(name || 0x0A || 0x01 || raw public key)[:4] (signed-note Ed25519)."""
    return _key_id(name, SIG_TYPE_ED25519, public_key)


def cosigner_key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """Return SHA-256(name || 0x0A || 0x04 || raw public key)[:4] (tlog-cosignature/v1)."""
    return _key_id(name, SIG_TYPE_COSIGNATURE_V1, public_key)


def _check_name(error: type[CheckpointError], what: str, name: object) -> str:
    if not isinstance(name, str) or _NAME_RE.fullmatch(name) is None:
        raise error(f"{what} {name!r} must be 1-255 printable ASCII characters, no space or '+'")
    return name


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: log id, tree size, root hash, UTC time (seconds, 'Z'), format version."""

    log_id: str
    size: int
    root: bytes
    time: str
    version: int = CHECKPOINT_VERSION

    def __post_init__(self) -> None:
        _check_name(CheckpointError, "log id", self.log_id)
        if isinstance(self.size, bool) or not isinstance(self.size, int):
            raise CheckpointError(f"tree size {self.size!r} is not an integer")
        if not 0 <= self.size <= MAX_SAFE_INTEGER:
            raise CheckpointError(f"tree size {self.size} is outside 0..2^53-1")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise CheckpointError(f"root hash {self.root!r} is not {HASH_SIZE} bytes")
        try:
            parse_time(self.time)
        except ValueError as exc:
            raise CheckpointError(f"checkpoint of {self.log_id} size {self.size}: {exc}") from None
        if self.version != CHECKPOINT_VERSION:
            raise CheckpointError(f"checkpoint version {self.version!r} is not supported")

    def body(self) -> bytes:
        """Return the canonical checkpoint body: the exact bytes the log key signs."""
        root64 = base64.b64encode(self.root).decode("ascii")
        text = f"{self.log_id}\n{self.size}\n{root64}\nversion {self.version}\ntime {self.time}\n"
        return text.encode("ascii")

    @classmethod
    def from_body(cls, body: bytes) -> Checkpoint:
        """Parse a checkpoint body strictly; it must re-encode to exactly the same bytes."""
        try:
            text = body.decode("ascii")
        except UnicodeDecodeError:
            raise CheckpointError("checkpoint body is not ASCII") from None
        lines = text.split("\n")
        if len(lines) != 6 or lines[5] != "":
            raise CheckpointError(
                f"checkpoint body has {len(lines) - 1} newline-terminated lines, expected 5"
            )
        log_id, size_text, root_text, version_line, time_line, _ = lines
        if _SIZE_RE.fullmatch(size_text) is None:
            raise CheckpointError(f"tree size line {size_text!r} is not a decimal integer")
        try:
            root = base64.b64decode(root_text, validate=True)
        except binascii.Error:
            raise CheckpointError(f"root hash line {root_text!r} is not base64") from None
        if version_line != f"version {CHECKPOINT_VERSION}":
            raise CheckpointError(f"version line {version_line!r} is not 'version 1'")
        if not time_line.startswith("time "):
            raise CheckpointError(f"time line {time_line!r} does not start with 'time '")
        checkpoint = cls(log_id, int(size_text), root, time_line[5:])
        if checkpoint.body() != body:
            raise CheckpointError(f"checkpoint body is not canonical: {body[:120]!r}")
        return checkpoint


@dataclass(frozen=True)
class NoteSignature:
    """The log's signature line: key id (4 bytes) and Ed25519 signature (64 bytes)."""

    key_id: bytes
    signature: bytes

    def __post_init__(self) -> None:
        if len(self.key_id) != KEY_ID_SIZE or len(self.signature) != SIGNATURE_SIZE:
            raise CheckpointError(
                f"log signature has a {len(self.key_id)}-byte key id and "
                f"{len(self.signature)}-byte signature, expected 4 and 64"
            )


@dataclass(frozen=True)
class Cosignature:
    """A witness cosignature (tlog-cosignature/v1): name, key id, POSIX time, signature."""

    name: str
    key_id: bytes
    timestamp: int
    signature: bytes

    def __post_init__(self) -> None:
        _check_name(CosignatureError, "cosigner name", self.name)
        if len(self.key_id) != KEY_ID_SIZE or len(self.signature) != SIGNATURE_SIZE:
            raise CosignatureError(
                f"cosignature by {self.name} has a {len(self.key_id)}-byte key id and "
                f"{len(self.signature)}-byte signature, expected 4 and 64"
            )
        if isinstance(self.timestamp, bool) or not isinstance(self.timestamp, int):
            raise CosignatureError(f"cosignature by {self.name}: timestamp is not an integer")
        if not 0 <= self.timestamp <= MAX_SAFE_INTEGER:
            raise CosignatureError(
                f"cosignature by {self.name}: timestamp {self.timestamp} outside 0..2^53-1"
            )


def cosigned_message(checkpoint: Checkpoint, timestamp: int) -> bytes:
    """Return "cosignature/v1\\ntime <timestamp>\\n" || body: what a witness signs."""
    return f"cosignature/v1\ntime {timestamp}\n".encode("ascii") + checkpoint.body()


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint with the log's signature and any witness cosignatures."""

    checkpoint: Checkpoint
    signature: NoteSignature
    cosignatures: tuple[Cosignature, ...] = ()

    def with_cosignature(self, cosignature: Cosignature) -> SignedCheckpoint:
        """Return a copy with ``cosignature`` added. At most one line per name, the log's own
        line included: a cosignature named like the log is refused (docs/LOG.md §5)."""
        if cosignature.name == self.checkpoint.log_id:
            raise CosignatureError(
                f"a cosignature is named {cosignature.name}, like the log: only the log's "
                "signature line carries that name"
            )
        if any(c.name == cosignature.name for c in self.cosignatures):
            raise CosignatureError(f"checkpoint already has a cosignature by {cosignature.name}")
        return replace(self, cosignatures=(*self.cosignatures, cosignature))

    def to_note(self) -> str:
        """Return the signed note: body, empty line, log signature line, cosignature lines."""
        cp = self.checkpoint
        lines = [cp.body().decode("ascii")]
        log_payload = self.signature.key_id + self.signature.signature
        lines.append(f"\n{SIGNATURE_DASH} {cp.log_id} {_b64(log_payload)}\n")
        for c in self.cosignatures:
            payload = c.key_id + c.timestamp.to_bytes(8, "big") + c.signature
            lines.append(f"{SIGNATURE_DASH} {c.name} {_b64(payload)}\n")
        return "".join(lines)

    @classmethod
    def from_note(cls, note: str) -> SignedCheckpoint:
        """Parse a signed note strictly (log signature first, then cosignatures)."""
        body, sep, sigs = note.partition("\n\n")
        if not sep or not sigs.endswith("\n"):
            raise CheckpointError("signed note needs a body, an empty line and signature lines")
        checkpoint = Checkpoint.from_body((body + "\n").encode("ascii", "replace"))
        parsed = [_parse_signature_line(line) for line in sigs[:-1].split("\n")]
        name, payload = parsed[0]
        if name != checkpoint.log_id or len(payload) != KEY_ID_SIZE + SIGNATURE_SIZE:
            raise CheckpointError(
                f"first signature line must be the log's ({checkpoint.log_id}), "
                f"got {name} with {len(payload)} bytes"
            )
        signed = cls(checkpoint, NoteSignature(payload[:4], payload[4:]))
        for name, payload in parsed[1:]:
            if len(payload) != KEY_ID_SIZE + 8 + SIGNATURE_SIZE:
                raise CosignatureError(f"cosignature line of {name} has {len(payload)} bytes")
            timestamp = int.from_bytes(payload[4:12], "big")
            signed = signed.with_cosignature(
                Cosignature(name, payload[:4], timestamp, payload[12:])
            )
        if signed.to_note() != note:
            raise CheckpointError("signed note is not in canonical form")
        return signed

    def to_dict(self) -> dict[str, JSONValue]:
        """Return the JSON form; every byte string is lowercase hex."""
        cp = self.checkpoint
        return {
            "v": cp.version,
            "log_id": cp.log_id,
            "size": cp.size,
            "root": cp.root.hex(),
            "time": cp.time,
            "signature": {
                "key_id": self.signature.key_id.hex(),
                "sig": self.signature.signature.hex(),
            },
            "cosignatures": [
                {
                    "name": c.name,
                    "key_id": c.key_id.hex(),
                    "timestamp": c.timestamp,
                    "sig": c.signature.hex(),
                }
                for c in self.cosignatures
            ],
        }

    @classmethod
    def from_dict(cls, value: object) -> SignedCheckpoint:
        """Parse the JSON form, validating every field (exact keys, types, hex lengths)."""
        d = _object(
            value,
            "checkpoint",
            {"v", "log_id", "size", "root", "time", "signature", "cosignatures"},
        )
        if d["v"] != CHECKPOINT_VERSION or isinstance(d["v"], bool):
            raise CheckpointError(f"checkpoint version {d['v']!r} is not supported")
        checkpoint = Checkpoint(
            log_id=d["log_id"],
            size=d["size"],
            root=_hex(d["root"], HASH_SIZE, "root"),
            time=d["time"],
        )
        s = _object(d["signature"], "signature", {"key_id", "sig"})
        signed = cls(
            checkpoint,
            NoteSignature(
                _hex(s["key_id"], KEY_ID_SIZE, "signature.key_id"),
                _hex(s["sig"], SIGNATURE_SIZE, "signature.sig"),
            ),
        )
        if not isinstance(d["cosignatures"], list):
            raise CheckpointError("cosignatures must be a list")
        for i, item in enumerate(d["cosignatures"]):
            c = _object(item, f"cosignatures[{i}]", {"name", "key_id", "timestamp", "sig"})
            signed = signed.with_cosignature(
                Cosignature(
                    name=c["name"],
                    key_id=_hex(c["key_id"], KEY_ID_SIZE, f"cosignatures[{i}].key_id"),
                    timestamp=c["timestamp"],
                    signature=_hex(c["sig"], SIGNATURE_SIZE, f"cosignatures[{i}].sig"),
                )
            )
        return signed


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _parse_signature_line(line: str) -> tuple[str, bytes]:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != SIGNATURE_DASH:
        raise CheckpointError(f"signature line {line!r:.120} is not '— <name> <base64>'")
    _check_name(CheckpointError, "signer name", parts[1])
    try:
        payload = base64.b64decode(parts[2], validate=True)
    except (binascii.Error, ValueError):  # ValueError: a non-ASCII character (found by fuzzing)
        raise CheckpointError(f"signature of {parts[1]} is not base64") from None
    return parts[1], payload


def _object(value: object, what: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CheckpointError(f"{what} must be an object, got {type(value).__name__}")
    if value.keys() != keys:
        raise CheckpointError(f"{what} keys {sorted(value)} are not exactly {sorted(keys)}")
    return value


def _hex(value: object, size: int, what: str) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size or _HEX_RE.fullmatch(value) is None:
        raise CheckpointError(f"{what} must be {2 * size} lowercase hex digits, got {value!r:.80}")
    return bytes.fromhex(value)


# --- signing and verification -----------------------------------------------------------------


def sign_checkpoint(
    private_key: Ed25519PrivateKey, *, log_id: str, size: int, root: bytes, time: datetime
) -> SignedCheckpoint:
    """Sign the checkpoint (log_id, size, root, time) with the log key."""
    checkpoint = Checkpoint(log_id, size, root, format_time(time))
    key_id = log_key_id(log_id, private_key.public_key())
    return SignedCheckpoint(checkpoint, NoteSignature(key_id, private_key.sign(checkpoint.body())))


def verify_checkpoint(
    signed: SignedCheckpoint, public_key: Ed25519PublicKey, *, log_id: str | None = None
) -> Checkpoint:
    """Verify the log's signature (and, if given, the expected log id); return the checkpoint.

    Raises :class:`CheckpointError` naming the log id, size and key id on failure. Cosignatures
    are not checked here (see :func:`verify_cosignature`).
    """
    cp = signed.checkpoint
    if log_id is not None and cp.log_id != log_id:
        raise CheckpointError(f"checkpoint is for log {cp.log_id!r}, expected {log_id!r}")
    want = log_key_id(cp.log_id, public_key)
    if signed.signature.key_id != want:
        raise CheckpointError(
            f"checkpoint of {cp.log_id} size {cp.size}: key id {signed.signature.key_id.hex()} "
            f"is not the given key's {want.hex()}"
        )
    try:
        public_key.verify(signed.signature.signature, cp.body())
    except InvalidSignature:
        raise CheckpointError(
            f"checkpoint of {cp.log_id} size {cp.size} at {cp.time}: bad signature "
            f"for key id {want.hex()}"
        ) from None
    return cp


def cosign_checkpoint(
    checkpoint: Checkpoint, private_key: Ed25519PrivateKey, *, name: str, time: datetime
) -> Cosignature:
    """Return a witness's tlog-cosignature/v1 over ``checkpoint`` at POSIX time ``time``.

    The witness must first have checked the log's signature and consistency with the last
    checkpoint it cosigned; this function only signs.
    """
    _check_name(CosignatureError, "cosigner name", name)
    if time.tzinfo is None:
        raise CosignatureError(f"cosignature time {time.isoformat()} is naive; pass UTC")
    timestamp = int(time.timestamp())
    signature = private_key.sign(cosigned_message(checkpoint, timestamp))
    return Cosignature(name, cosigner_key_id(name, private_key.public_key()), timestamp, signature)


def verify_cosignature(
    checkpoint: Checkpoint, cosignature: Cosignature, public_key: Ed25519PublicKey, *, name: str
) -> None:
    """Verify that the witness ``name`` with ``public_key`` cosigned ``checkpoint``.

    The Ed25519 message does not commit to the witness name, so the caller names the witness it
    trusts; the cosignature's name and key id must match. Raises :class:`CosignatureError`.
    """
    if cosignature.name != name:
        raise CosignatureError(f"cosignature is by {cosignature.name!r}, expected {name!r}")
    want = cosigner_key_id(name, public_key)
    if cosignature.key_id != want:
        raise CosignatureError(
            f"cosignature by {name}: key id {cosignature.key_id.hex()} is not the given "
            f"key's {want.hex()}"
        )
    try:
        public_key.verify(
            cosignature.signature, cosigned_message(checkpoint, cosignature.timestamp)
        )
    except InvalidSignature:
        raise CosignatureError(
            f"cosignature by {name} (key id {want.hex()}) on {checkpoint.log_id} size "
            f"{checkpoint.size} at timestamp {cosignature.timestamp}: bad signature"
        ) from None
