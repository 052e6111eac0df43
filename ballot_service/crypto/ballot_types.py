"""The ballot's types: cells, rows, the ballot and its nonces, with their canonical bytes,
JSON-able dict forms, proof contexts and tracking codes (docs/PROTOCOL.md §7). Encryption is in
ballot_encrypt.py, verification in ballot_verify.py.

body = u8 version ‖ u32 len(fp) ‖ fp ‖ X ‖ u16 K ‖ u8 L
       ‖ for i < K: ( for j < L: α_ij ‖ β_ij ‖ π_ij.c0 ‖ π_ij.c1 ‖ π_ij.v0 ‖ π_ij.v1 )
                    ‖ ρ_i.c0 ‖ ρ_i.c1 ‖ ρ_i.v0 ‖ ρ_i.v1
(integers big-endian, points and scalars 32 bytes). Full encoding = body ‖ e ‖ s.
M = hash32("ballot/body", body); T = hash32("ballot/tracking-code", body ‖ e ‖ s);
short code = Crockford base32 of T[0:10], in four groups of four characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from .codec import (
    FORMAT_VERSION,
    bytes_field,
    expect_keys,
    expect_mapping,
    expect_version,
    int_field,
    list_field,
    point_field,
    scalar_list,
)
from .disjunctive import DisjunctiveProof
from .elgamal import Ciphertext
from .errors import MalformedInput
from .group import ZERO, Point, Scalar
from .hashing import hash32
from .proofs import ProofContext, SchnorrProof

MIN_LEVELS, MAX_LEVELS = 2, 8
MAX_OFFICIALS = 1000
MAX_FINGERPRINT = 1024
BODY_TAG = "ballot/body"
CELL_TAG = "ballot/cell"
ROW_TAG = "ballot/row"
TRACKING_TAG = "ballot/tracking-code"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def check_shape(officials: int, levels: int, what: str) -> None:
    """1 ≤ K ≤ MAX_OFFICIALS and MIN_LEVELS ≤ L ≤ MAX_LEVELS."""
    for name, value, lo, hi in (
        ("officials", officials, 1, MAX_OFFICIALS),
        ("levels", levels, MIN_LEVELS, MAX_LEVELS),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise MalformedInput(f"{what}: {name} = {value!r} outside [{lo}, {hi}]")


def cell_context(fp: bytes, credential: Point, official: int, level: int) -> ProofContext:
    """Fiat–Shamir context of the 0/1 proof of cell (i, j): fp, X, i, j."""
    return ProofContext(CELL_TAG, (fp, credential, official, level))


def row_context(fp: bytes, credential: Point, official: int, levels: int) -> ProofContext:
    """Fiat–Shamir context of the row proof of official i: fp, X, i, L."""
    return ProofContext(ROW_TAG, (fp, credential, official, levels))


@dataclass(frozen=True, slots=True)
class EncryptedCell:
    """C_ij with its 0/1 proof π_ij."""

    ciphertext: Ciphertext
    proof: DisjunctiveProof


@dataclass(frozen=True, slots=True)
class EncryptedRow:
    """One official's L cells and the row proof ρ_i (Σ_j C_ij encrypts 0 or 1)."""

    cells: tuple[EncryptedCell, ...]
    proof: DisjunctiveProof


_UNSIGNED = SchnorrProof(ZERO, ZERO)


@dataclass(frozen=True, slots=True)
class Ballot:
    """An encrypted, signed ballot (see the module docstring for its encodings)."""

    election: bytes
    credential: Point
    levels: int
    rows: tuple[EncryptedRow, ...]
    signature: SchnorrProof
    version: int = FORMAT_VERSION

    @classmethod
    def unsigned(
        cls, election: bytes, credential: Point, levels: int, rows: tuple[EncryptedRow, ...]
    ) -> Ballot:
        """A ballot whose signature is still to be made (its body is final)."""
        return cls(election, credential, levels, rows, _UNSIGNED)

    def with_signature(self, signature: SchnorrProof) -> Ballot:
        """The same body with σ."""
        return replace(self, signature=signature)

    def body(self) -> bytes:
        """The canonical body bytes (everything but σ)."""
        if len(self.election) > MAX_FINGERPRINT:
            raise MalformedInput(f"ballot: election fingerprint of {len(self.election)} bytes")
        parts = [
            self.version.to_bytes(1, "big"),
            len(self.election).to_bytes(4, "big"),
            self.election,
            self.credential.encode(),
            len(self.rows).to_bytes(2, "big"),
            self.levels.to_bytes(1, "big"),
        ]
        for row in self.rows:
            for cell in row.cells:
                parts += [cell.ciphertext.encode(), cell.proof.encode()]
            parts.append(row.proof.encode())
        return b"".join(parts)

    def encode(self) -> bytes:
        """body ‖ e ‖ s."""
        return self.body() + self.signature.challenge.encode() + self.signature.response.encode()

    def message_hash(self) -> bytes:
        """M = hash32("ballot/body", body), the message the credential signs."""
        return hash32(BODY_TAG, self.body())

    def tracking_hash(self) -> bytes:
        """T = hash32("ballot/tracking-code", body ‖ e ‖ s)."""
        return hash32(TRACKING_TAG, self.encode())

    def tracking_code(self) -> str:
        """T in lowercase hex (64 characters)."""
        return self.tracking_hash().hex()

    def short_code(self) -> str:
        """Crockford base32 of T[0:10] as XXXX-XXXX-XXXX-XXXX (80 bits)."""
        return short_code(self.tracking_hash())

    def points(self) -> Iterator[Point]:
        """X and every α_ij, β_ij."""
        yield self.credential
        for row in self.rows:
            for cell in row.cells:
                yield cell.ciphertext.alpha
                yield cell.ciphertext.beta

    def to_dict(self) -> dict[str, object]:
        """The JSON-able form (hex strings; see docs/PROTOCOL.md)."""
        return {
            "version": self.version,
            "election": self.election.hex(),
            "credential": self.credential.hex(),
            "levels": self.levels,
            "rows": [
                {
                    "cells": [
                        {**cell.ciphertext.to_dict(), "proof": cell.proof.to_dict()}
                        for cell in row.cells
                    ],
                    "proof": row.proof.to_dict(),
                }
                for row in self.rows
            ],
            "signature": self.signature.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: object) -> Ballot:
        """Parse and validate every field and point (a ballot received for verification is
        parsed by ballot_verify.ReceivedBallot instead, whose points its verification checks)."""
        return _ballot_from_dict(data, pending=False)


def _ballot_from_dict(data: object, *, pending: bool) -> Ballot:
    """Parse a ballot; with ``pending`` its points X, α, β are left unchecked (Point.decode_
    deferred): for ballot_verify.ReceivedBallot only, whose verify_ballot checks them."""
    what = "ballot"
    d = expect_mapping(data, what)
    expect_keys(d, {"version", "election", "credential", "levels", "rows", "signature"}, what)
    expect_version(d, what)
    election = bytes_field(d, "election", what, None)
    if len(election) > MAX_FINGERPRINT:
        raise MalformedInput(f"{what}: election fingerprint of {len(election)} bytes")
    credential = point_field(d, "credential", what, deferred=pending)
    levels = int_field(d, "levels", what, lo=MIN_LEVELS, hi=MAX_LEVELS)
    raw_rows = list_field(d, "rows", what, lo=1, hi=MAX_OFFICIALS)
    rows = tuple(
        _row_from_dict(r, levels, pending, f"{what}: official {i}") for i, r in enumerate(raw_rows)
    )
    signature = SchnorrProof.from_dict(
        expect_mapping(d["signature"], f"{what}: signature"), what=f"{what}: signature"
    )
    return Ballot(election, credential, levels, rows, signature)


def _row_from_dict(data: object, levels: int, pending: bool, what: str) -> EncryptedRow:
    d = expect_mapping(data, what)
    expect_keys(d, {"cells", "proof"}, what)
    cells = []
    for j, raw in enumerate(list_field(d, "cells", what, length=levels)):
        cw = f"{what} level {j}"
        c = expect_mapping(raw, cw)
        expect_keys(c, {"alpha", "beta", "proof"}, cw)
        ct = Ciphertext(
            point_field(c, "alpha", cw, deferred=pending),
            point_field(c, "beta", cw, deferred=pending),
        )
        proof = DisjunctiveProof.from_dict(
            expect_mapping(c["proof"], f"{cw}: proof"), bound=1, what=f"{cw}: proof"
        )
        cells.append(EncryptedCell(ct, proof))
    row_proof = DisjunctiveProof.from_dict(
        expect_mapping(d["proof"], f"{what}: row proof"), bound=1, what=f"{what}: row proof"
    )
    return EncryptedRow(tuple(cells), row_proof)


def short_code(digest: bytes) -> str:
    """Crockford base32 (0-9, A-Z without I L O U) of digest[0:10], grouped 4-4-4-4."""
    if len(digest) < 10:
        raise MalformedInput("short code: need at least 10 bytes")
    n = int.from_bytes(digest[:10], "big")
    chars = "".join(_CROCKFORD[(n >> (5 * (15 - k))) & 31] for k in range(16))
    return "-".join(chars[k : k + 4] for k in range(0, 16, 4))


# Crockford base32 reads I and L as 1 and O as 0, so a misread receipt still finds its ballot.
_CROCKFORD_READ = str.maketrans("ILO", "110")


def short_code_prefix(text: str) -> bytes:
    """The 10 bytes T[0:10] a short code names (dashes, spaces and case ignored)."""
    compact = "".join(text.split()).replace("-", "").upper().translate(_CROCKFORD_READ)
    if len(compact) != 16 or any(ch not in _CROCKFORD for ch in compact):
        raise MalformedInput(f"short code: {text[:40]!r} is not 16 Crockford base32 characters")
    n = 0
    for ch in compact:
        n = n << 5 | _CROCKFORD.index(ch)
    return n.to_bytes(10, "big")


@dataclass(frozen=True, slots=True)
class BallotNonces:
    """The encryption nonces r_ij of a ballot, revealed only for the Benaloh check."""

    nonces: tuple[tuple[Scalar, ...], ...]

    def to_dict(self) -> dict[str, object]:
        """{"version": 1, "nonces": [[hex…L]…K]}."""
        return {
            "version": FORMAT_VERSION,
            "nonces": [[r.hex() for r in row] for row in self.nonces],
        }

    @classmethod
    def from_dict(cls, data: object) -> BallotNonces:
        """Parse the nonces of a ballot (canonical scalars)."""
        what = "ballot nonces"
        d = expect_mapping(data, what)
        expect_keys(d, {"version", "nonces"}, what)
        expect_version(d, what)
        rows = list_field(d, "nonces", what, lo=1, hi=MAX_OFFICIALS)
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, list) or not MIN_LEVELS <= len(row) <= MAX_LEVELS:
                raise MalformedInput(
                    f"{what}: official {i}: expected a list of {MIN_LEVELS}..{MAX_LEVELS} scalars"
                )
            out.append(scalar_list(row, f"{what}: official {i}"))
        return cls(tuple(out))
