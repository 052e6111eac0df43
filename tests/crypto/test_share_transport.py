"""Share transport (docs/PROTOCOL.md §9): X25519 + HKDF + AES-256-GCM between two trustees;
any change, wrong key, wrong recipient or wrong election is refused."""

from __future__ import annotations

import dataclasses

import pytest

from ballot_service.crypto.errors import InvalidShare, MalformedInput
from ballot_service.crypto.group import Scalar
from ballot_service.crypto.share_transport import (
    EncryptedShare,
    TransportKeyPair,
    decrypt_share,
    encrypt_share,
)

from .conftest import FP


def test_share_transport_tamper() -> None:
    a, b, c = (TransportKeyPair.generate() for _ in range(3))
    msg = encrypt_share(FP, 1, a, 2, b.public, Scalar(42))
    assert decrypt_share(FP, msg, b, a.public) == Scalar(42)
    tampered = [
        dataclasses.replace(msg, ciphertext=bytes([msg.ciphertext[0] ^ 1]) + msg.ciphertext[1:]),
        dataclasses.replace(msg, nonce=bytes(12)),
        dataclasses.replace(msg, sender=3),
        dataclasses.replace(msg, recipient=3),
    ]
    for bad in tampered:
        with pytest.raises(InvalidShare):
            decrypt_share(FP, bad, b, a.public)
    with pytest.raises(InvalidShare):
        decrypt_share(FP, msg, b, c.public)  # wrong claimed sender key
    with pytest.raises(InvalidShare):
        decrypt_share(FP, msg, c, a.public)  # wrong recipient
    with pytest.raises(InvalidShare, match="another election"):
        decrypt_share(FP + b"x", msg, b, a.public)
    with pytest.raises(InvalidShare, match="low-order"):
        encrypt_share(FP, 1, a, 2, bytes(32), Scalar(1))


def test_round_trip_through_json_and_private_bytes() -> None:
    a, b = TransportKeyPair.generate(), TransportKeyPair.generate()
    msg = EncryptedShare.from_dict(encrypt_share(FP, 1, a, 2, b.public, Scalar(7)).to_dict())
    restored = TransportKeyPair.from_private_bytes(b.private_bytes())
    assert restored.public == b.public
    assert decrypt_share(FP, msg, restored, a.public) == Scalar(7)


def test_truncated_or_tampered_ciphertext_is_refused() -> None:
    a, b = TransportKeyPair.generate(), TransportKeyPair.generate()
    msg = encrypt_share(FP, 1, a, 2, b.public, Scalar(42))
    data = msg.to_dict()
    with pytest.raises(MalformedInput, match="ciphertext"):
        EncryptedShare.from_dict({**data, "ciphertext": msg.ciphertext[:-1].hex()})
    with pytest.raises(MalformedInput, match="nonce"):
        EncryptedShare.from_dict({**data, "nonce": msg.nonce[:-1].hex()})
    for k in (0, len(msg.ciphertext) // 2, len(msg.ciphertext) - 1):  # body and tag
        raw = bytearray(msg.ciphertext)
        raw[k] ^= 0x80
        with pytest.raises(InvalidShare, match="authentication failed"):
            decrypt_share(FP, dataclasses.replace(msg, ciphertext=bytes(raw)), b, a.public)


def test_a_share_is_sent_to_someone_else() -> None:
    a, b = TransportKeyPair.generate(), TransportKeyPair.generate()
    with pytest.raises(MalformedInput, match="both 1"):
        encrypt_share(FP, 1, a, 1, b.public, Scalar(1))
