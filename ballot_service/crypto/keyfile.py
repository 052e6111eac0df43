"""Passphrase-encrypted key file holding a trustee's secret share s_m (scrypt + AES-256-GCM).

  key = scrypt(passphrase UTF-8 (NFC), salt (16 random bytes), N = 2^log_n, r = 8, p = 1, 32)
  aad = H_"keyfile"(version, election, trustee, log_n, r, p, salt)
  ciphertext = AES-256-GCM(key, nonce (12 random bytes), s_m (32 bytes LE), aad)
A wrong passphrase or any change to the file raises WrongPassphrase.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .codec import (
    FORMAT_VERSION,
    bytes_field,
    expect_keys,
    expect_mapping,
    expect_version,
    int_field,
)
from .dkg import MAX_TRUSTEES, check_index
from .errors import InvalidScalar, MalformedInput, WrongPassphrase
from .group import Rng, Scalar
from .hashing import tagged_hash

KIND = "ballot_service/trustee-key"
AAD_TAG = "keyfile"
DEFAULT_LOG_N = 17
MIN_LOG_N, MAX_LOG_N = 14, 20
SCRYPT_R, SCRYPT_P = 8, 1
MIN_PASSPHRASE = 8


@dataclass(frozen=True, slots=True)
class KeyFile:
    """The sealed form of s_m (JSON: see to_dict)."""

    election: bytes
    trustee: int
    log_n: int
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, object]:
        """Versioned JSON-able form."""
        return {
            "version": self.version,
            "kind": KIND,
            "election": self.election.hex(),
            "trustee": self.trustee,
            "kdf": {
                "name": "scrypt",
                "salt": self.salt.hex(),
                "log_n": self.log_n,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
            },
            "cipher": {"name": "aes-256-gcm", "nonce": self.nonce.hex()},
            "ciphertext": self.ciphertext.hex(),
        }

    @classmethod
    def from_dict(cls, data: object) -> KeyFile:
        """Parse and check every field (KDF cost bounded to [2^14, 2^20])."""
        what = "key file"
        d = expect_mapping(data, what)
        expect_keys(
            d, {"version", "kind", "election", "trustee", "kdf", "cipher", "ciphertext"}, what
        )
        expect_version(d, what)
        if d["kind"] != KIND:
            raise MalformedInput(f"{what}: kind {d['kind']!r} is not {KIND!r}")
        kdf = expect_mapping(d["kdf"], f"{what}: kdf")
        expect_keys(kdf, {"name", "salt", "log_n", "r", "p"}, f"{what}: kdf")
        cipher = expect_mapping(d["cipher"], f"{what}: cipher")
        expect_keys(cipher, {"name", "nonce"}, f"{what}: cipher")
        if kdf["name"] != "scrypt" or cipher["name"] != "aes-256-gcm":
            raise MalformedInput(
                f"{what}: unsupported kdf {kdf['name']!r} or cipher {cipher['name']!r}"
            )
        int_field(kdf, "r", f"{what}: kdf", lo=SCRYPT_R, hi=SCRYPT_R)
        int_field(kdf, "p", f"{what}: kdf", lo=SCRYPT_P, hi=SCRYPT_P)
        return cls(
            bytes_field(d, "election", what, None),
            int_field(d, "trustee", what, lo=1, hi=MAX_TRUSTEES),
            int_field(kdf, "log_n", f"{what}: kdf", lo=MIN_LOG_N, hi=MAX_LOG_N),
            bytes_field(kdf, "salt", f"{what}: kdf", 16),
            bytes_field(cipher, "nonce", f"{what}: cipher", 12),
            bytes_field(d, "ciphertext", what, 48),
        )

    def _aad(self) -> bytes:
        return tagged_hash(
            AAD_TAG,
            self.version,
            self.election,
            self.trustee,
            self.log_n,
            SCRYPT_R,
            SCRYPT_P,
            self.salt,
        )


def _derive(passphrase: str, salt: bytes, log_n: int) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=1 << log_n, r=SCRYPT_R, p=SCRYPT_P).derive(secret)


def seal_key(
    election_fingerprint: bytes,
    trustee: int,
    secret: Scalar,
    passphrase: str,
    *,
    log_n: int = DEFAULT_LOG_N,
    rng: Rng = secrets.token_bytes,
) -> KeyFile:
    """Encrypt s_m under a passphrase (≥ 8 characters)."""
    check_index(trustee, MAX_TRUSTEES, "key file")
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise MalformedInput(f"key file: passphrase shorter than {MIN_PASSPHRASE} characters")
    if not MIN_LOG_N <= log_n <= MAX_LOG_N:
        raise MalformedInput(f"key file: log_n = {log_n} outside [{MIN_LOG_N}, {MAX_LOG_N}]")
    salt, nonce = rng(16), rng(12)
    shell = KeyFile(election_fingerprint, trustee, log_n, salt, nonce, b"")
    ct = AESGCM(_derive(passphrase, salt, log_n)).encrypt(nonce, secret.encode(), shell._aad())
    return KeyFile(election_fingerprint, trustee, log_n, salt, nonce, ct)


def open_key(key_file: KeyFile, passphrase: str) -> Scalar:
    """Decrypt s_m; raise WrongPassphrase on a wrong passphrase or an altered file."""
    what = f"key file of trustee {key_file.trustee}"
    key = _derive(passphrase, key_file.salt, key_file.log_n)
    try:
        plain = AESGCM(key).decrypt(key_file.nonce, key_file.ciphertext, key_file._aad())
    except InvalidTag:
        raise WrongPassphrase(f"{what}: wrong passphrase or altered file") from None
    try:
        return Scalar.decode(plain, what=f"{what}: secret")
    except InvalidScalar as exc:
        raise WrongPassphrase(str(exc)) from None
