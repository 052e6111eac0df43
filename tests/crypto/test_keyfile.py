"""Trustee key files (docs/PROTOCOL.md §10): scrypt + AES-256-GCM; a wrong passphrase, a
truncated file or any changed field is refused."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from typing import Any

import pytest

from ballot_service.crypto.errors import MalformedInput, WrongPassphrase
from ballot_service.crypto.group import Scalar
from ballot_service.crypto.keyfile import KeyFile, open_key, seal_key

from .conftest import FP

PASSPHRASE = "correct horse battery"


@cache
def sealed() -> KeyFile:
    return seal_key(FP, 2, Scalar(77), PASSPHRASE, log_n=14)


def test_key_file() -> None:
    sealed = seal_key(FP, 2, Scalar(77), "correct horse battery", log_n=14)
    parsed = KeyFile.from_dict(sealed.to_dict())
    assert open_key(parsed, "correct horse battery") == Scalar(77)
    with pytest.raises(WrongPassphrase, match="trustee 2"):
        open_key(parsed, "wrong horse battery")
    with pytest.raises(WrongPassphrase):
        open_key(dataclasses.replace(parsed, trustee=3), "correct horse battery")
    with pytest.raises(MalformedInput, match="log_n"):
        KeyFile.from_dict(
            {
                **sealed.to_dict(),
                "kdf": {
                    **sealed.to_dict()["kdf"],  # type: ignore[dict-item]
                    "log_n": 30,
                },
            }
        )
    with pytest.raises(MalformedInput, match="passphrase"):
        seal_key(FP, 2, Scalar(1), "short", log_n=14)


def test_wrong_passphrase_is_refused_and_names_the_trustee() -> None:
    for wrong in ("correct horse batterY", "correct horse battery ", "x" * 8):
        with pytest.raises(WrongPassphrase, match="trustee 2"):
            open_key(sealed(), wrong)


def test_unicode_passphrase_is_normalised() -> None:
    key = seal_key(FP, 1, Scalar(5), "m\u1eadt kh\u1ea9u d\u00e0i", log_n=14)  # NFC
    assert open_key(key, "ma\u0323\u0302t khâ\u0309u da\u0300i") == Scalar(5)  # NFD


def test_truncated_file_is_refused() -> None:
    text = json.dumps(sealed().to_dict())
    for cut in (0, 1, len(text) // 2, len(text) - 1):
        with pytest.raises((ValueError, MalformedInput)):
            KeyFile.from_dict(json.loads(text[:cut]))
    data = sealed().to_dict()
    with pytest.raises(MalformedInput, match="ciphertext"):
        KeyFile.from_dict({**data, "ciphertext": str(data["ciphertext"])[:-2]})
    for key in data:
        partial = {k: v for k, v in data.items() if k != key}
        with pytest.raises(MalformedInput):
            KeyFile.from_dict(partial)


def _changed(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    out = json.loads(json.dumps(data))
    holder = out
    for key in path[:-1]:
        holder = holder[key]
    raw = bytearray(bytes.fromhex(holder[path[-1]]))
    raw[-1] ^= 0x01
    holder[path[-1]] = raw.hex()
    return out


@pytest.mark.parametrize(
    "path", [("ciphertext",), ("election",), ("kdf", "salt"), ("cipher", "nonce")]
)
def test_tampered_file_is_refused(path: tuple[str, ...]) -> None:
    changed = KeyFile.from_dict(_changed(sealed().to_dict(), path))
    with pytest.raises(WrongPassphrase):
        open_key(changed, PASSPHRASE)


def test_other_trustee_or_cost_is_refused() -> None:
    for changed in (
        dataclasses.replace(sealed(), trustee=3),
        dataclasses.replace(sealed(), log_n=15),
    ):
        with pytest.raises(WrongPassphrase):
            open_key(changed, PASSPHRASE)
