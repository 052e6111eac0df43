"""Authenticated encryption of a DKG share from trustee i to trustee m (X25519 + HKDF + AES-GCM).

Each trustee publishes an X25519 key E = e·G₂₅₅₁₉ in its DKG commitment. Static–static ECDH
authenticates the sender: Z = X25519(e_i, E_m) = X25519(e_m, E_i).
  key   = HKDF-SHA256(ikm = Z, salt = empty, info = H_"share-transport/key"(fp, i, m, E_i, E_m),
                      length = 32)
  aad   = H_"share-transport/aad"(fp, i, m)
  ct    = AES-256-GCM(key, nonce (12 random bytes), plaintext = s_i→m (32 bytes LE), aad)
The info makes the key direction-specific (i→m ≠ m→i). Any change raises InvalidShare.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .codec import (
    FORMAT_VERSION,
    bytes_field,
    expect_keys,
    expect_mapping,
    expect_version,
    int_field,
)
from .dkg import MAX_TRUSTEES, check_index
from .errors import InvalidScalar, InvalidShare, MalformedInput
from .group import Rng, Scalar
from .hashing import tagged_hash

KEY_TAG = "share-transport/key"
AAD_TAG = "share-transport/aad"
NONCE_BYTES = 12
CIPHERTEXT_BYTES = 32 + 16


@dataclass(frozen=True, slots=True)
class TransportKeyPair:
    """A trustee's X25519 key pair for receiving and sending shares."""

    private: X25519PrivateKey
    public: bytes

    @classmethod
    def generate(cls, *, rng: Rng = secrets.token_bytes) -> TransportKeyPair:
        """e = 32 random bytes (clamped by X25519), E = X25519(e, 9)."""
        return cls.from_private_bytes(rng(32))

    @classmethod
    def from_private_bytes(cls, data: bytes) -> TransportKeyPair:
        """Rebuild from the 32-byte private key."""
        if len(data) != 32:
            raise MalformedInput(f"transport key: expected 32 bytes, got {len(data)}")
        private = X25519PrivateKey.from_private_bytes(data)
        return cls(private, private.public_key().public_bytes_raw())

    def private_bytes(self) -> bytes:
        """The 32-byte private key (secret)."""
        return self.private.private_bytes_raw()

    def __repr__(self) -> str:
        return f"TransportKeyPair(public={self.public.hex()[:8]}…)"


@dataclass(frozen=True, slots=True)
class EncryptedShare:
    """s_i→m encrypted from trustee i (sender) to trustee m (recipient)."""

    election: bytes
    sender: int
    recipient: int
    nonce: bytes
    ciphertext: bytes
    version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, object]:
        """{"version", "election", "sender", "recipient", "nonce", "ciphertext"} (hex)."""
        return {
            "version": self.version,
            "election": self.election.hex(),
            "sender": self.sender,
            "recipient": self.recipient,
            "nonce": self.nonce.hex(),
            "ciphertext": self.ciphertext.hex(),
        }

    @classmethod
    def from_dict(cls, data: object) -> EncryptedShare:
        """Parse and check every field's type and length."""
        what = "encrypted share"
        d = expect_mapping(data, what)
        expect_keys(d, {"version", "election", "sender", "recipient", "nonce", "ciphertext"}, what)
        expect_version(d, what)
        return cls(
            bytes_field(d, "election", what, None),
            int_field(d, "sender", what, lo=1, hi=MAX_TRUSTEES),
            int_field(d, "recipient", what, lo=1, hi=MAX_TRUSTEES),
            bytes_field(d, "nonce", what, NONCE_BYTES),
            bytes_field(d, "ciphertext", what, CIPHERTEXT_BYTES),
        )


def _key(
    fp: bytes,
    sender: int,
    recipient: int,
    own: X25519PrivateKey,
    own_public: bytes,
    other_public: bytes,
    *,
    own_is_sender: bool,
) -> bytes:
    if len(other_public) != 32:
        raise MalformedInput(f"transport key: expected 32 bytes, got {len(other_public)}")
    try:
        z = own.exchange(X25519PublicKey.from_public_bytes(other_public))
    except ValueError:
        raise InvalidShare(
            f"share {sender}→{recipient}: peer transport key is a low-order point"
        ) from None
    sender_pub, recipient_pub = (
        (own_public, other_public) if own_is_sender else (other_public, own_public)
    )
    info = tagged_hash(KEY_TAG, fp, sender, recipient, sender_pub, recipient_pub)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(z)


def encrypt_share(
    election_fingerprint: bytes,
    sender: int,
    sender_key: TransportKeyPair,
    recipient: int,
    recipient_public: bytes,
    share: Scalar,
    *,
    rng: Rng = secrets.token_bytes,
) -> EncryptedShare:
    """Encrypt s_i→m to E_m, authenticated by e_i (see the module docstring)."""
    check_index(sender, MAX_TRUSTEES, "encrypted share sender")
    check_index(recipient, MAX_TRUSTEES, "encrypted share recipient")
    if sender == recipient:
        raise MalformedInput(f"encrypted share: sender and recipient are both {sender}")
    key = _key(
        election_fingerprint,
        sender,
        recipient,
        sender_key.private,
        sender_key.public,
        recipient_public,
        own_is_sender=True,
    )
    nonce = rng(NONCE_BYTES)
    aad = tagged_hash(AAD_TAG, election_fingerprint, sender, recipient)
    ct = AESGCM(key).encrypt(nonce, share.encode(), aad)
    return EncryptedShare(election_fingerprint, sender, recipient, nonce, ct)


def decrypt_share(
    election_fingerprint: bytes,
    message: EncryptedShare,
    recipient_key: TransportKeyPair,
    sender_public: bytes,
) -> Scalar:
    """Open s_i→m; raise InvalidShare on any tampering, wrong key or wrong election."""
    what = f"share {message.sender}→{message.recipient}"
    if message.election != election_fingerprint:
        raise InvalidShare(f"{what}: made for another election")
    key = _key(
        election_fingerprint,
        message.sender,
        message.recipient,
        recipient_key.private,
        recipient_key.public,
        sender_public,
        own_is_sender=False,
    )
    aad = tagged_hash(AAD_TAG, election_fingerprint, message.sender, message.recipient)
    try:
        plain = AESGCM(key).decrypt(message.nonce, message.ciphertext, aad)
    except InvalidTag:
        raise InvalidShare(
            f"{what}: authentication failed (tampered, wrong key or wrong sender/recipient)"
        ) from None
    try:
        return Scalar.decode(plain, what=f"{what}: share")
    except InvalidScalar as exc:
        raise InvalidShare(str(exc)) from None
