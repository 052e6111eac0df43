"""Build a complete, valid election record in pure Python, exactly as docs/RECORD.md says.

This is the reference the exporter (services/export.py) is compared with: the same parts, in
the same order, and a log with the entries the services append, in the order they append them
(poll_created, officials_set, committee_set, state_changed, the key ceremony, credentials, the
poll, the count), one signed checkpoint per entry. Everything is deterministic for a seed:
randomness comes from ``random.Random`` streams named by purpose, the log key from the seed.

Ballots are encrypted by :func:`encrypt_one`, a top-level function on plain values, so a caller
(the benchmark) can pass a process pool's ``map`` to build large records on every core.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service.crypto import dkg
from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.ballot_verify import ReceivedBallot
from ballot_service.crypto.credentials import Credential
from ballot_service.crypto.elgamal import Ciphertext, add_all
from ballot_service.crypto.group import Point, Rng, Scalar
from ballot_service.crypto.threshold import make_decryption_share
from ballot_service.crypto.witness_key import witness_name, witness_seed
from ballot_service.ledger.canonical import canonical_json
from ballot_service.ledger.checkpoint import SignedCheckpoint, cosign_checkpoint, sign_checkpoint
from ballot_service.ledger.keys import public_key_raw
from ballot_service.ledger.tree import MerkleTree
from ballot_service.ledger.utctime import format_time, parse_time
from ballot_service.record.codec import ElectionRecord, encode_record
from ballot_service.record.manifest import build_manifest, fingerprint
from ballot_service.rules.counts import OfficialCounts, SessionCounts
from ballot_service.rules.formatting import round_half_up
from ballot_service.rules.kinds import PollKind
from ballot_service.rules.results import Denominator, compute_result, default_denominator

T0 = datetime(2026, 11, 27, 8, 0, 0, tzinfo=UTC)
POLL_ID = "poll-1"
LOG_ID = "ballot_service/poll/1"
VOID_REASON = "thẻ dự phòng không dùng"


@dataclass(frozen=True)
class Spec:
    """The shape of the election to build."""

    ballots: int = 6
    officials: int = 3
    kind: str = "poll"
    trustees: int = 3
    threshold: int = 2
    decrypting: tuple[int, ...] | None = None  # trustees who post shares (default: all)
    spares: int = 2  # spare cards, voided
    batches: int = 2  # credential batches
    blank_rate: float = 0.15
    restart_ceremony: bool = False  # a first key ceremony ends in a complaint
    restart_after_key: bool = False  # a first ceremony fixes a key, then the poll goes to draft
    published: bool = False  # the committee published the result (the log's last two entries)
    official_names: tuple[str, ...] = ()  # names of the first officials (default: numbered)
    witnesses: bool = False  # members log witness keys and cosign each key moment's checkpoint
    seed: int = 1


@dataclass
class Built:
    """A built record with the secrets a test needs to make valid-looking forgeries."""

    record: ElectionRecord
    fingerprint: str
    log_key: Ed25519PrivateKey
    tokens: list[bytes]  # card tokens, in credential order (the last `spares` are voided)
    cast_order: list[int]  # ballot b was cast with tokens[cast_order[b]]
    choices: list[list[int | None]]
    trustee_secrets: dict[int, Scalar] = field(default_factory=dict)

    def encode(self) -> bytes:
        """The record file's bytes."""
        return encode_record(self.record, self.fingerprint)

    def parts(self) -> dict[str, Any]:
        """A deep copy of the parts as plain JSON values (to mutate)."""
        return {name: _copy(getattr(self.record, name)) for name in PART_NAMES}


PART_NAMES = (
    "manifest",
    "dkg",
    "credentials",
    "voided",
    "ballots",
    "tally",
    "decryption",
    "result",
    "log",
)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def stream(seed: int, purpose: str) -> Rng:
    """A deterministic byte source for one purpose (e.g. "dkg", "ballot 3")."""
    return random.Random(f"{seed}/{purpose}").randbytes


def log_key(seed: int) -> Ed25519PrivateKey:
    """The log's Ed25519 key, made from the seed (tests only)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"log key {seed}".encode()).digest())


def make_manifest(spec: Spec) -> dict[str, Any]:
    kind = PollKind(spec.kind)
    blocs = ["council", "peoples_committee"]
    return build_manifest(
        poll_id=POLL_ID,
        council={
            "name": "HĐND xã Thử Nghiệm",
            "level": "commune",
            "total_delegates": spec.ballots + 2,
        },
        poll={
            "kind": spec.kind,
            "title": f"{kind.labels.vi} cuối năm 2026",
            "session": "Kỳ họp thứ mười",
            "date": "2026-11-27",
            "place": "Hội trường xã",
            "denominator": default_denominator(kind).value,
        },
        officials=[
            {
                "index": i,
                "name": spec.official_names[i]
                if i < len(spec.official_names)
                else f"Người được lấy phiếu {i + 1}",
                "positions": [f"Chức vụ {i + 1}"],
                "bloc": blocs[2 * i // spec.officials],
                "order": i,
            }
            for i in range(spec.officials)
        ],
        trustees=[
            {"index": m, "name": f"Thành viên {m}", "chair": m == 1}
            for m in range(1, spec.trustees + 1)
        ],
        threshold=max(2, spec.threshold),
    ) | {"threshold": spec.threshold}  # k = 1 only to build the record the verifier refuses


def encrypt_one(task: tuple[str, str, bytes, list[int | None], int, str]) -> dict[str, Any]:
    """Encrypt one ballot from plain values; returns its dict (picklable both ways)."""
    fp_hex, key_hex, token, choices, levels, purpose = task
    rng = random.Random(purpose).randbytes
    ballot, _ = encrypt_ballot(
        bytes.fromhex(fp_hex), Point.from_hex(key_hex), token, choices, levels, rng=rng
    )
    return ballot.to_dict()


def percent_text(value: Fraction) -> str:
    hundredths = round_half_up(value, 2)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


class _Log:
    """Entries as the services append them: seq = index, one minute apart."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def add(self, event: str, data: dict[str, Any]) -> None:
        seq = len(self.entries)
        self.entries.append(
            {
                "v": 1,
                "type": event,
                "poll": POLL_ID,
                "seq": seq,
                "time": format_time(T0 + timedelta(minutes=seq)),
                "data": data,
            }
        )

    def state(self, old: str, new: str, reason: str | None = None) -> None:
        self.add(
            "state_changed",
            {
                "from_state": old,
                "to_state": new,
                "reason": reason,
                "by": None,
                "confirmed_by": None,
            },
        )


def sign_log(
    entries: Sequence[dict[str, Any]], key: Ed25519PrivateKey, log_id: str = LOG_ID
) -> list[str]:
    """One signed checkpoint (note text) per entry, at that entry's time, as the services do."""
    tree, notes = MerkleTree(), []
    for entry in entries:
        tree.append(canonical_json(entry))
        when = parse_time(entry["time"]) if "time" in entry else T0
        notes.append(
            sign_checkpoint(
                key, log_id=log_id, size=tree.size, root=tree.root(), time=when
            ).to_note()
        )
    return notes


WITNESS_MOMENTS = ("election_key", "poll_opened", "poll_closed", "result")


def witness_key(fp: bytes, member: int, secret: Scalar) -> Ed25519PrivateKey:
    """Member m's witness key, as its device derives it from s_m (crypto/witness_key.py)."""
    return Ed25519PrivateKey.from_private_bytes(witness_seed(fp, member, secret))


def cosign_moments(
    notes: list[str],
    entries: Sequence[dict[str, Any]],
    fp: bytes,
    secrets_by_member: dict[int, Scalar],
) -> list[str]:
    """Every member cosigns the checkpoint that ends with each key moment's entry, 30 s later."""
    out = list(notes)
    for entry in entries:
        if entry["type"] not in WITNESS_MOMENTS:
            continue
        seq = entry["seq"]
        signed = SignedCheckpoint.from_note(out[seq])
        when = parse_time(entry["time"]) + timedelta(seconds=30)
        for m, secret in sorted(secrets_by_member.items()):
            signed = signed.with_cosignature(
                cosign_checkpoint(
                    signed.checkpoint, witness_key(fp, m, secret), name=witness_name(m), time=when
                )
            )
        out[seq] = signed.to_note()
    return out


def _ceremony(
    log: _Log, spec: Spec, fp: bytes, rng: Rng
) -> tuple[dict[int, dkg.Polynomial], list[dkg.DkgCommitment]]:
    """One attempt: polynomials, commitments (logged), encrypted shares relayed (logged)."""
    n, k = spec.trustees, spec.threshold
    polys = {m: dkg.Polynomial.generate(k, rng=rng) for m in range(1, n + 1)}
    commitments = [dkg.make_commitment(fp, m, polys[m], rng(32), rng=rng) for m in range(1, n + 1)]
    for c in commitments:
        log.add(
            "dkg_commitment",
            {
                "member": c.trustee,
                "commitments": [a.hex() for a in c.commitments],
                "proofs": [p.to_dict() for p in c.proofs],
            },
        )
    for sender in range(1, n + 1):
        for recipient in range(1, n + 1):
            if recipient != sender:
                log.add(
                    "dkg_share_posted",
                    {"sender": sender, "recipient": recipient, "ciphertext": rng(60).hex()},
                )
    return polys, commitments


def build(
    spec: Spec = Spec(),
    *,
    map_fn: Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]] = map,
) -> Built:
    """Build the record of ``spec`` (see the module docstring)."""
    kind = PollKind(spec.kind)
    levels = len(kind.levels)
    manifest = make_manifest(spec)
    fp = fingerprint(manifest)
    rng = stream(spec.seed, "setup")
    log = _Log()
    log.add(
        "poll_created",
        {
            "kind": f"confidence_{spec.kind}",
            "title": manifest["poll"]["title"],
            "council": manifest["council"]["name"],
        },
    )
    log.add(
        "officials_set",
        {
            "officials": [
                {"index": o["index"], "name": o["name"], "positions": o["positions"]}
                for o in manifest["officials"]
            ]
        },
    )
    log.add("committee_set", {"threshold": spec.threshold, "members": manifest["trustees"]})
    if spec.restart_ceremony:
        log.state("draft", "key_ceremony")
        _ceremony(log, spec, fp, rng)
        log.add("dkg_confirmed", {"member": 1, "complaints": [2]})
        log.state("key_ceremony", "draft", "member 1 complained about 2; the ceremony starts again")
    if spec.restart_after_key:
        log.state("draft", "key_ceremony")
        _, first = _ceremony(log, spec, fp, rng)
        for m in range(1, spec.trustees + 1):
            log.add("dkg_confirmed", {"member": m, "complaints": []})
        log.add(
            "election_key",
            {
                "key": dkg.election_key(first).hex(),
                "fingerprint": fp.hex(),
                "threshold": spec.threshold,
                "trustees": spec.trustees,
            },
        )
        log.state("key_ceremony", "draft", "an official's position was wrong; set up again")
    log.state("draft", "key_ceremony")
    # --- key ceremony; each member's secret s_m = Σ_i f_i(m) after the Feldman checks ---
    n, k = spec.trustees, spec.threshold
    polys, commitments = _ceremony(log, spec, fp, rng)
    secrets_by_member = {}
    for m in range(1, n + 1):
        total = Scalar(0)
        for i in range(1, n + 1):
            share = polys[i].evaluate(m)
            dkg.verify_share(m, share, commitments[i - 1])
            total = total + share
        secrets_by_member[m] = total
        if spec.witnesses:
            log.add(
                "witness_key",
                {
                    "member": m,
                    "name": witness_name(m),
                    "public_key": public_key_raw(witness_key(fp, m, total).public_key()).hex(),
                },
            )
        log.add("dkg_confirmed", {"member": m, "complaints": []})
    key = dkg.election_key(commitments)
    log.add(
        "election_key", {"key": key.hex(), "fingerprint": fp.hex(), "threshold": k, "trustees": n}
    )
    log.state("key_ceremony", "ready")
    # --- cards: tokens, public credentials in batches, spares voided ---
    cards = spec.ballots + spec.spares
    tokens = [rng(16) for _ in range(cards)]
    public = [Credential.from_token(fp, t).public.hex() for t in tokens]
    credentials = []
    bounds = [round(b * cards / spec.batches) for b in range(spec.batches + 1)]
    for b in range(spec.batches):
        batch = public[bounds[b] : bounds[b + 1]]
        log.add(
            "credentials_issued", {"batch": str(b + 1), "count": len(batch), "credentials": batch}
        )
        credentials += [{"credential": x, "batch": str(b + 1)} for x in batch]
    voided = [{"credential": x, "reason": VOID_REASON} for x in public[spec.ballots :]]
    for item in voided:
        log.add("credential_voided", dict(item))
    log.state("ready", "open")
    log.add(
        "poll_opened",
        {
            "election_fingerprint": fp.hex(),
            "credentials": cards,
            "delegates_present": spec.ballots + 1,  # as the result part says
        },
    )
    # --- ballots, cast in a shuffled card order ---
    pick = random.Random(f"{spec.seed}/choices")
    cast_order = list(range(spec.ballots))
    pick.shuffle(cast_order)
    choices = [
        [
            None if pick.random() < spec.blank_rate else pick.randrange(levels)
            for _ in range(spec.officials)
        ]
        for _ in range(spec.ballots)
    ]
    tasks = [
        (fp.hex(), key.hex(), tokens[cast_order[b]], choices[b], levels, f"{spec.seed}/ballot {b}")
        for b in range(spec.ballots)
    ]
    ballots = list(map_fn(encrypt_one, tasks))
    for data in ballots:
        log.add(
            "ballot_cast", {"tracking_code": _tracking_code(data), "credential": data["credential"]}
        )
    log.state("open", "closed")
    log.add("poll_closed", {"ballots": spec.ballots})
    # --- tally, decryption shares, result ---
    cells = [
        [add_all(_cell(b, i, j) for b in ballots) for j in range(levels)]
        for i in range(spec.officials)
    ]
    tally = {"ballots": spec.ballots, "cells": [[c.to_dict() for c in row] for row in cells]}
    log.add(
        "tally",
        {"ballots": spec.ballots, "tally_hash": hashlib.sha256(canonical_json(tally)).hexdigest()},
    )
    share_rng = stream(spec.seed, "decryption")
    decryption = []
    for m in spec.decrypting or tuple(range(1, n + 1)):
        shares = [
            [
                make_decryption_share(
                    fp, m, secrets_by_member[m], cell, official=i, level=j, rng=share_rng
                ).to_dict()
                for j, cell in enumerate(row)
            ]
            for i, row in enumerate(cells)
        ]
        decryption.append({"trustee": m, "shares": shares})
        log.add("decryption_share", {"member": m, "shares": shares})
    decryption.sort(key=lambda item: item["trustee"])
    result = _result(manifest, choices, spec)
    log.add(
        "result",
        {
            "ballots": spec.ballots,
            "counts": [
                {"index": r["index"], "levels": r["counts"], "blank": r["blank"]}
                for r in result["officials"]
            ],
        },
    )
    log.state("closed", "tallied")
    if spec.published:  # the hash of the file exported at `tallied` (not rebuilt here)
        log.state("tallied", "published")
        log.add(
            "published", {"record_hash": hashlib.sha256(b"earlier file").hexdigest(), "url": None}
        )
    signer = log_key(spec.seed)
    record = ElectionRecord(
        manifest=manifest,
        dkg=[c.to_dict() for c in commitments],
        credentials=credentials,
        voided=voided,
        ballots=ballots,
        tally=tally,
        decryption=decryption,
        result=result,
        log={
            "log_id": LOG_ID,
            "public_keys": [public_key_raw(signer.public_key()).hex()],
            "entries": log.entries,
            "checkpoints": cosign_moments(
                sign_log(log.entries, signer), log.entries, fp, secrets_by_member
            )
            if spec.witnesses
            else sign_log(log.entries, signer),
        },
    )
    return Built(record, fp.hex(), signer, tokens, cast_order, choices, secrets_by_member)


def _cell(ballot: dict[str, Any], i: int, j: int) -> Ciphertext:
    cell = ballot["rows"][i]["cells"][j]
    return Ciphertext.from_dict(
        {"alpha": cell["alpha"], "beta": cell["beta"]}, allow_identity=False, deferred=True
    )


def _tracking_code(data: dict[str, Any]) -> str:
    return ReceivedBallot.from_dict(data).tracking_code()


def _result(
    manifest: dict[str, Any], choices: list[list[int | None]], spec: Spec
) -> dict[str, Any]:
    kind = PollKind(spec.kind)
    denominator = Denominator(manifest["poll"]["denominator"])
    total = manifest["council"]["total_delegates"]
    session = SessionCounts(total_delegates=total, ballots_collected=spec.ballots)
    n = total if denominator is Denominator.TOTAL_DELEGATES else spec.ballots
    rows = []
    for i in range(spec.officials):
        counts = [sum(1 for c in choices if c[i] == j) for j in range(len(kind.levels))]
        blank = spec.ballots - sum(counts)
        if n == 0:  # nothing to rate: the exporter writes 0.00 and the band "no_ballots"
            rows.append(
                {
                    "index": i,
                    "name": manifest["officials"][i]["name"],
                    "counts": counts,
                    "blank": blank,
                    "percentages": ["0.00"] * len(counts),
                    "band": "no_ballots",
                }
            )
            continue
        computed = compute_result(
            OfficialCounts(
                kind=kind,
                levels=dict(zip(kind.levels, counts, strict=True)),
                blank=blank,
                session=session,
            ),
            denominator,
        )
        rows.append(
            {
                "index": i,
                "name": manifest["officials"][i]["name"],
                "counts": counts,
                "blank": blank,
                "percentages": [percent_text(computed.percentages[lv]) for lv in kind.levels],
                "band": computed.band.value,
            }
        )
    return {
        "ballots_collected": spec.ballots,
        "ballots_valid": spec.ballots,
        "total_delegates": total,
        "delegates_present": spec.ballots + 1,
        "denominator": denominator.value,
        "n": n,
        "officials": rows,
    }
