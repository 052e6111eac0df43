"""Verifying a ballot (docs/PROTOCOL.md §7): receiving it, checking it, the Benaloh check, and
the tally's sums of verified ballots.

``verify_ballot`` has two modes, chosen by its caller's argument, which give the same verdict
and raise the same error (tests/crypto/test_ballot_modes.py):
  "fast"       the default: the private batch (crypto._batch) computes the products on the
               X25519 ladder, which checks α and β on the way, and the sums on coordinates;
  "reference"  libsodium alone: every α and β checked by crypto_core_ed25519_is_valid_point,
               then every product and every sum one libsodium call, as the spec reads.
A ballot received from outside is parsed by ``ReceivedBallot.from_dict`` (its points not yet
checked: the fast mode's multiplications check them) and becomes a Ballot only through
``verify_ballot``, which returns it with every point checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, final

from ._batch import Batch
from .ballot_types import (
    Ballot,
    BallotNonces,
    EncryptedCell,
    EncryptedRow,
    _ballot_from_dict,  # package-private: the pending parse is for ReceivedBallot only
    cell_context,
    check_shape,
    row_context,
)
from .codec import expect_mapping
from .credentials import verify_signature
from .disjunctive import (
    DisjunctiveProof,
    branch_commitments,
    branch_products,
    verify_one_of,
    verify_zero_or_one,
)
from .elgamal import Ciphertext, add_all
from .errors import DecryptionError, InvalidPoint, MalformedInput
from .group import BASE, IDENTITY, Point, Scalar, _point

Mode = Literal["fast", "reference"]
MODES: Final[tuple[Mode, ...]] = ("fast", "reference")


@final
class ReceivedBallot:
    """A ballot as received: parsed (shape, hex, canonical scalars, no identity point), its
    points X, α, β not yet checked. ``verify_ballot`` turns it into a checked Ballot; nothing
    else reads its points."""

    __slots__ = ("_ballot",)
    _ballot: Ballot

    def __init__(self, ballot: Ballot) -> None:
        self._ballot = ballot

    @classmethod
    def from_dict(cls, data: object) -> ReceivedBallot:
        """Parse a ballot's JSON form; MalformedInput (or InvalidScalar) names the fault."""
        return cls(_ballot_from_dict(data, pending=True))

    @property
    def credential_hex(self) -> str:
        """The credential X as sent (lowercase hex), to find its card before verifying."""
        return self._ballot.credential.hex()

    def tracking_code(self) -> str:
        """T in lowercase hex (it depends on the bytes only)."""
        return self._ballot.tracking_code()


def verify_ballot(
    ballot: Ballot | ReceivedBallot,
    election_fingerprint: bytes,
    election_key: Point,
    *,
    officials: int,
    levels: int,
    mode: Mode = "fast",
) -> Ballot:
    """Check shape, election, signature, every point, every 0/1 proof and every row proof, in
    the order of PROTOCOL §7, raising at the first failure; return the ballot with every point
    checked. ``mode`` picks the computation (see the module docstring), never the verdict.

    Cost: 1 + (L + 1)·K·2 base mults and 1 + (L + 1)·K·6 other mults. The signature's
    product is libsodium's (it validates X) in both modes.
    """
    if mode not in MODES:
        raise ValueError(f"verify_ballot: mode {mode!r} is not one of {MODES}")
    unchecked = ballot._ballot if isinstance(ballot, ReceivedBallot) else ballot
    what = f"ballot {unchecked.tracking_code()[:12]}…"
    check_shape(officials, levels, "election")
    if unchecked.election != election_fingerprint:
        raise MalformedInput(f"{what}: made for another election ({unchecked.election[:8].hex()}…)")
    if unchecked.levels != levels or len(unchecked.rows) != officials:
        raise MalformedInput(
            f"{what}: shape {len(unchecked.rows)}×{unchecked.levels}, expected {officials}×{levels}"
        )
    verify_signature(
        election_fingerprint,
        unchecked.credential,
        unchecked.message_hash(),
        unchecked.signature,
        what=what,
    )
    _check_rows(unchecked, levels, what)
    if mode == "fast":
        totals, commitments = _fast(unchecked, election_key, what)
    else:
        _name_invalid_point(unchecked, what)  # every α and β, in order, by libsodium
        totals = [add_all(cell.ciphertext for cell in row.cells) for row in unchecked.rows]
        commitments = None
    for i, (row, total) in enumerate(zip(unchecked.rows, totals, strict=True)):
        for j, cell in enumerate(row.cells):
            verify_zero_or_one(
                cell.ciphertext,
                cell.proof,
                election_key,
                cell_context(election_fingerprint, unchecked.credential, i, j),
                what=f"{what}: official {i} level {j}: 0/1 proof",
                commitments=None if commitments is None else next(commitments),
            )
        verify_one_of(
            total,
            row.proof,
            election_key,
            1,
            row_context(election_fingerprint, unchecked.credential, i, levels),
            what=f"{what}: official {i}: row proof",
            commitments=None if commitments is None else next(commitments),
        )
    return _checked(unchecked)


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


def _fast(ballot: Ballot, key: Point, what: str) -> tuple[list[Ciphertext], Iterator[list[Point]]]:
    """The row totals and every proof's commitments (per official: the L cell proofs, then the
    row proof), from one batch: its products check every α and β (and K) on the way."""
    batch = Batch()
    try:
        totals, proofs, requests = _requests(ballot, key, batch)
        products = batch.multiply(requests)
    except InvalidPoint:
        _name_invalid_point(ballot, what)
        raise
    commitments = branch_commitments(
        [(proof, products[6 * k : 6 * k + 6]) for k, proof in enumerate(proofs)],
        combine=batch.combine,
    )
    return totals, iter(commitments)


def _requests(
    ballot: Ballot, key: Point, batch: Batch
) -> tuple[list[Ciphertext], list[DisjunctiveProof], list[tuple[Scalar, Point]]]:
    """The row totals (Σα, Σβ), every proof in verification order and the six branch products
    of each, in the same order. The sums β − B, Σα, Σβ and Σβ − B are computed in one batch."""
    sums = iter(
        batch.combine(
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
    """Raise InvalidPoint naming the first invalid α or β by official and level (libsodium's
    check of each; the fast mode's batch that found one cannot say which)."""
    for i, row in enumerate(ballot.rows):
        for j, cell in enumerate(row.cells):
            for point in (cell.ciphertext.alpha, cell.ciphertext.beta):
                point.validate(what=f"{what}: official {i} level {j}: point")


def _checked(ballot: Ballot) -> Ballot:
    """The verified ballot with every point a checked Point: X was checked by the signature's
    libsodium product, every α and β by the proofs' products (fast) or by libsodium (reference)."""
    if all(point.checked for point in ballot.points()):
        return ballot

    def point(p: Point) -> Point:
        return p if p.checked else _point(p.encode(), checked=True)

    rows = tuple(
        EncryptedRow(
            tuple(
                EncryptedCell(
                    Ciphertext(point(cell.ciphertext.alpha), point(cell.ciphertext.beta)),
                    cell.proof,
                )
                for cell in row.cells
            ),
            row.proof,
        )
        for row in ballot.rows
    )
    return replace(ballot, credential=point(ballot.credential), rows=rows)


def tally_cells(
    ballots: Sequence[Mapping[str, Any]], *, officials: int, levels: int
) -> list[list[Ciphertext]]:
    """Σ over the ballots of C_ij for each official i and level j, from the JSON forms of
    ballots that verify_ballot accepted (every term was checked then, so only the K·L sums are
    checked here). The sums are computed in one batch on coordinates; (O, O) for no ballots."""
    terms: list[list[tuple[int, Point]]] = []
    for i in range(officials):
        for j in range(levels):
            cells = [_stored_cell(body, i, j) for body in ballots]
            terms += [[(1, c.alpha) for c in cells], [(1, c.beta) for c in cells]]
    sums = iter(Batch().combine(terms))
    return [
        [
            Ciphertext(_checked_sum(next(sums), i, j), _checked_sum(next(sums), i, j))
            for j in range(levels)
        ]
        for i in range(officials)
    ]


def _stored_cell(body: Mapping[str, Any], i: int, j: int) -> Ciphertext:
    what = f"stored ballot: official {i} level {j}"
    try:
        cell = body["rows"][i]["cells"][j]
    except (KeyError, IndexError, TypeError):
        raise MalformedInput(f"{what}: missing") from None
    data = expect_mapping(cell, what)
    return Ciphertext.from_dict(
        {"alpha": data.get("alpha"), "beta": data.get("beta")},
        allow_identity=False,
        deferred=True,  # checked when the ballot was verified; the sums are checked below
        what=what,
    )


def _checked_sum(total: Point, i: int, j: int) -> Point:
    return Point.decode(total.encode(), allow_identity=True, what=f"tally: official {i} level {j}")


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
