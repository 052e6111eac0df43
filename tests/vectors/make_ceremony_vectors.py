"""Write tests/vectors/crypto_ceremony.json: the key ceremony's device steps, made by the Python.

Run from the repository root:
    .venv/bin/python -m tests.vectors.make_ceremony_vectors

Every draw comes from the deterministic generator of make_crypto_vectors.py (Drbg), each stream
named by its seed, so the device code (static/js/device/dkg.js, share_transport.js, keyfile.js,
cosign.js) replays the same draws and must produce the same bytes (tests/device_js/
ceremony.test.mjs). Contents: 3 trustees, threshold 2 — polynomials, transport keys, commitments,
every encrypted share, the members' secrets and verification keys; one key file (scrypt 2^14,
a passphrase typed decomposed, NFD, to exercise the NFC rule); one witness key and cosignature.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.crypto import dkg, keyfile
from ballot_service.crypto.share_transport import TransportKeyPair, encrypt_share
from ballot_service.crypto.witness_key import witness_name, witness_seed
from ballot_service.ledger.checkpoint import Checkpoint, cosigned_message

from .make_crypto_vectors import Drbg, render

HERE = Path(__file__).resolve().parent
NAME = "crypto_ceremony.json"
N, K = 3, 2
PASSPHRASE = unicodedata.normalize("NFD", "mật khẩu của thành viên")
TIMESTAMP = 1_795_000_000


def build() -> dict[str, Any]:
    fp = hashlib.sha256(b"ceremony vectors").digest()
    members: dict[int, dict[str, Any]] = {}
    polys, transport, commitments = {}, {}, {}
    for i in range(1, N + 1):
        polys[i] = dkg.Polynomial.generate(K, rng=Drbg(f"ceremony-poly-{i}"))
        transport[i] = TransportKeyPair.generate(rng=Drbg(f"ceremony-transport-{i}"))
        commitments[i] = dkg.make_commitment(
            fp, i, polys[i], transport[i].public, rng=Drbg(f"ceremony-commit-{i}")
        )
    shares = []
    for i in range(1, N + 1):
        for m in range(1, N + 1):
            if m == i:
                continue
            rng = Drbg(f"ceremony-share-{i}-{m}")
            sealed = encrypt_share(
                fp, i, transport[i], m, transport[m].public, polys[i].evaluate(m), rng=rng
            )
            shares.append(
                {"seed": f"ceremony-share-{i}-{m}", "plain": polys[i].evaluate(m).hex()}
                | {"message": sealed.to_dict()}
            )
    posted = list(commitments.values())
    for m in range(1, N + 1):
        secret = dkg.combine_received_shares({i: polys[i].evaluate(m) for i in polys}, N)
        members[m] = {
            "poly_seed": f"ceremony-poly-{m}",
            "coefficients": [a.hex() for a in polys[m].coefficients],
            "transport_seed": f"ceremony-transport-{m}",
            "transport_private": transport[m].private_bytes().hex(),
            "transport_public": transport[m].public.hex(),
            "commit_seed": f"ceremony-commit-{m}",
            "commitment": commitments[m].to_dict(),
            "secret": secret.hex(),
            "verification_key": dkg.verification_key(m, posted).hex(),
        }
    secret1 = dkg.combine_received_shares({i: polys[i].evaluate(1) for i in polys}, N)
    sealed_key = keyfile.seal_key(
        fp, 1, secret1, PASSPHRASE, log_n=14, rng=Drbg("ceremony-keyfile")
    )
    seed = witness_seed(fp, 1, secret1)
    witness_key = Ed25519PrivateKey.from_private_bytes(seed)
    body = Checkpoint("ballot_service/poll/7", 42, bytes(range(32)), "2026-11-30T08:00:00Z").body()
    return {
        "provenance": "tests/vectors/make_ceremony_vectors.py (this project's Python code, Drbg "
        "streams named by their seeds)",
        "fingerprint": fp.hex(),
        "trustees": N,
        "threshold": K,
        "members": {str(m): v for m, v in members.items()},
        "election_key": dkg.election_key(posted).hex(),
        "shares": shares,
        "keyfile": {
            "seed": "ceremony-keyfile",
            "passphrase": PASSPHRASE,
            "log_n": 14,
            "trustee": 1,
            "secret": secret1.hex(),
            "file": sealed_key.to_dict(),
        },
        "witness": {
            "trustee": 1,
            "name": witness_name(1),
            "seed": seed.hex(),
            "public_key": witness_key.public_key().public_bytes_raw().hex(),
            "body": body.decode("ascii"),
            "timestamp": TIMESTAMP,
            "message": cosigned_message(Checkpoint.from_body(body), TIMESTAMP).hex(),
            "signature": witness_key.sign(
                cosigned_message(Checkpoint.from_body(body), TIMESTAMP)
            ).hex(),
        },
    }


def main() -> None:
    text = render(build())
    (HERE / NAME).write_text(text, encoding="utf-8")
    print(f"wrote {NAME} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
