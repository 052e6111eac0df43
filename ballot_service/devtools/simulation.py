"""A whole election through the real services and database, with simulated devices.

The committee members' devices (key ceremony, decryption) and the delegates' tablets (token,
encryption) are played here by the same pure crypto the real devices mirror; everything they
send goes through the services exactly as a request would, and is committed one request at a
time. Used by `flask simulate`, the end-to-end tests and the benchmarks.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import db
from ..crypto import dkg
from ..crypto.ballot_encrypt import encrypt_ballot
from ..crypto.credentials import Credential, new_token
from ..crypto.group import Scalar
from ..crypto.share_transport import (
    EncryptedShare,
    TransportKeyPair,
    decrypt_share,
    encrypt_share,
)
from ..crypto.threshold import make_decryption_share
from ..crypto.witness_key import witness_seed
from ..ledger import checkpoint as cp
from ..ledger.proofs import verify_consistency
from ..ledger.tree import MerkleTree
from ..models import Poll
from ..record.result import ResultPart
from ..services import (
    accounts,
    cards,
    ceremony,
    councils,
    counting,
    ledger_log,
    lifecycle,
    polls,
    voting,
    witness,
)


@dataclass
class Simulation:
    """What the simulation chose (the plaintext totals) and what it got back."""

    poll_id: int = 0
    chosen: list[tuple[list[int], int]] = field(default_factory=list)
    decrypted: list[tuple[list[int], int]] = field(default_factory=list)


def _level_for(trustees: int) -> str:
    if trustees >= 7:
        return "province"
    if trustees >= 5:
        return "district"
    if trustees >= 3:
        return "commune"
    raise ValueError(f"a counting committee has at least 3 members, not {trustees}")


def setup_poll(
    delegates: int,
    officials: int,
    trustees: int,
    threshold: int,
    kind: str = "poll",
    not_rated: Sequence[tuple[str, str]] = (),
) -> Poll:
    """A throwaway council of present delegates, its officials (a third in the council bloc),
    committee accounts with random passwords, and a poll of them in its key ceremony; committed.
    `not_rated` names officials listed but not rated (name, reason). Simulations, screenshots and
    tests build on it; it belongs in a scratch database, never the service's."""
    tag = secrets.token_hex(3)
    council = councils.create_council(f"Mô phỏng {tag}", _level_for(trustees), delegates)
    for number in range(1, delegates + 1):
        councils.add_delegate(council, number, f"Đại biểu {number}", present=True)
    ids = [
        councils.save_official(
            council,
            f"Người được lấy phiếu {i + 1}",
            [f"Chức vụ {i + 1}"],
            "council" if i < officials // 3 else "peoples_committee",
            i,
        ).id
        for i in range(officials)
    ]
    for order, (name, reason) in enumerate(not_rated, start=officials):
        official = councils.save_official(
            council, name, ["Ủy viên UBND"], "peoples_committee", order
        )
        councils.set_exclusion(official, True, reason)
    if delegates < trustees:
        raise ValueError(
            f"the counting committee is elected from the {delegates} delegates: "
            f"{trustees} members are too many"
        )
    members = [
        accounts.create_user(
            f"sim{tag}m{i}",
            secrets.token_urlsafe(16),
            "committee",
            f"Thành viên {i}",
            delegate_id=council.delegates[-i].id,
        )
        for i in range(1, trustees + 1)
    ]
    poll = polls.create_poll(council, kind, f"Mô phỏng {tag}")
    polls.set_rated(poll, ids)
    polls.set_committee(poll, [u.id for u in members], members[0].id, threshold)
    lifecycle.transition(poll, "key_ceremony")
    db.session.commit()
    return poll


def play_ceremony(poll: Poll, rng: Callable[[int], bytes]) -> dict[int, Scalar]:
    """Every member's device: commitments, encrypted shares, Feldman checks; returns s_m."""
    fp, n, k = bytes.fromhex(poll.fingerprint or ""), len(poll.trustees), poll.threshold or 0
    member = {t.index: t.user for t in poll.trustees}  # each device acts as its member
    polys = {i: dkg.Polynomial.generate(k, rng=rng) for i in range(1, n + 1)}
    transport = {i: TransportKeyPair.generate(rng=rng) for i in range(1, n + 1)}
    for i in range(1, n + 1):
        message = dkg.make_commitment(fp, i, polys[i], transport[i].public, rng=rng)
        ceremony.post_commitment(poll, member[i], message.to_dict())
        db.session.commit()
    for i in range(1, n + 1):
        shares = [
            encrypt_share(
                fp, i, transport[i], m, transport[m].public, polys[i].evaluate(m), rng=rng
            ).to_dict()
            for m in range(1, n + 1)
            if m != i
        ]
        ceremony.post_shares(poll, member[i], shares)
        db.session.commit()
    published = ceremony.commitments(poll)
    secrets_by_member = {}
    for m in range(1, n + 1):
        received = {m: polys[m].evaluate(m)}
        for body in ceremony.shares_for(poll, m):
            sealed = EncryptedShare.from_dict(body)
            share = decrypt_share(fp, sealed, transport[m], transport[sealed.sender].public)
            dkg.verify_share(m, share, published[sealed.sender])
            received[sealed.sender] = share
        secrets_by_member[m] = dkg.combine_received_shares(received, n)
        key = _witness_key(fp, m, secrets_by_member[m])
        witness.register_key(poll, member[m], key.public_key().public_bytes_raw().hex())
        lifecycle.confirm_shares(poll, member[m], [])
        db.session.commit()
    return secrets_by_member


def _witness_key(fp: bytes, member: int, secret: Scalar) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(witness_seed(fp, member, secret))


def cosign_all(
    poll: Poll, member_secrets: dict[int, Scalar], seen: dict[int, tuple[int, bytes]]
) -> None:
    """Every member's device as a witness: check the latest checkpoint's log signature and its
    consistency with the one it cosigned last (`seen`: member → (size, root)), then cosign."""
    fp = bytes.fromhex(poll.fingerprint or "")
    row = ledger_log.latest_checkpoint(ledger_log.poll_log_id(poll))
    if row is None:
        raise ValueError(f"poll {poll.id} has no checkpoint")
    signed = cp.SignedCheckpoint.from_note(row.body)
    checkpoint = cp.verify_checkpoint(signed, ledger_log.signing_key().public_key())
    tree = MerkleTree(ledger_log.leaf_hashes(ledger_log.poll_log_id(poll), checkpoint.size))
    for trustee in sorted(poll.trustees, key=lambda t: t.index):
        m = trustee.index
        if m in seen:
            size, root = seen[m]
            proof = tree.consistency_proof(size, checkpoint.size)
            verify_consistency(size, checkpoint.size, proof, root, checkpoint.root)
        key = _witness_key(fp, m, member_secrets[m])
        cosignature = cp.cosign_checkpoint(
            checkpoint, key, name=f"member-{m}", time=datetime.now(UTC)
        )
        witness.cosign(
            poll, trustee.user, checkpoint.size, cosignature.timestamp, cosignature.signature.hex()
        )
        seen[m] = (checkpoint.size, checkpoint.root)
    db.session.commit()


def run(
    *,
    delegates: int,
    officials: int,
    trustees: int,
    threshold: int,
    absent: int = 0,
    kind: str = "poll",
    spares: int = 2,
    seed: int | None = None,
    not_rated: Sequence[tuple[str, str]] = (),
    progress: Callable[[str], None] = lambda _: None,
) -> Simulation:
    """Run a complete election; return the chosen and the decrypted totals."""
    if absent > trustees - threshold:
        raise ValueError(
            f"with {absent} of {trustees} members absent, fewer than {threshold} remain to decrypt"
        )
    choose = random.Random(seed)  # noqa: S311 - picks the simulated delegates' marks only
    rng = (lambda n: choose.randbytes(n)) if seed is not None else secrets.token_bytes
    opened = open_poll(
        delegates=delegates,
        officials=officials,
        trustees=trustees,
        threshold=threshold,
        kind=kind,
        spares=spares,
        not_rated=not_rated,
        rng=rng,
    )
    poll = opened.poll
    outcome = Simulation(poll_id=poll.id)
    progress(f"poll {poll.id}: key ceremony of {trustees} members, threshold {threshold}, done")
    fp, key, levels = (
        bytes.fromhex(poll.fingerprint or ""),
        ceremony.election_key(poll),
        poll.levels,
    )
    totals = [[0] * levels for _ in range(officials)]
    blanks = [0] * officials
    progress(f"casting {delegates} ballots of {officials} officials × {levels} levels")
    for d in range(delegates):
        choices = [
            None if choose.random() < 0.08 else choose.randrange(levels) for _ in range(officials)
        ]
        for i, choice in enumerate(choices):
            if choice is None:
                blanks[i] += 1
            else:
                totals[i][choice] += 1
        ballot, _ = encrypt_ballot(fp, key, opened.tokens[d], choices, levels, rng=rng)
        voting.cast(poll, ballot.to_dict())
        db.session.commit()
    outcome.chosen = [(totals[i], blanks[i]) for i in range(officials)]
    lifecycle.transition(poll, "closed")
    db.session.commit()
    cosign_all(poll, opened.member_secrets, opened.seen)  # closed
    present = list(range(1, trustees + 1 - absent))
    progress(f"decrypting with members {present} ({absent} absent)")
    result = decrypt(poll, opened.member_secrets, present, rng, seen=opened.seen)
    outcome.decrypted = [(row["counts"], row["blank"]) for row in result["officials"]]
    return outcome


@dataclass
class Opened:
    """An open poll with its cards: the tokens of the first `delegates` cards (the spares after
    them are voided) and the members' secret shares, for the decryption; `seen` is what each
    member's device remembers as a witness (member → size and root of the checkpoint it
    cosigned last)."""

    poll: Poll
    tokens: list[bytes]
    member_secrets: dict[int, Scalar]
    seen: dict[int, tuple[int, bytes]]


def open_poll(
    *,
    delegates: int,
    officials: int,
    trustees: int,
    threshold: int,
    kind: str = "poll",
    spares: int = 2,
    not_rated: Sequence[tuple[str, str]] = (),
    rng: Callable[[int], bytes] = secrets.token_bytes,
) -> Opened:
    """Council, officials, committee, key ceremony, `delegates` + `spares` cards (spares voided),
    then open the poll; each step committed as its request would be."""
    poll = setup_poll(delegates, officials, trustees, threshold, kind, not_rated)
    member_secrets = play_ceremony(poll, rng)
    seen: dict[int, tuple[int, bytes]] = {}
    cosign_all(poll, member_secrets, seen)  # the election key is fixed
    lifecycle.transition(poll, "ready")
    fp = bytes.fromhex(poll.fingerprint or "")
    tokens = [new_token(rng=rng) for _ in range(delegates + spares)]
    public = [Credential.from_token(fp, t).public.hex() for t in tokens]
    cards.issue(poll, public)
    for spare in public[delegates:]:
        cards.void(poll, spare, "thẻ dự phòng không dùng")
    lifecycle.transition(poll, "open")
    db.session.commit()
    cosign_all(poll, member_secrets, seen)  # opened
    return Opened(poll, tokens[:delegates], member_secrets, seen)


def decrypt(
    poll: Poll,
    member_secrets: dict[int, Scalar],
    present: Sequence[int],
    rng: Callable[[int], bytes] = secrets.token_bytes,
    *,
    seen: dict[int, tuple[int, bytes]] | None = None,
) -> ResultPart:
    """The closed poll's tally decrypted by the members `present` (each posts its shares); with
    `seen`, every member then cosigns the result's checkpoint as a witness."""
    fp = bytes.fromhex(poll.fingerprint or "")
    cells = counting.tally_ciphertexts(poll)
    members = {t.index: t.user for t in poll.trustees}
    for m in present:
        shares = [
            [
                make_decryption_share(
                    fp, m, member_secrets[m], cell, official=i, level=j, rng=rng
                ).to_dict()
                for j, cell in enumerate(row)
            ]
            for i, row in enumerate(cells)
        ]
        counting.post_decryption(poll, members[m], shares)
        db.session.commit()
    result = lifecycle.decrypt(poll)
    db.session.commit()
    if seen is not None:
        cosign_all(poll, member_secrets, seen)  # the result
    return result
