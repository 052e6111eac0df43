"""checks.py, called directly: verify_record runs checks 1–9 and returns the Summary."""

from __future__ import annotations

import pytest

from ballot_service.ledger.keys import fingerprint
from ballot_service.record.codec import decode_record
from ballot_service.verifier.checks import verify_record
from ballot_service.verifier.errors import VerificationFailed

from .builder import Built


def test_summary_of_the_built_record(built: Built) -> None:
    record, header = decode_record(built.encode())
    summary = verify_record(record, header, jobs=1)
    assert summary.poll_id == "poll-1" and summary.fingerprint == built.fingerprint
    assert (summary.ballots, summary.credentials, summary.voided) == (6, 8, 2)
    assert summary.signer == fingerprint(built.log_key.public_key())
    assert summary.proofs == 6 + 72 + 27 and not summary.log_key_pinned


def test_log_key_pins_the_signer(built: Built) -> None:
    record, header = decode_record(built.encode())
    genuine = fingerprint(built.log_key.public_key())
    assert verify_record(record, header, jobs=1, log_key=genuine).log_key_pinned
    with pytest.raises(VerificationFailed, match="log key: the log is signed by the key"):
        verify_record(record, header, jobs=1, log_key="00" * 32)
