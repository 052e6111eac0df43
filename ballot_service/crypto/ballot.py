"""The encrypted ballot: K officials × L levels, 0/1 proofs, row proofs, credential signature.

For official i (0-based) and level j (0-based): C_ij = Enc_K(m_ij; r_ij), m_ij = 1 iff the
delegate chose level j for official i. Proofs:
  cell  π_ij: C_ij encrypts 0 or 1;  context H_"ballot/cell"(fp, X, i, j, …)
  row   ρ_i : Σ_j C_ij encrypts 0 or 1 (0 = blank row);  context H_"ballot/row"(fp, X, i, L, …)
  σ: Schnorr signature by the credential x of M = hash32("ballot/body", body).
Tracking code T = hash32("ballot/tracking-code", body ‖ e ‖ s). Layouts are in ballot_codec.py.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from .ballot_codec import Ballot, BallotNonces, EncryptedCell, EncryptedRow, check_shape
from .credentials import Credential, sign, verify_signature
from .disjunctive import (
    DisjunctiveProof,
    branch_commitments,
    branch_products,
    prove_one_of,
    prove_zero_or_one,
    verify_one_of,
    verify_zero_or_one,
)
from .elgamal import Ciphertext, add_all, encrypt
from .errors import DecryptionError, InvalidPoint, MalformedInput
from .group import BASE, IDENTITY, Point, Rng, Scalar, combine_public, multiply_public
from .proofs import ProofContext

CELL_TAG = "ballot/cell"
ROW_TAG = "ballot/row"


def cell_context(fp: bytes, credential: Point, official: int, level: int) -> ProofContext:
    """Fiat–Shamir context of the 0/1 proof of cell (i, j): fp, X, i, j."""
    return ProofContext(CELL_TAG, (fp, credential, official, level))


def row_context(fp: bytes, credential: Point, official: int, levels: int) -> ProofContext:
    """Fiat–Shamir context of the row proof of official i: fp, X, i, L."""
    return ProofContext(ROW_TAG, (fp, credential, official, levels))


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


def verify_ballot(
    ballot: Ballot,
    election_fingerprint: bytes,
    election_key: Point,
    *,
    officials: int,
    levels: int,
) -> None:
    """Check shape, election, signature, every 0/1 proof, every row proof and every point.

    Cost: 1 + (L + 1)·K·2 base mults and 1 + (L + 1)·K·6 other mults. The signature's
    product is libsodium's (it validates X); every other product takes two X25519 ladders
    (group.multiply_public), which validate α, β and the sums derived from them on the way.
    The commitments b_j and the sums β − B, Σα, Σβ are computed on coordinates in batches;
    a final sweep validates any point that no multiplication touched.
    """
    what = f"ballot {ballot.tracking_code()[:12]}…"
    check_shape(officials, levels, "election")
    if ballot.election != election_fingerprint:
        raise MalformedInput(f"{what}: made for another election ({ballot.election[:8].hex()}…)")
    if ballot.levels != levels or len(ballot.rows) != officials:
        raise MalformedInput(
            f"{what}: shape {len(ballot.rows)}×{ballot.levels}, expected {officials}×{levels}"
        )
    x_pub = ballot.credential
    verify_signature(
        election_fingerprint, x_pub, ballot.message_hash(), ballot.signature, what=what
    )
    _check_rows(ballot, levels, what)
    try:
        row_totals, proofs, requests = _requests(ballot, election_key)
        products = multiply_public(requests)  # validates every α and β on the way
    except InvalidPoint:
        _name_invalid_point(ballot, what)
        raise
    done = iter(
        branch_commitments([(proof, products[6 * k : 6 * k + 6]) for k, proof in enumerate(proofs)])
    )
    for i, (row, total) in enumerate(zip(ballot.rows, row_totals, strict=True)):
        for j, cell in enumerate(row.cells):
            verify_zero_or_one(
                cell.ciphertext,
                cell.proof,
                election_key,
                cell_context(election_fingerprint, x_pub, i, j),
                what=f"{what}: official {i} level {j}: 0/1 proof",
                commitments=next(done),
            )
        verify_one_of(
            total,
            row.proof,
            election_key,
            1,
            row_context(election_fingerprint, x_pub, i, levels),
            what=f"{what}: official {i}: row proof",
            commitments=next(done),
        )
    for point in ballot.points():
        point.validate(what=f"{what}: point")


def _check_rows(ballot: Ballot, levels: int, what: str) -> None:
    """L cells per row; every cell and row proof has the two branches of a 0/1 proof."""
    for i, row in enumerate(ballot.rows):
        if len(row.cells) != levels:
            raise MalformedInput(f"{what}: official {i}: {len(row.cells)} levels, want {levels}")
        for proof in (*(cell.proof for cell in row.cells), row.proof):
            if len(proof.challenges) != 2 or len(proof.responses) != 2:
                raise MalformedInput(
                    f"{what}: official {i}: a proof with "
                    f"{len(proof.challenges)} branches, expected 2"
                )


def _requests(
    ballot: Ballot,
    key: Point,
) -> tuple[list[Ciphertext], list[DisjunctiveProof], list[tuple[Scalar, Point]]]:
    """The row totals (Σα, Σβ), every proof in verification order (per official: the L cell
    proofs, then the row proof) and the six branch products of each, in the same order. The
    sums β − B, Σα, Σβ and Σβ − B are computed on coordinates in one batch (combine_public)."""
    sums = iter(
        combine_public(
            [
                terms
                for row in ballot.rows
                for terms in (
                    *([(1, cell.ciphertext.beta), (-1, BASE)] for cell in row.cells),
                    [(1, cell.ciphertext.alpha) for cell in row.cells],
                    [(1, cell.ciphertext.beta) for cell in row.cells],
                    [*((1, cell.ciphertext.beta) for cell in row.cells), (-1, BASE)],
                )
            ]
        )
    )
    totals: list[Ciphertext] = []
    proofs: list[DisjunctiveProof] = []
    requests: list[tuple[Scalar, Point]] = []
    for row in ballot.rows:
        for cell in row.cells:
            proofs.append(cell.proof)
            requests += branch_products(cell.ciphertext, cell.proof, key, 1, shifted=[next(sums)])
        total = Ciphertext(next(sums), next(sums))
        totals.append(total)
        proofs.append(row.proof)
        requests += branch_products(total, row.proof, key, 1, shifted=[next(sums)])
    return totals, proofs, requests


def _name_invalid_point(ballot: Ballot, what: str) -> None:
    """Raise InvalidPoint naming the first invalid α or β by official and level (the batch
    that found it cannot say which)."""
    for i, row in enumerate(ballot.rows):
        for j, cell in enumerate(row.cells):
            for point in (cell.ciphertext.alpha, cell.ciphertext.beta):
                point.validate(what=f"{what}: official {i} level {j}: point")


@dataclass(frozen=True, slots=True)
class OpenedBallot:
    """The result of the Benaloh check: the choices the ballot encrypts."""

    choices: tuple[int | None, ...]


def open_ballot(ballot: Ballot, nonces: BallotNonces, election_key: Point) -> OpenedBallot:
    """Decrypt a ballot with its nonces: check α_ij = r_ij·B, read m_ij from β_ij − r_ij·K."""
    what = f"ballot {ballot.tracking_code()[:12]}…"
    if len(nonces.nonces) != len(ballot.rows):
        raise MalformedInput(
            f"{what}: {len(nonces.nonces)} nonce rows for {len(ballot.rows)} officials"
        )
    choices: list[int | None] = []
    for i, (row, row_nonces) in enumerate(zip(ballot.rows, nonces.nonces, strict=True)):
        if len(row_nonces) != len(row.cells):
            raise MalformedInput(f"{what}: official {i}: wrong number of nonces")
        marked = [
            j
            for j, (cell, r) in enumerate(zip(row.cells, row_nonces, strict=True))
            if _open_cell(cell.ciphertext, r, election_key, f"{what}: official {i} level {j}")
        ]
        if len(marked) > 1:
            raise DecryptionError(f"{what}: official {i}: levels {marked} are all marked")
        choices.append(marked[0] if marked else None)
    return OpenedBallot(tuple(choices))


def _open_cell(ct: Ciphertext, r: Scalar, key: Point, what: str) -> bool:
    if ct.alpha != r * BASE:
        raise DecryptionError(f"{what}: nonce does not match α")
    plain = ct.beta - r * key
    if plain == IDENTITY:
        return False
    if plain == BASE:
        return True
    raise DecryptionError(f"{what}: encrypts neither 0 nor 1")
