"""Signed checkpoints and cosignatures: known answers, libsodium cross-check, every mutation."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import nacl.signing
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.ledger.checkpoint import (
    Checkpoint,
    SignedCheckpoint,
    cosign_checkpoint,
    log_key_id,
    sign_checkpoint,
    verify_checkpoint,
    verify_cosignature,
)
from ballot_service.ledger.errors import CheckpointError, CosignatureError
from ballot_service.ledger.keys import public_key_from_raw
from tests.vectors import make_ledger_vectors

from .conftest import VECTORS

T0 = datetime(2025, 11, 20, 8, 30, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def vector() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / "ledger_checkpoint.json").read_text())
    return data


@pytest.fixture(scope="module")
def signed(vector: dict[str, Any]) -> SignedCheckpoint:
    return SignedCheckpoint.from_dict(vector["json"])


def _log_key(vector: dict[str, Any]) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["log"]["seed"]))


def _witness_key(vector: dict[str, Any]) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["witness"]["seed"]))


# --- known answers ----------------------------------------------------------------------------


def test_vector_is_reproduced(vector: dict[str, Any]) -> None:
    assert make_ledger_vectors.build() == vector


def test_vector_verifies_with_libsodium(vector: dict[str, Any]) -> None:
    """An independent Ed25519 (libsodium) and hashlib reproduce signatures and key ids."""
    log_pk = bytes.fromhex(vector["log"]["public_key"])
    name = vector["json"]["log_id"].encode()
    assert hashlib.sha256(name + b"\n\x01" + log_pk).digest()[:4].hex() == vector["log"]["key_id"]
    nacl.signing.VerifyKey(log_pk).verify(
        vector["body"].encode(), bytes.fromhex(vector["json"]["signature"]["sig"])
    )
    w_pk = bytes.fromhex(vector["witness"]["public_key"])
    w_name = vector["witness"]["name"].encode()
    assert (
        hashlib.sha256(w_name + b"\n\x04" + w_pk).digest()[:4].hex() == vector["witness"]["key_id"]
    )
    cosig = vector["json"]["cosignatures"][0]
    assert (
        vector["cosigned_message"]
        == f"cosignature/v1\ntime {cosig['timestamp']}\n" + vector["body"]
    )
    nacl.signing.VerifyKey(w_pk).verify(
        vector["cosigned_message"].encode(), bytes.fromhex(cosig["sig"])
    )
    assert (
        nacl.signing.SigningKey(bytes.fromhex(vector["log"]["seed"])).verify_key.encode() == log_pk
    )


def test_body_text(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    assert signed.checkpoint.body().decode() == vector["body"]
    assert vector["body"].splitlines() == [
        "ballot_service/hdnd-ha-noi/poll-2025-1",
        "6",
        "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
        "version 1",
        "time 2025-11-20T08:30:05Z",
    ]


def test_round_trips(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    assert signed.to_note() == vector["note"]
    assert SignedCheckpoint.from_note(vector["note"]) == signed
    assert signed.to_dict() == vector["json"]
    assert json.loads(json.dumps(signed.to_dict())) == vector["json"]


# --- signing and verification ------------------------------------------------------------------


def test_sign_and_verify(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    public = public_key_from_raw(bytes.fromhex(vector["log"]["public_key"]))
    assert verify_checkpoint(signed, public) == signed.checkpoint
    verify_checkpoint(signed, public, log_id="ballot_service/hdnd-ha-noi/poll-2025-1")
    with pytest.raises(
        CheckpointError, match="is for log 'ballot_service/hdnd-ha-noi/poll-2025-1'"
    ):
        verify_checkpoint(signed, public, log_id="ballot_service/other")


def test_time_is_utc_seconds() -> None:
    key = Ed25519PrivateKey.generate()
    hanoi = timezone(timedelta(hours=7))
    s = sign_checkpoint(
        key, log_id="x", size=0, root=bytes(32), time=datetime(2025, 1, 2, 7, 0, 0, 999, hanoi)
    )
    assert s.checkpoint.time == "2025-01-02T00:00:00Z"
    with pytest.raises(ValueError, match="naive"):
        sign_checkpoint(key, log_id="x", size=0, root=bytes(32), time=datetime(2025, 1, 1))


def test_wrong_key_fails(signed: SignedCheckpoint) -> None:
    other = Ed25519PrivateKey.generate()
    with pytest.raises(CheckpointError, match="key id 6085cbae is not the given key's"):
        verify_checkpoint(signed, other.public_key())
    # Even with a key id forged to match the other key, the signature itself fails.
    forged = dataclasses.replace(
        signed,
        signature=dataclasses.replace(
            signed.signature,
            key_id=hashlib.sha256(
                signed.checkpoint.log_id.encode()
                + b"\n\x01"
                + other.public_key().public_bytes_raw()
            ).digest()[:4],
        ),
    )
    with pytest.raises(CheckpointError, match="size 6 at 2025-11-20T08:30:05Z: bad signature"):
        verify_checkpoint(forged, other.public_key())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("log_id", "ballot_service/hdnd-ha-noi/poll-2025-2"),
        ("size", 7),
        ("size", 5),
        ("root", bytes(32)),
        ("time", "2025-11-20T08:30:06Z"),
    ],
)
def test_every_field_mutation_fails(
    vector: dict[str, Any], signed: SignedCheckpoint, field: str, value: Any
) -> None:
    public = _log_key(vector).public_key()
    bad = dataclasses.replace(
        signed, checkpoint=dataclasses.replace(signed.checkpoint, **{field: value})
    )
    with pytest.raises(CheckpointError):
        verify_checkpoint(bad, public)


def test_signature_bit_flips_fail(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    public = _log_key(vector).public_key()
    for i in range(64):
        sig = bytearray(signed.signature.signature)
        sig[i] ^= 0x40
        bad = dataclasses.replace(
            signed, signature=dataclasses.replace(signed.signature, signature=bytes(sig))
        )
        with pytest.raises(CheckpointError, match="bad signature"):
            verify_checkpoint(bad, public)


def test_every_note_body_character_matters(vector: dict[str, Any]) -> None:
    """Changing any one character of the note body is refused by the parser or the signature."""
    public = _log_key(vector).public_key()
    note: str = vector["note"]
    body_len = len(vector["body"])
    for i in range(body_len):
        replacement = "A" if note[i] != "A" else "B"
        mutated = note[:i] + replacement + note[i + 1 :]
        with pytest.raises(CheckpointError):
            verify_checkpoint(SignedCheckpoint.from_note(mutated), public)


def test_version_is_checked() -> None:
    with pytest.raises(CheckpointError, match="version 2 is not supported"):
        Checkpoint("x", 1, bytes(32), "2025-01-01T00:00:00Z", version=2)


# --- strict parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("v", 2, "version 2"),
        ("v", True, "version True"),
        ("log_id", "has space", "log id"),
        ("log_id", "a+b", "log id"),
        ("log_id", "", "log id"),
        ("size", -1, "outside"),
        ("size", 2**53, "outside"),
        ("size", True, "not an integer"),
        ("size", "6", "not an integer"),
        (
            "root",
            "76E67DADBCDF1E10E1B74DDC608ABD2F98DFB16FBCE75277B5232A127F2087EF",
            "lowercase hex",
        ),
        ("root", "76e6", "64 lowercase hex"),
        ("time", "2025-11-20T08:30:05.000Z", "YYYY-MM-DDTHH:MM:SSZ"),
        ("time", "2025-11-20T08:30:05+00:00", "YYYY-MM-DDTHH:MM:SSZ"),
        ("time", "2025-02-30T08:30:05Z", "not a valid date"),
        ("signature", {"key_id": "6085cbae"}, "signature keys"),
        ("cosignatures", {}, "must be a list"),
    ],
)
def test_from_dict_validates_every_field(
    vector: dict[str, Any], key: str, value: object, message: str
) -> None:
    d = copy.deepcopy(vector["json"])
    d[key] = value
    with pytest.raises(CheckpointError, match=message):
        SignedCheckpoint.from_dict(d)


def test_from_dict_rejects_unknown_and_missing_keys(vector: dict[str, Any]) -> None:
    d = copy.deepcopy(vector["json"])
    d["extra"] = 1
    with pytest.raises(CheckpointError, match="not exactly"):
        SignedCheckpoint.from_dict(d)
    del d["extra"], d["time"]
    with pytest.raises(CheckpointError, match="not exactly"):
        SignedCheckpoint.from_dict(d)
    d = copy.deepcopy(vector["json"])
    d["cosignatures"][0]["timestamp"] = -5
    with pytest.raises(CosignatureError, match="timestamp -5"):
        SignedCheckpoint.from_dict(d)
    with pytest.raises(CheckpointError, match="must be an object"):
        SignedCheckpoint.from_dict([])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\n6\n", "\n06\n"),  # leading zero
        ("\n6\n", "\n+6\n"),
        ("h+8=\n", "h+8\n"),  # missing padding
        ("version 1\n", "version 01\n"),
        ("version 1\n", ""),
        ("time 2025", "time  2025"),
        ("08:30:05Z\n\n", "08:30:05Z\nextra\n\n"),
        ("\n\n\u2014", "\n\n-"),  # ASCII hyphen is not the signature dash
        (
            "\n\u2014 ballot_service/witness",
            "\n\u2014 ballot_service/witnesz",
        ),  # parses; the name no longer matches
    ],
)
def test_from_note_is_strict(vector: dict[str, Any], old: str, new: str) -> None:
    note: str = vector["note"]
    assert old in note
    mutated = note.replace(old, new, 1)
    public = _log_key(vector).public_key()
    witness = _witness_key(vector).public_key()
    with pytest.raises(CheckpointError):
        parsed = SignedCheckpoint.from_note(mutated)
        verify_checkpoint(parsed, public)
        verify_cosignature(
            parsed.checkpoint, parsed.cosignatures[0], witness, name=vector["witness"]["name"]
        )


def test_from_note_requires_log_signature_first(vector: dict[str, Any]) -> None:
    body, _, sigs = vector["note"].partition("\n\n")
    first, second = sigs.rstrip("\n").split("\n")
    with pytest.raises(CheckpointError, match="first signature line must be the log's"):
        SignedCheckpoint.from_note(f"{body}\n\n{second}\n{first}\n")
    with pytest.raises(CheckpointError, match="needs a body"):
        SignedCheckpoint.from_note(vector["body"])


# --- cosignatures ------------------------------------------------------------------------------


def test_cosignature_verifies(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    witness = _witness_key(vector).public_key()
    (cosig,) = signed.cosignatures
    verify_cosignature(signed.checkpoint, cosig, witness, name=vector["witness"]["name"])
    assert cosig.timestamp == int(datetime(2025, 11, 20, 8, 31, tzinfo=UTC).timestamp())


def test_cosignature_failures(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    witness = _witness_key(vector).public_key()
    name = vector["witness"]["name"]
    (cosig,) = signed.cosignatures
    with pytest.raises(CosignatureError, match="expected 'ballot_service/witness/other'"):
        verify_cosignature(signed.checkpoint, cosig, witness, name="ballot_service/witness/other")
    with pytest.raises(CosignatureError, match="key id 294654db is not the given key's"):
        verify_cosignature(signed.checkpoint, cosig, _log_key(vector).public_key(), name=name)
    later = dataclasses.replace(cosig, timestamp=cosig.timestamp + 1)
    with pytest.raises(CosignatureError, match=f"timestamp {cosig.timestamp + 1}: bad signature"):
        verify_cosignature(signed.checkpoint, later, witness, name=name)
    other_cp = dataclasses.replace(signed.checkpoint, size=7)
    with pytest.raises(CosignatureError, match="size 7"):
        verify_cosignature(other_cp, cosig, witness, name=name)
    # A cosignature is not a log signature: the domain prefix differs, so it cannot stand in.
    as_log_sig = dataclasses.replace(
        signed.signature,
        signature=cosig.signature,
        key_id=log_key_id(signed.checkpoint.log_id, witness),
    )
    with pytest.raises(CheckpointError, match="bad signature"):
        verify_checkpoint(dataclasses.replace(signed, signature=as_log_sig), witness)


def test_cosign_fresh_and_no_duplicates(vector: dict[str, Any], signed: SignedCheckpoint) -> None:
    member = Ed25519PrivateKey.generate()
    cosig = cosign_checkpoint(signed.checkpoint, member, name="ballot_service/witness/m2", time=T0)
    both = signed.with_cosignature(cosig)
    assert SignedCheckpoint.from_note(both.to_note()) == both
    assert SignedCheckpoint.from_dict(both.to_dict()) == both
    verify_cosignature(both.checkpoint, both.cosignatures[1], member.public_key(), name=cosig.name)
    with pytest.raises(CosignatureError, match="already has a cosignature by"):
        both.with_cosignature(cosig)
    with pytest.raises(CosignatureError, match="cosigner name 'has space'"):
        cosign_checkpoint(signed.checkpoint, member, name="has space", time=T0)
    with pytest.raises(CosignatureError, match="naive"):
        cosign_checkpoint(signed.checkpoint, member, name="w", time=datetime(2025, 1, 1))


def test_cosignature_named_like_the_log_is_refused(signed: SignedCheckpoint) -> None:
    """docs/LOG.md §5 (issue 16.6): "at most one line per name" counts the log's own line, in
    both forms and when cosigning."""
    member = Ed25519PrivateKey.generate()
    log_id = signed.checkpoint.log_id
    cosig = cosign_checkpoint(signed.checkpoint, member, name=log_id, time=T0)
    with pytest.raises(CosignatureError, match="like the log"):
        signed.with_cosignature(cosig)
    other = signed.cosignatures[0].name
    note = signed.to_note().replace(f"— {other} ", f"— {log_id} ")
    with pytest.raises(CosignatureError, match="like the log"):
        SignedCheckpoint.from_note(note)
    data = signed.to_dict()
    data["cosignatures"][0]["name"] = log_id  # type: ignore[index]
    with pytest.raises(CosignatureError, match="like the log"):
        SignedCheckpoint.from_dict(data)
