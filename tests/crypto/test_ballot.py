"""Ballots: encrypt/verify/open, canonical forms, every-field mutation, Fiat–Shamir binding.
(tests/crypto/test_ballot_modes.py checks that the fast and reference modes agree.)"""

from __future__ import annotations

import copy
import dataclasses
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.ballot_types import (
    Ballot,
    BallotNonces,
    EncryptedCell,
    EncryptedRow,
    _ballot_from_dict,
    cell_context,
    row_context,
    short_code,
    short_code_prefix,
)
from ballot_service.crypto.ballot_verify import (
    ReceivedBallot,
    open_ballot,
    tally_cells,
    verify_ballot,
)
from ballot_service.crypto.credentials import Credential, sign
from ballot_service.crypto.disjunctive import (
    DisjunctiveProof,
    prove_one_of,
    prove_zero_or_one,
    verify_one_of,
    verify_zero_or_one,
)
from ballot_service.crypto.elgamal import Ciphertext, KeyPair, add_all, encrypt
from ballot_service.crypto.errors import (
    DecryptionError,
    InvalidPoint,
    InvalidProof,
    InvalidSignature,
    MalformedInput,
    VerificationError,
)
from ballot_service.crypto.group import BASE, ORDER, Point, Scalar
from ballot_service.crypto.proofs import ProofContext

from .conftest import FP

TOKEN = bytes(range(16))


@pytest.fixture(scope="module")
def small(election: KeyPair) -> tuple[Ballot, BallotNonces]:
    return encrypt_ballot(FP, election.public, TOKEN, [2, None], 3)


def _verify(
    ballot: Ballot | ReceivedBallot, key: KeyPair, officials: int = 2, levels: int = 3
) -> None:
    verify_ballot(ballot, FP, key.public, officials=officials, levels=levels)


def _parse(data: object, *, received: bool) -> Ballot | ReceivedBallot:
    """As the service and the verifier receive a ballot (points checked by verify_ballot), or
    fully checked while parsing."""
    return ReceivedBallot.from_dict(data) if received else Ballot.from_dict(data)


def _resigned(data: dict[str, Any]) -> dict[str, Any]:
    """The ballot's JSON with its body signed again by TOKEN's credential, so that only a later
    check can refuse a mutation (the body is parsed without checking its points)."""
    unchecked = _ballot_from_dict(data, pending=True)
    signature = sign(FP, Credential.from_token(FP, TOKEN), unchecked.message_hash())
    return {**data, "signature": signature.to_dict()}


@given(
    st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=2)), min_size=1, max_size=3)
)
def test_encrypt_verify_open(choices: list[int | None]) -> None:
    kp = KeyPair.generate()
    ballot, nonces = encrypt_ballot(FP, kp.public, TOKEN, choices, 3)
    verify_ballot(ballot, FP, kp.public, officials=len(choices), levels=3)
    assert list(open_ballot(ballot, nonces, kp.public).choices) == choices
    again = Ballot.from_dict(json.loads(json.dumps(ballot.to_dict())))
    assert again == ballot and again.encode() == ballot.encode()
    received = ReceivedBallot.from_dict(ballot.to_dict())
    assert received.tracking_code() == ballot.tracking_code()
    assert received.credential_hex == ballot.credential.hex()
    for mode in ("fast", "reference"):
        checked = verify_ballot(
            received, FP, kp.public, officials=len(choices), levels=3, mode=mode
        )
        assert checked == ballot and all(p.checked for p in checked.points())
    assert BallotNonces.from_dict(nonces.to_dict()) == nonces


def test_vote_with_two_levels(election: KeyPair) -> None:
    ballot, nonces = encrypt_ballot(FP, election.public, TOKEN, [1, 0, None], 2)
    verify_ballot(ballot, FP, election.public, officials=3, levels=2)
    assert open_ballot(ballot, nonces, election.public).choices == (1, 0, None)


def test_bad_choices_rejected(election: KeyPair) -> None:
    for choices in ([3], [-1], [True], ["1"]):
        with pytest.raises(MalformedInput, match="official 0"):
            encrypt_ballot(FP, election.public, TOKEN, choices, 3)  # type: ignore[arg-type]
    with pytest.raises(MalformedInput, match="levels"):
        encrypt_ballot(FP, election.public, TOKEN, [0], 1)


def test_tracking_codes(small: tuple[Ballot, BallotNonces]) -> None:
    ballot, _ = small
    assert len(ballot.tracking_code()) == 64
    code = ballot.short_code()
    assert len(code) == 19 and code.count("-") == 3
    assert not set(code.replace("-", "")) & set("ILOU")
    assert short_code(bytes(10)) == "0000-0000-0000-0000"
    assert short_code(b"\xff" * 10) == "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    assert ballot.message_hash() != ballot.tracking_hash()


def _hex_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _hex_paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _hex_paths(v, (*path, i))
    elif isinstance(node, str):
        yield path


def _set(d: Any, path: tuple[Any, ...], value: Any) -> None:
    for k in path[:-1]:
        d = d[k]
    d[path[-1]] = value


def _get(d: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        d = d[k]
    return d


@pytest.mark.parametrize("position", ["first", "last"])
@pytest.mark.parametrize("received", [False, True])
def test_every_hex_field_mutation_is_caught(
    small: tuple[Ballot, BallotNonces], election: KeyPair, position: str, received: bool
) -> None:
    ballot, _ = small
    original = ballot.to_dict()
    paths = list(_hex_paths(original))
    assert len(paths) == 2 + 2 * 3 * 6 + 2 * 4 + 2
    for path in paths:
        raw = bytearray(bytes.fromhex(_get(original, path)))
        raw[0 if position == "first" else -1] ^= 0x01 if position == "first" else 0x80
        mutated = copy.deepcopy(original)
        _set(mutated, path, raw.hex())
        with pytest.raises(VerificationError):
            _verify(_parse(mutated, received=received), election)


def test_structural_mutations(small: tuple[Ballot, BallotNonces], election: KeyPair) -> None:
    d = small[0].to_dict()
    for key, value in (
        ("version", 2),
        ("levels", 2),
        ("levels", True),
        ("rows", []),
        ("credential", "00" * 32),
    ):
        with pytest.raises(VerificationError):
            _verify(Ballot.from_dict({**d, key: value}), election)
    with pytest.raises(MalformedInput, match="unexpected fields"):
        Ballot.from_dict({**d, "extra": 1})
    with pytest.raises(MalformedInput, match="shape"):
        _verify(Ballot.from_dict({**d, "rows": d["rows"][:1]}), election)
    with pytest.raises(InvalidPoint, match="identity"):
        Ballot.from_dict({**d, "credential": "01" + "00" * 31})


def test_ballot_for_other_election_or_key(
    small: tuple[Ballot, BallotNonces], election: KeyPair
) -> None:
    ballot, _ = small
    with pytest.raises(MalformedInput, match="another election"):
        verify_ballot(ballot, FP + b"x", election.public, officials=2, levels=3)
    with pytest.raises(InvalidProof):
        verify_ballot(ballot, FP, KeyPair.generate().public, officials=2, levels=3)


def test_signature_binds_the_body(small: tuple[Ballot, BallotNonces], election: KeyPair) -> None:
    ballot, _ = small
    other, _ = encrypt_ballot(FP, election.public, TOKEN, [0, 1], 3)
    swapped = dataclasses.replace(other, signature=ballot.signature)
    with pytest.raises(InvalidSignature, match="signature: challenge mismatch"):
        _verify(swapped, election)


# --- weak Fiat–Shamir regressions: a valid proof moved anywhere else fails -------------------


def test_cell_proof_moved_to_other_context_fails(
    small: tuple[Ballot, BallotNonces], election: KeyPair
) -> None:
    ballot, _ = small
    cell = ballot.rows[0].cells[1]
    x_pub = ballot.credential
    k = election.public
    verify_zero_or_one(cell.ciphertext, cell.proof, k, cell_context(FP, x_pub, 0, 1), what="ok")
    other_x = Credential.from_token(FP, bytes(16)).public
    for ctx in (
        cell_context(FP, x_pub, 1, 1),
        cell_context(FP, x_pub, 0, 2),
        cell_context(FP + b"!", x_pub, 0, 1),
        cell_context(FP, other_x, 0, 1),
        row_context(FP, x_pub, 0, 1),
    ):
        with pytest.raises(InvalidProof):
            verify_zero_or_one(cell.ciphertext, cell.proof, k, ctx, what="moved")
    other_cell = ballot.rows[0].cells[2]
    with pytest.raises(InvalidProof):  # same context, other statement
        verify_zero_or_one(
            other_cell.ciphertext, cell.proof, k, cell_context(FP, x_pub, 0, 1), what="moved"
        )


def test_rows_swapped_between_officials_fail(
    small: tuple[Ballot, BallotNonces], election: KeyPair
) -> None:
    ballot, _ = small
    swapped = Ballot.unsigned(FP, ballot.credential, 3, (ballot.rows[1], ballot.rows[0]))
    cred = Credential.from_token(FP, TOKEN)
    resigned = swapped.with_signature(sign(FP, cred, swapped.message_hash()))
    with pytest.raises(InvalidProof, match="official 0 level 0"):
        _verify(resigned, election)


def test_proofs_moved_to_another_credential_fail(
    small: tuple[Ballot, BallotNonces], election: KeyPair
) -> None:
    ballot, _ = small
    thief = Credential.from_token(FP, bytes(16))
    stolen = Ballot.unsigned(FP, thief.public, 3, ballot.rows)
    stolen = stolen.with_signature(sign(FP, thief, stolen.message_hash()))
    with pytest.raises(InvalidProof, match="official 0 level 0: 0/1 proof"):
        _verify(stolen, election)


def test_row_with_two_marks_is_rejected(election: KeyPair) -> None:
    """Cells each 0/1 but summing to 2: only the row proof can catch it."""
    cred = Credential.from_token(FP, TOKEN)
    good, _ = encrypt_ballot(FP, election.public, cred, [0], 3)
    rs = [Scalar.random() for _ in range(3)]
    ms = [1, 1, 0]
    cells = []
    for j, (m, r) in enumerate(zip(ms, rs, strict=True)):
        ct = encrypt(m, election.public, r)
        cells.append(
            EncryptedCell(
                ct,
                prove_zero_or_one(ct, m, r, election.public, cell_context(FP, cred.public, 0, j)),
            )
        )
    row_ct = add_all(c.ciphertext for c in cells)
    fake = prove_one_of(
        row_ct, 1, rs[0] + rs[1] + rs[2], election.public, 1, row_context(FP, cred.public, 0, 3)
    )
    bad = Ballot.unsigned(FP, cred.public, 3, (EncryptedRow(tuple(cells), fake),))
    bad = bad.with_signature(sign(FP, cred, bad.message_hash()))
    with pytest.raises(InvalidProof, match="official 0: row proof"):
        verify_ballot(bad, FP, election.public, officials=1, levels=3)
    assert good.rows[0].proof != fake


def test_open_detects_wrong_nonces(small: tuple[Ballot, BallotNonces], election: KeyPair) -> None:
    ballot, nonces = small
    rows = [list(r) for r in nonces.nonces]
    rows[1][2] = rows[1][2] + Scalar(1)
    with pytest.raises(DecryptionError, match="official 1 level 2: nonce does not match"):
        open_ballot(ballot, BallotNonces(tuple(tuple(r) for r in rows)), election.public)


@settings(max_examples=8)
@given(st.data())
def test_random_byte_flip_in_any_field_is_caught(
    small: tuple[Ballot, BallotNonces], election: KeyPair, data: st.DataObject
) -> None:
    original = small[0].to_dict()
    path = data.draw(st.sampled_from(list(_hex_paths(original))))
    raw = bytearray(bytes.fromhex(_get(original, path)))
    raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    mutated = copy.deepcopy(original)
    _set(mutated, path, raw.hex())
    with pytest.raises(VerificationError):
        _verify(_parse(mutated, received=data.draw(st.booleans())), election)


@pytest.mark.parametrize("field", ["alpha", "beta"])
def test_invalid_points_in_ballot_rejected_even_when_received_unchecked(
    small: tuple[Ballot, BallotNonces], election: KeyPair, field: str
) -> None:
    invalid = json.loads((Path(__file__).parents[1] / "vectors" / "crypto_group.json").read_text())[
        "invalid"
    ]
    cell = small[0].to_dict()["rows"][1]["cells"][2]  # type: ignore[index]
    mixed = [
        (Point.from_hex(cell[field]) + Point.decode_deferred(bytes.fromhex(t))).hex()
        for t in invalid["small_order"]
    ]  # P + T for every torsion point T ≠ O
    for bad in (
        *mixed,
        *invalid["small_order"],
        *invalid["small_order_sign_bit"],
        *invalid["mixed_order"],
        *invalid["off_curve"],
        *invalid["non_canonical"],
        "01" + "00" * 31,
    ):
        d = small[0].to_dict()
        d["rows"][1]["cells"][2][field] = bad  # type: ignore[index]
        with pytest.raises(InvalidPoint):
            Ballot.from_dict(d)
        if bad == "01" + "00" * 31:
            continue  # the identity is refused while parsing, even unchecked
        # Re-sign so that the signature check passes and only the point check can fail.
        resigned = ReceivedBallot.from_dict(_resigned(d))
        for mode in ("fast", "reference"):
            with pytest.raises(InvalidPoint, match="official 1 level 2: point: "):
                verify_ballot(resigned, FP, election.public, officials=2, levels=3, mode=mode)


def test_short_code_reads_back_to_its_bytes():
    digest = bytes(range(40, 72))
    code = short_code(digest)
    assert short_code_prefix(code) == digest[:10]
    assert short_code_prefix(code.lower().replace("-", " ")) == digest[:10]
    misread = code.replace("1", "I").replace("0", "O")
    assert short_code_prefix(misread) == digest[:10]
    for bad in ("", "ABCD-EFGH", code + "X", code.replace(code[0], "U")):
        with pytest.raises(MalformedInput):
            short_code_prefix(bad)


def _ground_proof(
    ciphertext: Ciphertext,
    clean: Ciphertext,
    plaintext: int,
    nonce: Scalar,
    key: Point,
    context: ProofContext,
    order: int,
) -> DisjunctiveProof:
    """A 0/1 proof for ``ciphertext`` = ``clean`` + torsion of the given order, drawn again until
    both challenges are multiples of that order: then c_j·T = O, every product c_j·α equals
    c_j·α_clean, and the proof holds on the full curve — only the subgroup check can refuse
    it. (prove_one_of's construction, with the products taken on the clean points.)"""
    other = 1 - plaintext
    shifted = clean.beta - BASE if other else clean.beta
    while True:
        w, v_j = Scalar.random(), Scalar.random()
        c_j = Scalar(order * secrets.randbelow(ORDER // order))
        simulated = [v_j * BASE - c_j * clean.alpha, v_j * key - c_j * shifted]
        real = [w * BASE, w * key]
        commitments = real + simulated if plaintext == 0 else simulated + real
        c_m = context.challenge(1, BASE, key, ciphertext.alpha, ciphertext.beta, *commitments) - c_j
        if int(c_m) % order == 0:
            break
    branches = {plaintext: (c_m, w + c_m * nonce), other: (c_j, v_j)}
    return DisjunctiveProof((branches[0][0], branches[1][0]), (branches[0][1], branches[1][1]))


@pytest.mark.parametrize("field", ["alpha", "beta"])
def test_torsion_with_proofs_that_hold_on_the_full_curve_is_refused(
    small: tuple[Ballot, BallotNonces], election: KeyPair, field: str
) -> None:
    # The strongest form of the attack the subgroup check stops: official 1 (blank), level 0
    # carries T of order 8, and its 0/1 proof and row proof are ground so that every challenge
    # kills T. A verifier without the subgroup check would accept this ballot.
    ballot, nonces = small
    torsion = Point.decode_deferred(
        bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
    )
    assert (Scalar(4) * BASE + torsion).encode() != (Scalar(4) * BASE).encode()
    key, row = election.public, ballot.rows[1]
    clean = row.cells[0].ciphertext
    bad = (
        Ciphertext(clean.alpha + torsion, clean.beta)
        if field == "alpha"
        else Ciphertext(clean.alpha, clean.beta + torsion)
    )
    credential = Credential.from_token(FP, TOKEN)
    cell_proof = _ground_proof(
        bad, clean, 0, nonces.nonces[1][0], key, cell_context(FP, credential.public, 1, 0), 8
    )
    cells = (EncryptedCell(bad, cell_proof), *row.cells[1:])
    clean_total = add_all([cell.ciphertext for cell in row.cells])
    total = (
        Ciphertext(clean_total.alpha + torsion, clean_total.beta)
        if field == "alpha"
        else Ciphertext(clean_total.alpha, clean_total.beta + torsion)
    )
    row_nonce = nonces.nonces[1][0] + nonces.nonces[1][1] + nonces.nonces[1][2]
    row_proof = _ground_proof(
        total, clean_total, 0, row_nonce, key, row_context(FP, credential.public, 1, 3), 8
    )
    unsigned = Ballot.unsigned(
        FP, credential.public, 3, (ballot.rows[0], EncryptedRow(cells, row_proof))
    )
    forged = unsigned.with_signature(sign(FP, credential, unsigned.message_hash()))
    # Both proofs hold on the full curve: since 8 | c_j, the commitments made with the torsion
    # are those made without it, and the challenges (hashed over the torsion points) match.
    for ciphertext, clean_ct, proof, context in (
        (bad, clean, cell_proof, cell_context(FP, credential.public, 1, 0)),
        (total, clean_total, row_proof, row_context(FP, credential.public, 1, 3)),
    ):
        assert all(int(c) % 8 == 0 for c in proof.challenges)
        full_curve = []
        for j, (c_j, v_j) in enumerate(zip(proof.challenges, proof.responses, strict=True)):
            shifted = clean_ct.beta - BASE if j else clean_ct.beta
            full_curve += [v_j * BASE - c_j * clean_ct.alpha, v_j * key - c_j * shifted]
        verify_one_of(ciphertext, proof, key, 1, context, what="full curve", commitments=full_curve)
    parsed = ReceivedBallot.from_dict(forged.to_dict())
    for mode in ("fast", "reference"):
        with pytest.raises(InvalidPoint, match=r"official 1 level 0: point: .* not in the prime"):
            verify_ballot(parsed, FP, election.public, officials=2, levels=3, mode=mode)


def test_tally_cells_are_the_checked_sums_of_the_verified_ballots(election: KeyPair) -> None:
    ballots = [
        encrypt_ballot(FP, election.public, bytes([k]) * 16, [k % 3, None], 3)[0] for k in range(3)
    ]
    sums = tally_cells([b.to_dict() for b in ballots], officials=2, levels=3)
    for i in range(2):
        for j in range(3):
            expected = add_all(b.rows[i].cells[j].ciphertext for b in ballots)
            assert sums[i][j] == expected
            assert sums[i][j].alpha.checked and sums[i][j].beta.checked
    empty = tally_cells([], officials=2, levels=3)
    assert all(c == Ciphertext.zero() and c.alpha.checked for row in empty for c in row)
    broken = ballots[0].to_dict()
    broken["rows"][0]["cells"][1]["beta"] = INVALID_SMALL_ORDER  # type: ignore[index]
    with pytest.raises(InvalidPoint, match="tally: official 0 level 1"):
        tally_cells([broken], officials=2, levels=3)
    with pytest.raises(MalformedInput, match="official 2 level 0: missing"):
        tally_cells([ballots[0].to_dict()], officials=3, levels=3)


INVALID_SMALL_ORDER = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"
