"""Encrypting a ballot: K officials × L levels, 0/1 proofs, row proofs, credential signature.

For official i (0-based) and level j (0-based): C_ij = Enc_K(m_ij; r_ij), m_ij = 1 iff the
delegate chose level j for official i. Proofs:
  cell  π_ij: C_ij encrypts 0 or 1;  context H_"ballot/cell"(fp, X, i, j, …)
  row   ρ_i : Σ_j C_ij encrypts 0 or 1 (0 = blank row);  context H_"ballot/row"(fp, X, i, L, …)
  σ: Schnorr signature by the credential x of M = hash32("ballot/body", body).
The types and layouts are in ballot_types.py; verification is in ballot_verify.py.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from .ballot_types import (
    Ballot,
    BallotNonces,
    EncryptedCell,
    EncryptedRow,
    cell_context,
    check_shape,
    row_context,
)
from .credentials import Credential, sign
from .disjunctive import prove_one_of, prove_zero_or_one
from .elgamal import add_all, encrypt
from .errors import MalformedInput
from .group import Point, Rng, Scalar


def _check_choices(choices: Sequence[int | None], levels: int) -> None:
    check_shape(len(choices), levels, "choices")
    for i, choice in enumerate(choices):
        if choice is None:
            continue
        if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < levels:
            raise MalformedInput(
                f"choices: official {i}: {choice!r} is not None or a level in [0, {levels})"
            )


def encrypt_ballot(
    election_fingerprint: bytes,
    election_key: Point,
    credential: bytes | Scalar | Credential,
    choices: Sequence[int | None],
    levels: int,
    *,
    rng: Rng = secrets.token_bytes,
) -> tuple[Ballot, BallotNonces]:
    """Encrypt, prove and sign a ballot; return it with its nonces r_ij (Benaloh check).

    ``credential`` is the card token (16 bytes), the secret x, or a Credential.
    Randomness order: per official i, per level j: r_ij, then the cell proof's draws;
    then the row proof's draws; after all officials, the signature nonce.
    """
    _check_choices(choices, levels)
    if not isinstance(election_fingerprint, bytes):
        raise MalformedInput("election fingerprint: expected bytes")
    if election_key.is_identity():
        raise MalformedInput("election key is the identity")
    if isinstance(credential, bytes):
        cred = Credential.from_token(election_fingerprint, credential)
    elif isinstance(credential, Scalar):
        cred = Credential.from_secret(credential)
    else:
        cred = credential
    fp, x_pub = election_fingerprint, cred.public
    rows: list[EncryptedRow] = []
    nonces: list[tuple[Scalar, ...]] = []
    for i, choice in enumerate(choices):
        cells: list[EncryptedCell] = []
        row_nonces: list[Scalar] = []
        for j in range(levels):
            m = 1 if choice == j else 0
            r = Scalar.random(rng=rng)
            ct = encrypt(m, election_key, r)
            proof = prove_zero_or_one(
                ct, m, r, election_key, cell_context(fp, x_pub, i, j), rng=rng
            )
            cells.append(EncryptedCell(ct, proof))
            row_nonces.append(r)
        total_r = row_nonces[0]
        for r in row_nonces[1:]:
            total_r = total_r + r
        row_ct = add_all(cell.ciphertext for cell in cells)
        row_proof = prove_one_of(
            row_ct,
            0 if choice is None else 1,
            total_r,
            election_key,
            1,
            row_context(fp, x_pub, i, levels),
            rng=rng,
        )
        rows.append(EncryptedRow(tuple(cells), row_proof))
        nonces.append(tuple(row_nonces))
    unsigned = Ballot.unsigned(fp, x_pub, levels, tuple(rows))
    signature = sign(fp, cred, unsigned.message_hash(), rng=rng)
    return unsigned.with_signature(signature), BallotNonces(tuple(nonces))
