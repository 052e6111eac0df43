"""The log's Ed25519 signing key on disk: create (mode 0600), load (refusing loose modes), rotate.

Pure helpers: the path is always a parameter, nothing is read from the environment.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    KeySerializationEncryption,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from .errors import KeyFileError

PathLike = str | os.PathLike[str]


def public_key_raw(public_key: Ed25519PublicKey) -> bytes:
    """Return the 32-byte RFC 8032 encoding of ``public_key``."""
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_from_raw(raw: bytes) -> Ed25519PublicKey:
    """Return the Ed25519 public key encoded by 32 raw bytes; KeyFileError when invalid."""
    if len(raw) != 32:
        raise KeyFileError(f"Ed25519 public key has {len(raw)} bytes, expected 32")
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise KeyFileError(f"invalid Ed25519 public key {raw.hex()}: {exc}") from None


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    """Return ``public_key`` as a SubjectPublicKeyInfo PEM block."""
    return public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def load_public_key_pem(data: bytes) -> Ed25519PublicKey:
    """Parse a SubjectPublicKeyInfo PEM block holding an Ed25519 key."""
    try:
        key = load_pem_public_key(data)
    except ValueError as exc:
        raise KeyFileError(f"not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"PEM public key is {type(key).__name__}, expected Ed25519")
    return key


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """Return SHA-256(raw 32-byte public key) as 64 lowercase hex digits."""
    return hashlib.sha256(public_key_raw(public_key)).hexdigest()


def display_fingerprint(public_key: Ed25519PublicKey) -> str:
    """Return :func:`fingerprint` as 16 space-separated groups of 4 hex digits (read aloud)."""
    fp = fingerprint(public_key)
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def _encryption(password: bytes | None) -> KeySerializationEncryption:
    return NoEncryption() if password is None else BestAvailableEncryption(password)


def _private_pem(key: Ed25519PrivateKey, password: bytes | None) -> bytes:
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, _encryption(password))


def _write_temp(directory: Path, data: bytes) -> Path:
    """Write ``data`` to a new file in ``directory`` created with mode 0600; return its path."""
    temp = directory / f".tmp-{secrets.token_hex(8)}.pem"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask can only remove bits, but be explicit
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return temp


def generate_key_file(path: PathLike, *, password: bytes | None = None) -> Ed25519PrivateKey:
    """Create a new Ed25519 key at ``path`` (PKCS#8 PEM, mode 0600); refuse to overwrite.

    The parent directory is created with mode 0700 if missing. The file appears atomically
    (written to a temporary name, then hard-linked), so a crash never leaves half a key.
    """
    target = Path(path)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    temp = _write_temp(target.parent, _private_pem(key, password))
    try:
        os.link(temp, target)
    except FileExistsError:
        raise KeyFileError(f"key file {target} already exists; refusing to overwrite it") from None
    finally:
        temp.unlink()
    return key


def check_key_file_mode(path: PathLike) -> None:
    """Raise KeyFileError unless ``path`` is a regular file with no group/other permissions."""
    target = Path(path)
    try:
        st = target.stat()
    except FileNotFoundError:
        raise KeyFileError(f"key file {target} does not exist") from None
    if not stat.S_ISREG(st.st_mode):
        raise KeyFileError(f"key file {target} is not a regular file")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        raise KeyFileError(
            f"key file {target} has mode {mode:04o}: group or others can access the log's "
            f"signing key; fix it with: chmod 600 {target}"
        )


def load_key_file(path: PathLike, *, password: bytes | None = None) -> Ed25519PrivateKey:
    """Load the Ed25519 key at ``path`` after checking its mode (see check_key_file_mode)."""
    target = Path(path)
    check_key_file_mode(target)
    try:
        key = load_pem_private_key(target.read_bytes(), password=password)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"key file {target} is not a readable PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"key file {target} holds a {type(key).__name__}, expected Ed25519")
    return key


def load_or_generate_key_file(
    path: PathLike, *, password: bytes | None = None
) -> Ed25519PrivateKey:
    """Load the key at ``path``, creating it first (mode 0600) if it does not exist."""
    if not os.path.lexists(path):
        try:
            return generate_key_file(path, password=password)
        except KeyFileError:
            if not os.path.lexists(path):  # another process won the race: load its key
                raise
    return load_key_file(path, password=password)


@dataclass(frozen=True)
class KeyRotation:
    """Result of :func:`rotate_key_file`: the new key, and the retired public key kept."""

    new_key: Ed25519PrivateKey
    old_public_key: Ed25519PublicKey
    old_public_key_path: Path


@dataclass(frozen=True)
class StagedRotation:
    """A new key written beside the current one (mode 0600), not yet in its place."""

    path: Path
    new_key: Ed25519PrivateKey
    staged: Path


def stage_rotation(path: PathLike, *, password: bytes | None = None) -> StagedRotation:
    """Make the next key and write it to a temporary file beside ``path`` (checking the current
    key first). Nothing changes for the running service until :func:`complete_rotation`."""
    target = Path(path)
    load_key_file(target, password=password)
    new_key = Ed25519PrivateKey.generate()
    return StagedRotation(
        target, new_key, _write_temp(target.parent, _private_pem(new_key, password))
    )


def complete_rotation(staged: StagedRotation, *, password: bytes | None = None) -> KeyRotation:
    """Put the staged key in place atomically; keep the old *public* key beside it.

    The old public key is written to ``<path>.retired-<first 16 hex of its fingerprint>.pub.pem``
    so earlier checkpoints stay verifiable; the old private key is gone once the new file has
    replaced it. The caller has logged a ``key_rotated`` entry and signed a checkpoint with the
    old key before calling this (docs/LOG.md §8).
    """
    old_public = load_key_file(staged.path, password=password).public_key()
    retired = staged.path.with_name(
        f"{staged.path.name}.retired-{fingerprint(old_public)[:16]}.pub.pem"
    )
    retired.write_bytes(public_key_pem(old_public))
    os.replace(staged.staged, staged.path)
    return KeyRotation(staged.new_key, old_public, retired)


def abandon_rotation(staged: StagedRotation) -> None:
    """Remove a staged key that will not be used (the rotation could not be logged)."""
    staged.staged.unlink(missing_ok=True)


def rotate_key_file(path: PathLike, *, password: bytes | None = None) -> KeyRotation:
    """Replace the key at ``path`` by a new one at once (stage and complete, nothing logged)."""
    return complete_rotation(stage_rotation(path, password=password), password=password)
