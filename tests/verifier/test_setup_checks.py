"""setup_checks.py, called directly: checks 1–3 (manifest and F, the DKG, credentials)."""

from __future__ import annotations

from typing import Any

import pytest

from ballot_service.verifier.errors import VerificationFailed
from ballot_service.verifier.setup_checks import (
    check_credentials,
    check_dkg,
    check_manifest,
    check_setup,
)

from .builder import Built


def setup(built: Built, parts: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    parts = parts or built.parts()
    return check_setup(
        parts["manifest"],
        {"fingerprint": built.fingerprint},
        parts["dkg"],
        parts["credentials"],
        parts["voided"],
    )


def test_setup_establishes_the_election(built: Built) -> None:
    election = setup(built)
    assert election.fingerprint.hex() == built.fingerprint
    assert (election.trustees, election.threshold, election.officials) == (3, 2, 3)
    assert election.credentials == tuple(c["credential"] for c in built.record.credentials)
    assert set(election.voided) == {v["credential"] for v in built.record.voided}
    assert sorted(election.verification_keys) == [1, 2, 3]


def test_manifest_fingerprint_must_match_record_json(built: Built) -> None:
    with pytest.raises(VerificationFailed, match=r"differs from record\.json's"):
        check_manifest(built.parts()["manifest"], "00" * 32)
    with pytest.raises(VerificationFailed, match="manifest: official 0 name is empty"):
        parts = built.parts()
        parts["manifest"]["officials"][0]["name"] = ""
        check_manifest(parts["manifest"], built.fingerprint)


def test_dkg_needs_one_commitment_per_trustee_in_order(built: Built) -> None:
    election = setup(built)
    dkg = built.parts()["dkg"]
    fp = election.fingerprint
    with pytest.raises(VerificationFailed, match="2 commitments for 3 trustees"):
        check_dkg(dkg[:2], fp, trustees=3, threshold=2)
    with pytest.raises(VerificationFailed, match="dkg commitment 1: is trustee 2's"):
        check_dkg([dkg[1], dkg[0], dkg[2]], fp, trustees=3, threshold=2)
    with pytest.raises(VerificationFailed, match="dkg commitment 1"):
        check_dkg(dkg, bytes(32), trustees=3, threshold=2)


def test_credentials_and_voids(built: Built) -> None:
    credentials, voided = built.parts()["credentials"], built.parts()["voided"]
    with pytest.raises(VerificationFailed, match="credential 8: repeats credential 0"):
        check_credentials([*credentials, credentials[0]], voided)
    with pytest.raises(VerificationFailed, match="batch '' is not a non-empty string"):
        check_credentials([{**credentials[0], "batch": ""}], [])
    with pytest.raises(VerificationFailed, match="is voided twice"):
        check_credentials(credentials, [*voided, voided[0]])
    with pytest.raises(VerificationFailed, match="has no reason"):
        check_credentials(credentials, [{**voided[0], "reason": ""}])
    with pytest.raises(VerificationFailed, match="is not an issued credential"):
        check_credentials(credentials[:1], voided)
