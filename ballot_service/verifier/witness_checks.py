"""Check 10 (with `--witness NAME:PUBKEY`): each named witness cosigned the log at its key moments.

A committee member's device cosigns the poll's latest checkpoint at each key moment (docs/LOG.md
§5): once the election key is fixed, once the poll is opened, once it is closed, once the result
is logged. For a named witness and each moment present in the log, the record must carry a
valid cosignature by that name on a checkpoint that covers the moment's entry and not yet the
next moment's:

  election_key … poll_opened … poll_closed … result … (end of the log)

so a witness's cosignature of size s counts for the moment E when seq(E) < s ≤ seq(next E) (the
last moment's window runs to the end of the log). Every cosignature by a named witness must
verify; a missing one fails. The log's `witness_key` entry for that name, when present, must
carry the same public key as the one given. Cosignatures by witnesses not named are not checked.
"""

from __future__ import annotations

import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ..ledger.checkpoint import SignedCheckpoint, verify_cosignature
from ..ledger.entries import Entry, EventType
from ..ledger.errors import LedgerError
from .errors import InputError, VerificationFailed

MOMENTS = (
    (EventType.ELECTION_KEY, "the election key"),
    (EventType.POLL_OPENED, "the opening"),
    (EventType.POLL_CLOSED, "the closing"),
    (EventType.RESULT, "the result"),
)
MAX_WITNESS_FILE = 64 * 1024


@dataclass(frozen=True)
class Witness:
    """A witness the auditor trusts: its name and raw Ed25519 public key."""

    name: str
    public_key: bytes


def parse_witness(value: str) -> Witness:
    """NAME:PUBKEY, the key as 64 hex digits (the minutes print it so)."""
    name, sep, key = value.strip().rpartition(":")
    digits = "".join(key.split()).lower()
    if not sep or not name or len(digits) != 64:
        raise InputError(f"witness {value!r:.80} is not NAME:PUBKEY (64 hex digits)")
    try:
        raw = binascii.unhexlify(digits)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise InputError(f"witness {value!r:.80}: the key is not an Ed25519 public key") from None
    return Witness(name, raw)


def load_witnesses(path: str | Path) -> list[Witness]:
    """One NAME:PUBKEY a line; blank lines and lines starting with # are skipped."""
    try:
        with Path(path).open("rb") as file:
            data = file.read(MAX_WITNESS_FILE + 1)
        if len(data) > MAX_WITNESS_FILE:
            raise InputError(f"witness file {path}: larger than {MAX_WITNESS_FILE} bytes")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"witness file {path}: cannot read it ({error})") from None
    return [
        parse_witness(line)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _windows(entries: Sequence[Entry], size: int) -> list[tuple[str, int, int]]:
    """(moment, first size, last size) for each key moment the log has, in log order."""
    found = []
    for event, label in MOMENTS:
        seqs = [e.seq for e in entries if e.type is event]
        if seqs:
            found.append((label, seqs[-1]))  # the final ceremony's key, the one open/close
    windows = []
    for i, (label, seq) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else size
        windows.append((label, seq + 1, end))
    return windows


def check_witnesses(
    notes: Sequence[str], entries: Sequence[Entry], witnesses: Sequence[Witness]
) -> int:
    """Check 10; return the number of cosignatures verified. Raise VerificationFailed."""
    parsed = []
    for c, note in enumerate(notes):
        try:
            parsed.append(SignedCheckpoint.from_note(note))
        except LedgerError as error:  # cannot happen after check 8, which parsed them
            raise VerificationFailed(f"checkpoint {c}", str(error)) from None
    logged: Mapping[str, Any] = {
        str(e.data["name"]): e.data["public_key"]
        for e in entries
        if e.type is EventType.WITNESS_KEY
    }
    checked = 0
    for witness in witnesses:
        what = f"witness {witness.name}"
        if witness.name in logged and logged[witness.name] != witness.public_key.hex():
            raise VerificationFailed(
                what, "the log's witness_key entry for this name holds another public key"
            )
        public = Ed25519PublicKey.from_public_bytes(witness.public_key)
        cosigned: list[int] = []
        for signed in parsed:
            for cosignature in signed.cosignatures:
                if cosignature.name != witness.name:
                    continue
                try:
                    verify_cosignature(signed.checkpoint, cosignature, public, name=witness.name)
                except LedgerError as error:
                    raise VerificationFailed(what, str(error)) from None
                cosigned.append(signed.checkpoint.size)
                checked += 1
        size = parsed[-1].checkpoint.size if parsed else 0
        for label, first, last in _windows(entries, size):
            if not any(first <= s <= last for s in cosigned):
                raise VerificationFailed(
                    what,
                    f"no cosignature after {label}: none of the checkpoints of sizes "
                    f"{first}..{last} is cosigned by {witness.name}",
                )
    return checked
