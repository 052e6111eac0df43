"""Check 8, first half: the log part decodes, and its signed checkpoints fit the Merkle tree.

Every entry decodes (docs/LOG.md §7) with ``seq`` = its leaf index and ``poll`` = the
manifest's poll id; every checkpoint is signed by one of the record's public keys for the log's
id, has size ≤ the number of entries and the root of that many leaves; the last covers them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..ledger import keys
from ..ledger.canonical import canonical_json
from ..ledger.checkpoint import Checkpoint, SignedCheckpoint, log_key_id, verify_checkpoint
from ..ledger.entries import Entry, poll_log_id
from ..ledger.errors import LedgerError
from ..ledger.tree import MerkleTree
from .errors import VerificationFailed

if TYPE_CHECKING:  # the key type of ballot_service.ledger.keys; only named here
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_LOG_KEYS = {"log_id", "public_keys", "entries", "checkpoints"}


@dataclass(frozen=True)
class DecodedLog:
    """The log part, decoded and authenticated by its checkpoints."""

    log_id: str
    public_keys: tuple[Ed25519PublicKey, ...]
    entries: tuple[Entry, ...]
    tree: MerkleTree
    checkpoints: int
    cosignatures: int
    signer: str = ""
    """Fingerprint of the key that signed the last checkpoint (the one covering every entry)."""

    @property
    def key_fingerprints(self) -> tuple[str, ...]:
        """SHA-256 of each raw public key, hex (docs/LOG.md §8)."""
        return tuple(keys.fingerprint(k) for k in self.public_keys)


def _public_keys(values: object) -> tuple[Ed25519PublicKey, ...]:
    if not isinstance(values, list) or not values:
        raise VerificationFailed("log", "public_keys is not a non-empty list")
    found = []
    for i, value in enumerate(values):
        try:
            if not isinstance(value, str) or len(value) != 64 or value != value.lower():
                raise ValueError("not 64 lowercase hex digits")
            found.append(keys.public_key_from_raw(bytes.fromhex(value)))
        except (ValueError, LedgerError) as error:
            raise VerificationFailed(f"log public key {i}", str(error)) from None
        if value in values[:i]:
            raise VerificationFailed(f"log public key {i}", "repeats an earlier key")
    return tuple(found)


def _check_keys_used(public_keys: Sequence[Ed25519PublicKey], used: Sequence[str]) -> None:
    """public_keys lists exactly the keys that signed the record's checkpoints, in the order
    of their first checkpoint (docs/RECORD.md §3): a key that signed nothing could only be
    there to be mistaken for the signer."""
    listed = [keys.fingerprint(k) for k in public_keys]
    for i, fingerprint in enumerate(listed):
        if fingerprint not in used:
            raise VerificationFailed(
                f"log public key {i}",
                f"has fingerprint {fingerprint} and signed none of the record's checkpoints",
            )
    if listed != list(used):
        raise VerificationFailed(
            "log", "public_keys are not in the order in which they first sign a checkpoint"
        )


def verify_signed(
    signed: SignedCheckpoint,
    public_keys: Sequence[Ed25519PublicKey],
    log_id: str,
    what: str,
) -> tuple[Checkpoint, Ed25519PublicKey]:
    """Verify the log signature with the public key whose key id it names, for ``log_id``;
    return the checkpoint and that key."""
    matching = [k for k in public_keys if log_key_id(log_id, k) == signed.signature.key_id]
    if not matching:
        raise VerificationFailed(
            what,
            f"key id {signed.signature.key_id.hex()} is none of the "
            f"record's public keys for log {log_id}",
        )
    try:
        return verify_checkpoint(signed, matching[0], log_id=log_id), matching[0]
    except LedgerError as error:
        raise VerificationFailed(what, str(error)) from None


def _entries(values: object, poll_id: str, tree: MerkleTree) -> tuple[Entry, ...]:
    if not isinstance(values, list):
        raise VerificationFailed("log", "entries is not a list")
    entries = []
    for i, value in enumerate(values):
        what = f"log entry {i}"
        try:
            leaf = canonical_json(value)
            entry = Entry.decode(leaf, expected_seq=i)
        except LedgerError as error:
            raise VerificationFailed(what, str(error)) from None
        if entry.poll != poll_id:
            raise VerificationFailed(
                what, f"{entry.type} is for poll {entry.poll!r}, the manifest's is {poll_id!r}"
            )
        tree.append(leaf)
        entries.append(entry)
    return tuple(entries)


def _checkpoints(values: object, log: DecodedLog) -> tuple[int, str]:
    """Verify every checkpoint (in non-decreasing size order, each at the tree's root for its
    size, so each extends the one before); return the cosignatures present and the
    fingerprint of the key that signed the last one."""
    if not isinstance(values, list) or not values:
        raise VerificationFailed("log", "checkpoints is not a non-empty list")
    cosignatures = 0
    size = 0
    signer = ""
    used: list[str] = []
    for c, note in enumerate(values):
        try:
            if not isinstance(note, str):
                raise VerificationFailed(f"checkpoint {c}", "is not a signed note (text)")
            signed = SignedCheckpoint.from_note(note)
        except LedgerError as error:
            raise VerificationFailed(f"checkpoint {c}", str(error)) from None
        if signed.checkpoint.size < size:
            raise VerificationFailed(
                f"checkpoint {c}",
                f"size {signed.checkpoint.size} comes after size {size}: checkpoints never go back",
            )
        size = signed.checkpoint.size
        checkpoint, key = verify_signed(
            signed, log.public_keys, log.log_id, f"checkpoint size {size}"
        )
        signer = keys.fingerprint(key)
        if signer not in used:
            used.append(signer)
        if size > log.tree.size:
            raise VerificationFailed(
                f"checkpoint size {size}", f"the log has only {log.tree.size} entries"
            )
        if checkpoint.root != log.tree.root(size):
            raise VerificationFailed(
                f"checkpoint size {size}", f"root does not match the log's first {size} entries"
            )
        cosignatures += len(signed.cosignatures)
    if size != log.tree.size:
        raise VerificationFailed(
            f"checkpoint size {size}",
            f"the last checkpoint does not cover all {log.tree.size} entries",
        )
    _check_keys_used(log.public_keys, used)
    return cosignatures, signer


def decode_log(log: Mapping[str, Any], poll_id: str) -> DecodedLog:
    """Check 8 (first half): shape, keys, entries, checkpoints."""
    if set(log) != _LOG_KEYS:
        raise VerificationFailed("log", f"fields are {sorted(log)}, expected {sorted(_LOG_KEYS)}")
    log_id = log["log_id"]
    try:
        expected = poll_log_id(poll_id)
    except LedgerError as error:
        raise VerificationFailed("manifest", str(error)) from None
    if log_id != expected:
        raise VerificationFailed(
            "log", f"log_id is {log_id!r}, expected {expected!r} for {poll_id}"
        )
    tree = MerkleTree()
    decoded = DecodedLog(
        log_id,
        _public_keys(log["public_keys"]),
        _entries(log["entries"], poll_id, tree),
        tree,
        0,
        0,
    )
    cosignatures, signer = _checkpoints(log["checkpoints"], decoded)
    return DecodedLog(
        decoded.log_id,
        decoded.public_keys,
        decoded.entries,
        tree,
        len(log["checkpoints"]),
        cosignatures,
        signer,
    )
