"""The fast path and the reference mode of verify_ballot agree: on valid ballots and on 1,200
mutated ones (fixed seeds, K = 1–3 officials, L = 2–3 levels), both accept or both refuse, with
the same error class and the same message.

Most mutations are signed again with the ballot's credential, so that they reach the point and
proof checks instead of stopping at the signature (the part where the two modes differ: the
fast one checks α and β through the X25519 ladder and sums on coordinates, the reference one
with libsodium alone)."""

from __future__ import annotations

import copy
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.ballot_types import _ballot_from_dict
from ballot_service.crypto.ballot_verify import ReceivedBallot, verify_ballot
from ballot_service.crypto.credentials import Credential, sign
from ballot_service.crypto.elgamal import KeyPair
from ballot_service.crypto.errors import VerificationError
from ballot_service.crypto.group import BASE, ORDER, Point, Scalar

FP = hashlib.sha256(b"tests/crypto fast and reference modes").digest()
BATCHES = 24
PER_BATCH = 50  # 24 × 50 = 1,200 mutated ballots, plus the valid ones below
SHAPES = [(1, 2), (1, 3), (2, 2), (2, 3), (3, 2), (3, 3)]

INVALID = json.loads((Path(__file__).parents[1] / "vectors" / "crypto_group.json").read_text())[
    "invalid"
]
TORSION = [Point.decode_deferred(bytes.fromhex(t)) for t in INVALID["small_order"]]
NO_LADDER = 2**255 % ORDER
EDGE_SCALARS = [0, 1, 2, 7, 8, ORDER - 1, ORDER - 8, NO_LADDER, ORDER - NO_LADDER]


@dataclass(frozen=True)
class Base:
    key: KeyPair
    token: bytes
    officials: int
    levels: int
    ballot: dict[str, Any]


@cache
def bases() -> list[Base]:
    """Two ballots per shape, made from a fixed seed."""
    rng = random.Random(20261130)

    def draw(n: int) -> bytes:
        return rng.randbytes(n)

    key = KeyPair.generate(rng=draw)
    out = []
    for officials, levels in SHAPES:
        for _ in range(2):
            token = draw(16)
            choices = [rng.choice([None, *range(levels)]) for _ in range(officials)]
            ballot, _ = encrypt_ballot(FP, key.public, token, choices, levels, rng=draw)
            out.append(Base(key, token, officials, levels, ballot.to_dict()))
    return out


Outcome = tuple[str, str]


def outcome(
    data: Any, fp: bytes, key: Point, officials: int, levels: int, mode: str
) -> tuple[Outcome, Any]:
    """("accepted", "") or (error class, message) for one mode, with the ballot it returned."""
    try:
        received = ReceivedBallot.from_dict(data)
        checked = verify_ballot(
            received,
            fp,
            key,
            officials=officials,
            levels=levels,
            mode=mode,  # type: ignore[arg-type]
        )
    except VerificationError as error:
        return (type(error).__name__, str(error)), None
    return ("accepted", ""), checked


def both(data: Any, fp: bytes, key: Point, officials: int, levels: int) -> Outcome:
    fast, fast_ballot = outcome(data, fp, key, officials, levels, "fast")
    reference, reference_ballot = outcome(data, fp, key, officials, levels, "reference")
    assert fast == reference, json.dumps(data)[:300]
    if fast_ballot is not None:
        assert fast_ballot == reference_ballot
        assert all(p.checked for p in fast_ballot.points())
    return fast


def test_valid_ballots_are_accepted_by_both_modes() -> None:
    for base in bases():
        assert both(base.ballot, FP, base.key.public, base.officials, base.levels) == (
            "accepted",
            "",
        )


# --- mutations of a ballot's JSON form --------------------------------------------------------

Mutation = Callable[[random.Random, dict[str, Any]], None]


def _cells(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [cell for row in d["rows"] for cell in row["cells"]]


def _proofs(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [cell["proof"] for cell in _cells(d)] + [row["proof"] for row in d["rows"]]


def _point_slot(rng: random.Random, d: dict[str, Any]) -> tuple[dict[str, Any], str]:
    return rng.choice(_cells(d)), rng.choice(["alpha", "beta"])


def flip_bit(rng: random.Random, d: dict[str, Any]) -> None:
    """One bit of one point or scalar anywhere."""
    slots: list[tuple[dict[str, Any] | list[Any], Any]] = [(d, "credential")]
    for cell in _cells(d):
        slots += [(cell, "alpha"), (cell, "beta")]
    for proof in _proofs(d):
        for name in ("challenges", "responses"):
            slots += [(proof[name], 0), (proof[name], 1)]
    holder, index = rng.choice(slots)
    raw = bytearray(bytes.fromhex(holder[index]))
    raw[rng.randrange(32)] ^= 1 << rng.randrange(8)
    holder[index] = raw.hex()


def invalid_point(rng: random.Random, d: dict[str, Any]) -> None:
    """α or β replaced by an invalid encoding: small order, mixed, off the curve, non-canonical."""
    cell, field = _point_slot(rng, d)
    kind = rng.choice(["small_order", "mixed_order", "off_curve", "non_canonical"])
    cell[field] = rng.choice(INVALID[kind])


def torsion_added(rng: random.Random, d: dict[str, Any]) -> None:
    """α or β plus a point of small order (P + T, on the curve, outside the subgroup)."""
    cell, field = _point_slot(rng, d)
    point = Point.decode_deferred(bytes.fromhex(cell[field]))
    cell[field] = (point + rng.choice(TORSION[1:])).hex()


def other_valid_point(rng: random.Random, d: dict[str, Any]) -> None:
    """α or β replaced by another subgroup point (r·B, or the other one of the cell)."""
    cell, field = _point_slot(rng, d)
    if rng.random() < 0.5:
        cell[field] = (Scalar(rng.randrange(1, ORDER)) * BASE).hex()
    else:
        cell["alpha"], cell["beta"] = cell["beta"], cell["alpha"]


def swap_ciphertexts(rng: random.Random, d: dict[str, Any]) -> None:
    """Two cells exchange their ciphertexts (their proofs stay)."""
    cells = _cells(d)
    a, b = rng.sample(cells, 2)
    for field in ("alpha", "beta"):
        a[field], b[field] = b[field], a[field]


def swap_proofs(rng: random.Random, d: dict[str, Any]) -> None:
    """Two proofs exchanged (cell with cell, cell with row proof)."""
    proofs = _proofs(d)
    a, b = rng.sample(range(len(proofs)), 2)
    copies = [copy.deepcopy(p) for p in proofs]
    proofs[a].update(copies[b])
    proofs[b].update(copies[a])


def edge_scalar(rng: random.Random, d: dict[str, Any]) -> None:
    """A challenge or response replaced by an edge scalar (0, 1, −1, no clamped form, …)."""
    proof = rng.choice(_proofs(d))
    values = proof[rng.choice(["challenges", "responses"])]
    values[rng.randrange(2)] = Scalar(rng.choice(EDGE_SCALARS)).hex()


def swap_branches(rng: random.Random, d: dict[str, Any]) -> None:
    """A proof's two branches exchanged."""
    proof = rng.choice(_proofs(d))
    for name in ("challenges", "responses"):
        proof[name].reverse()


def swap_rows(rng: random.Random, d: dict[str, Any]) -> None:
    """Two officials' rows exchanged, or one row copied over another."""
    rows = d["rows"]
    if len(rows) < 2:
        rows.append(copy.deepcopy(rows[0]))
        return
    a, b = rng.sample(range(len(rows)), 2)
    if rng.random() < 0.5:
        rows[a], rows[b] = rows[b], rows[a]
    else:
        rows[a] = copy.deepcopy(rows[b])


def identity_or_drop(rng: random.Random, d: dict[str, Any]) -> None:
    """Malformed: the identity as a point, a dropped cell, a non-canonical scalar."""
    choice = rng.randrange(3)
    if choice == 0:
        cell, field = _point_slot(rng, d)
        cell[field] = "01" + "00" * 31
    elif choice == 1:
        rng.choice(d["rows"])["cells"].pop()
    else:
        rng.choice(_proofs(d))["responses"][0] = (
            (ORDER + rng.randrange(2**250)).to_bytes(32, "little").hex()
        )


MUTATIONS: list[Mutation] = [
    flip_bit,
    invalid_point,
    torsion_added,
    other_valid_point,
    swap_ciphertexts,
    swap_proofs,
    edge_scalar,
    swap_branches,
    swap_rows,
    identity_or_drop,
]


def resign(d: dict[str, Any], token: bytes) -> None:
    """Sign the (mutated) body again with the ballot's credential, when it still parses."""
    try:
        unchecked = _ballot_from_dict(d, pending=True)
    except VerificationError:
        return
    credential = Credential.from_token(FP, token)
    d["credential"] = credential.public.hex()
    d["signature"] = sign(FP, credential, unchecked.message_hash()).to_dict()


@pytest.mark.parametrize("batch", range(BATCHES))
def test_fast_and_reference_modes_agree_on_mutated_ballots(batch: int) -> None:
    rng = random.Random(batch * 7919 + 1)
    seen: set[str] = set()
    for _ in range(PER_BATCH):
        base = rng.choice(bases())
        data = copy.deepcopy(base.ballot)
        mutation = rng.choice(MUTATIONS)
        mutation(rng, data)
        if rng.random() < 0.8:
            resign(data, base.token)
        fp, key, officials, levels = FP, base.key.public, base.officials, base.levels
        context = rng.random()
        if context < 0.04:
            fp = FP[::-1]
        elif context < 0.08:
            key = Scalar(rng.randrange(1, ORDER)) * BASE
        elif context < 0.1:
            officials, levels = officials % 3 + 1, levels
        verdict, _ = both(data, fp, key, officials, levels)
        seen.add(verdict)
    assert len(seen) >= 3, seen  # the batch reached several different checks
