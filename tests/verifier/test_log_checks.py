"""log_checks.py, called directly: check 8, first half (entries, keys, checkpoints)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.ledger.keys import fingerprint, public_key_raw
from ballot_service.verifier.errors import VerificationFailed
from ballot_service.verifier.log_checks import decode_log

from .builder import Built, sign_log

OTHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def test_decoded_log_and_its_signer(built: Built) -> None:
    log = decode_log(built.parts()["log"], "poll-1")
    assert len(log.entries) == log.tree.size == log.checkpoints
    assert log.signer == fingerprint(built.log_key.public_key())
    assert log.key_fingerprints == (log.signer,)


def test_public_keys_are_exactly_the_signers_in_order_of_first_use(built: Built) -> None:
    """docs/RECORD.md §2 (issue 10.16)."""
    log = built.parts()["log"]
    other = public_key_raw(OTHER.public_key()).hex()
    log["public_keys"].append(other)
    with pytest.raises(VerificationFailed, match="log public key 1: has fingerprint"):
        decode_log(log, "poll-1")
    log["checkpoints"] = log["checkpoints"][:5] + sign_log(log["entries"], OTHER)[5:]
    rotated = decode_log(log, "poll-1")
    assert rotated.signer == fingerprint(OTHER.public_key())
    log["public_keys"].reverse()
    with pytest.raises(VerificationFailed, match="not in the order in which they first sign"):
        decode_log(log, "poll-1")
    log["public_keys"] = [other, other]
    with pytest.raises(VerificationFailed, match="log public key 1: repeats an earlier key"):
        decode_log(log, "poll-1")


def test_shape_log_id_and_poll(built: Built) -> None:
    log = built.parts()["log"]
    with pytest.raises(VerificationFailed, match="expected 'ballot_service/poll/2' for poll-2"):
        decode_log(log, "poll-2")
    log["extra"] = 1
    with pytest.raises(VerificationFailed, match="log: fields are"):
        decode_log(log, "poll-1")


def test_cosignature_named_like_the_log_is_refused(built: Built) -> None:
    """docs/LOG.md §5 (issue 16.6): the log's own line counts for "one line per name"."""
    import base64

    log = built.parts()["log"]
    line = f"— ballot_service/poll/1 {base64.b64encode(bytes(76)).decode()}\n"
    log["checkpoints"][-1] += line
    with pytest.raises(VerificationFailed, match="like the log"):
        decode_log(log, "poll-1")
    log["checkpoints"][-1] = log["checkpoints"][-1].replace(
        "ballot_service/poll/1 A", "w.example A"
    )
    assert decode_log(log, "poll-1").cosignatures == 1
