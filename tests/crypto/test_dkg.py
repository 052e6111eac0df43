"""Distributed key generation (docs/PROTOCOL.md §8): commitments, Feldman checks, the key."""

from __future__ import annotations

import dataclasses

import pytest

from ballot_service.crypto import dkg
from ballot_service.crypto.errors import (
    InvalidProof,
    InvalidShare,
    MalformedInput,
    VerificationError,
)
from ballot_service.crypto.group import BASE, Scalar

from .conftest import FP, ceremony


def test_a_ceremony_gives_every_trustee_a_share_of_the_election_key() -> None:
    commits, secrets_, key = ceremony(3, 2)
    assert key == dkg.election_key(commits)
    for m, s in secrets_.items():
        assert s * BASE == dkg.verification_key(m, commits)
    for c in commits:
        assert dkg.DkgCommitment.from_dict(c.to_dict()) == c


def test_dkg_commitment_checks() -> None:
    commits, _, _ = ceremony(3, 2)
    c = commits[0]
    with pytest.raises(MalformedInput, match="another election"):
        dkg.verify_commitment(c, FP + b"x", trustees=3, threshold=2)
    with pytest.raises(MalformedInput, match="threshold"):
        dkg.verify_commitment(c, FP, trustees=3, threshold=3)
    moved = dataclasses.replace(c, trustee=2)
    with pytest.raises(InvalidProof, match="trustee 2: proof of A_0"):
        dkg.verify_commitment(moved, FP, trustees=3, threshold=2)
    other_transport = dataclasses.replace(c, transport_key=bytes(32))
    with pytest.raises(InvalidProof):
        dkg.verify_commitment(other_transport, FP, trustees=3, threshold=2)
    d = c.to_dict()
    d["commitments"] = ["01" + "00" * 31, d["commitments"][1]]  # type: ignore[index]
    with pytest.raises(VerificationError, match="identity"):
        dkg.DkgCommitment.from_dict(d)


def test_feldman_check_rejects_wrong_share() -> None:
    commits, _, _ = ceremony(3, 2)
    poly = dkg.Polynomial.generate(2)
    c = dkg.make_commitment(FP, 1, poly, bytes(32))
    dkg.verify_share(2, poly.evaluate(2), c)
    with pytest.raises(InvalidShare, match="from trustee 1 to trustee 2"):
        dkg.verify_share(2, poly.evaluate(2) + Scalar(1), c)
    with pytest.raises(InvalidShare):
        dkg.verify_share(3, poly.evaluate(2), c)
    assert commits


def test_commitment_sets_are_checked() -> None:
    commits, _, _ = ceremony(3, 2)
    with pytest.raises(MalformedInput, match="no commitments"):
        dkg.election_key([])
    with pytest.raises(MalformedInput, match="duplicate trustee"):
        dkg.election_key([commits[0], commits[0]])
    other, _, _ = ceremony(3, 3)
    with pytest.raises(MalformedInput, match="threshold"):
        dkg.aggregate_commitments([commits[0], other[1]])


def test_a_trustee_needs_a_share_from_every_sender() -> None:
    with pytest.raises(MalformedInput, match=r"received from \[1, 3\], expected 1..3"):
        dkg.combine_received_shares({1: Scalar(1), 3: Scalar(3)}, 3)
    assert dkg.combine_received_shares({1: Scalar(1), 2: Scalar(2)}, 2) == Scalar(3)
