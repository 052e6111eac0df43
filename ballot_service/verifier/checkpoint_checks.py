"""Check 9: the record's log against a checkpoint saved earlier (the minutes, a witness).

A signed checkpoint seen before the record was made must verify under the record's log keys,
and the record's log must extend it: its first `size` entries have the same root. A log with
fewer entries was truncated; a different root at that size means the log was forked.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..ledger.checkpoint import SignedCheckpoint
from ..ledger.errors import LedgerError
from .errors import InputError, VerificationFailed
from .log_checks import DecodedLog, verify_signed

MAX_CHECKPOINT_BYTES = 64 * 1024
"""A saved checkpoint is a few hundred bytes (a few more per cosignature)."""


def load_checkpoint(path: str | Path) -> SignedCheckpoint:
    """Read a signed note (docs/LOG.md §5) or its JSON form; InputError when unreadable."""
    try:
        with Path(path).open("rb") as file:
            data = file.read(MAX_CHECKPOINT_BYTES + 1)
        if len(data) > MAX_CHECKPOINT_BYTES:
            raise InputError(
                f"checkpoint file {path}: larger than {MAX_CHECKPOINT_BYTES} bytes, "
                "not a saved checkpoint"
            )
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"checkpoint file {path}: cannot read it ({error})") from None
    try:
        if text.lstrip().startswith("{"):
            return SignedCheckpoint.from_dict(json.loads(text))
        return SignedCheckpoint.from_note(text)
    except (LedgerError, ValueError) as error:
        raise InputError(f"checkpoint file {path}: not a signed checkpoint ({error})") from None
    except RecursionError:
        raise InputError(f"checkpoint file {path}: JSON nested too deeply") from None


def check_earlier_checkpoint(signed: SignedCheckpoint, log: DecodedLog) -> int:
    """Check 9; return the checkpoint's size."""
    size = signed.checkpoint.size
    what = f"saved checkpoint size {size}"
    checkpoint, _ = verify_signed(signed, log.public_keys, log.log_id, what)
    if size > log.tree.size:
        raise VerificationFailed(
            what, f"the record's log has only {log.tree.size} entries: it was truncated"
        )
    if checkpoint.root != log.tree.root(size):
        raise VerificationFailed(
            what, f"the record's log has another root at size {size}: it was forked or rewritten"
        )
    return size
