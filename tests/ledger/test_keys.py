"""The log key file: mode 0600 on creation, loose modes refused, fingerprints, rotation."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.ledger.errors import KeyFileError
from ballot_service.ledger.keys import (
    display_fingerprint,
    fingerprint,
    generate_key_file,
    load_key_file,
    load_or_generate_key_file,
    load_public_key_pem,
    public_key_from_raw,
    public_key_pem,
    public_key_raw,
    rotate_key_file,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _raw(key: Ed25519PrivateKey) -> bytes:
    return public_key_raw(key.public_key())


def test_generate_creates_0600_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "log.pem"
    old_umask = os.umask(0)  # even a permissive umask must not loosen the file
    try:
        key = generate_key_file(path)
    finally:
        os.umask(old_umask)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert _raw(load_key_file(path)) == _raw(key)
    assert [p.name for p in path.parent.iterdir()] == ["log.pem"]  # no temporary left behind


def test_generate_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "log.pem"
    key = generate_key_file(path)
    with pytest.raises(KeyFileError, match=f"key file {path} already exists"):
        generate_key_file(path)
    assert _raw(load_key_file(path)) == _raw(key)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o602, 0o610])
def test_loose_modes_are_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "log.pem"
    generate_key_file(path)
    path.chmod(mode)
    with pytest.raises(KeyFileError, match=rf"mode {mode:04o}.*chmod 600 {path}"):
        load_key_file(path)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_generate_key_file(path)


def test_load_errors_name_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    with pytest.raises(KeyFileError, match=f"key file {missing} does not exist"):
        load_key_file(missing)
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"not a key")
    garbage.chmod(0o600)
    with pytest.raises(KeyFileError, match=f"key file {garbage} is not a readable PEM"):
        load_key_file(garbage)
    with pytest.raises(KeyFileError, match="is not a regular file"):
        load_key_file(tmp_path)


def test_load_or_generate(tmp_path: Path) -> None:
    path = tmp_path / "log.pem"
    first = load_or_generate_key_file(path)
    again = load_or_generate_key_file(path)
    assert _raw(first) == _raw(again)
    assert _mode(path) == 0o600


def test_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "log.pem"
    key = generate_key_file(path, password=b"correct horse")
    assert b"ENCRYPTED" in path.read_bytes()
    assert _raw(load_key_file(path, password=b"correct horse")) == _raw(key)
    with pytest.raises(KeyFileError, match="not a readable PEM"):
        load_key_file(path, password=b"wrong")


def test_fingerprint() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    raw = _raw(key)
    assert fingerprint(key.public_key()) == hashlib.sha256(raw).hexdigest()
    shown = display_fingerprint(key.public_key())
    groups = shown.split(" ")
    assert len(groups) == 16 and all(len(g) == 4 for g in groups)
    assert "".join(groups) == fingerprint(key.public_key())


def test_public_key_encodings() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    assert public_key_raw(public_key_from_raw(public_key_raw(key))) == public_key_raw(key)
    assert public_key_raw(load_public_key_pem(public_key_pem(key))) == public_key_raw(key)
    with pytest.raises(KeyFileError, match="has 31 bytes"):
        public_key_from_raw(bytes(31))
    with pytest.raises(KeyFileError, match="not a PEM public key"):
        load_public_key_pem(b"junk")


def test_rotation_keeps_old_public_key(tmp_path: Path) -> None:
    path = tmp_path / "log.pem"
    old = generate_key_file(path)
    rotation = rotate_key_file(path)
    assert public_key_raw(rotation.old_public_key) == _raw(old)
    assert _raw(rotation.new_key) != _raw(old)
    assert _raw(load_key_file(path)) == _raw(rotation.new_key)
    assert _mode(path) == 0o600
    kept = load_public_key_pem(rotation.old_public_key_path.read_bytes())
    assert public_key_raw(kept) == _raw(old)
    assert fingerprint(old.public_key())[:16] in rotation.old_public_key_path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["log.pem", rotation.old_public_key_path.name]
    )


def test_rotation_refuses_a_loose_key(tmp_path: Path) -> None:
    path = tmp_path / "log.pem"
    generate_key_file(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        rotate_key_file(path)
