"""The member's device as a witness: check the poll's latest checkpoint, then cosign it.

Before cosigning, the device checks the log's signature with the log key it remembers (trust on
first use: the key is taken from the board the first time and must not change afterwards) and
that the new checkpoint extends the last one it cosigned (RFC 9162 consistency proof). What it
remembers lives in ``<key file>.witness.json`` beside the key file (mode 0600; nothing secret).
`ballot-trustee cosign` does this at each key moment; `ballot-trustee ceremony` once the
election key is fixed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..crypto import keyfile
from ..crypto.errors import VerificationError
from ..crypto.witness_key import witness_seed
from ..ledger import checkpoint as cp
from ..ledger.errors import LedgerError
from ..ledger.proofs import verify_consistency
from .client import ServiceError, Session


@dataclass
class Remembered:
    """What the witness keeps between cosignatures: the log, its key(s), the last (size, root)."""

    log_id: str
    public_keys: list[str]
    size: int
    root: str

    @classmethod
    def load(cls, path: Path) -> Remembered | None:
        if not path.exists():
            return None
        data = json.loads(path.read_text("utf-8"))
        return cls(data["log_id"], list(data["public_keys"]), int(data["size"]), data["root"])

    def save(self, path: Path) -> None:
        write_private(path, json.dumps(self.__dict__, indent=1).encode("utf-8"), replace=True)


def write_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write `data` to a file only its owner can read (0600); never over another file unless
    `replace` (then atomically, through a temporary file beside it)."""
    target = path.with_name(path.name + ".tmp") if replace else path
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    fd = os.open(target, flags, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    if replace:
        os.replace(target, path)


def state_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + ".witness.json")


def witness_private_key(fingerprint: bytes, trustee: int, secret: Any) -> Ed25519PrivateKey:
    """The member's Ed25519 witness key, derived from s_m (crypto/witness_key.py)."""
    return Ed25519PrivateKey.from_private_bytes(witness_seed(fingerprint, trustee, secret))


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes_raw().hex()


def _verify_log_signature(signed: cp.SignedCheckpoint, keys: list[str]) -> None:
    for key_hex in keys:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex))
        if cp.log_key_id(signed.checkpoint.log_id, public) == signed.signature.key_id:
            cp.verify_checkpoint(signed, public)
            return
    raise ServiceError(
        "the checkpoint is signed by a log key this device does not know: refusing to cosign"
    )


def cosign_latest(
    session: Session,
    poll: int,
    trustee: int,
    key: Ed25519PrivateKey,
    state_file: Path,
    *,
    out: Any = None,
) -> int:
    """Check the poll's latest checkpoint against what this device remembers, cosign it and post
    the cosignature; return the size cosigned."""
    mine = session.get_json(f"/committee/api/polls/{poll}/witness")
    if mine.get("public_key") != public_hex(key):
        raise ServiceError(
            "the witness key derived from this key file is not the one logged for you in the "
            "key ceremony (another poll's file?)"
        )
    remembered = Remembered.load(state_file)
    if remembered is None:
        head = session.get_json(f"/board/api/polls/{poll}/checkpoint")
        keys, start = list(head["public_keys"]), None
    else:
        keys, start = remembered.public_keys, remembered
    answer = session.get_json(
        f"/board/api/polls/{poll}/consistency?from={start.size if start else 0}"
    )
    try:
        signed = cp.SignedCheckpoint.from_note(answer["note"])
        if signed.checkpoint.log_id != mine["log_id"]:
            raise ServiceError(f"the checkpoint is of log {signed.checkpoint.log_id}")
        _verify_log_signature(signed, keys)
        if start is not None:
            if start.log_id != signed.checkpoint.log_id:
                raise ServiceError("this device cosigned another log before")
            proof = [bytes.fromhex(h) for h in answer["proof"]]
            verify_consistency(
                start.size,
                signed.checkpoint.size,
                proof,
                bytes.fromhex(start.root),
                signed.checkpoint.root,
            )
    except (LedgerError, ValueError, KeyError) as error:
        raise ServiceError(f"the log's checkpoint fails the witness's check: {error}") from None
    checkpoint = signed.checkpoint
    if name := mine.get("name"):
        cosignature = cp.cosign_checkpoint(checkpoint, key, name=name, time=datetime.now(UTC))
    else:
        raise ServiceError("no witness name: the key ceremony has not logged your witness key")
    if checkpoint.size not in mine.get("cosigned", []):
        session.post_json(
            f"/committee/api/polls/{poll}/witness/cosignatures",
            {
                "size": checkpoint.size,
                "timestamp": cosignature.timestamp,
                "signature": cosignature.signature.hex(),
            },
        )
    Remembered(checkpoint.log_id, keys, checkpoint.size, checkpoint.root.hex()).save(state_file)
    print(
        f"cosigned {checkpoint.log_id} at size {checkpoint.size} as {name}", file=out or sys.stdout
    )
    return checkpoint.size


def _run(args: argparse.Namespace, session: Session) -> int:
    path = Path(args.key_file)
    try:
        sealed = keyfile.KeyFile.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, VerificationError) as error:
        print(f"ballot-trustee: cannot read the key file {path}: {error}", file=sys.stderr)
        return 2
    passphrase = os.environ.get("BALLOT_KEY_PASSPHRASE") or getpass.getpass("Key passphrase: ")
    try:
        secret = keyfile.open_key(sealed, passphrase)
    except VerificationError:
        print("ballot-trustee: wrong passphrase, or the key file was altered", file=sys.stderr)
        return 1
    key = witness_private_key(sealed.election, sealed.trustee, secret)
    cosign_latest(session, args.poll, sealed.trustee, key, state_path(path))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "cosign",
        help="cosign the poll's latest checkpoint as a witness (at the key moments)",
        description=(
            "Check the poll's latest checkpoint (the log's signature, and that it extends the "
            "one this device cosigned last), then cosign it with the witness key of your key file."
        ),
    )
    parser.add_argument("--poll", type=int, required=True, help="the poll's number")
    parser.add_argument("--key-file", required=True, help="your key file from the key ceremony")
    parser.set_defaults(run=_run)
