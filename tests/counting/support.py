"""A small closed poll for the counting tests: 3 members, k = 2, 4 officials, a few ballots."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from ballot_service import db
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.crypto.group import Scalar
from ballot_service.crypto.threshold import make_decryption_share
from ballot_service.devtools import simulation
from ballot_service.models import Poll, User
from ballot_service.services import cards, counting, lifecycle, polls, voting
from tests.helpers import ballot_for, make_council, make_officials, make_user

CHOICES: list[list[int | None]] = [[0, 1, 2, None], [0, 0, 2, 1], [2, 1, None, None]]


@dataclass
class Closed:
    poll: Poll
    members: dict[int, User]  # by seat index
    secrets: dict[int, Scalar]
    chair: int


def closed_poll(choices: list[list[int | None]] = CHOICES) -> Closed:
    council = make_council("commune", delegates=10, total=10)
    poll = polls.create_poll(council, "poll", "Lấy phiếu thử")
    polls.set_rated(poll, make_officials(council))
    users = [make_user(f"member{i}", "committee", council.delegates[-1 - i].id) for i in range(3)]
    polls.set_committee(poll, [u.id for u in users], users[0].id, 2)
    lifecycle.transition(poll, "key_ceremony")
    member_secrets = simulation.play_ceremony(poll, secrets.token_bytes)
    lifecycle.transition(poll, "ready")
    fp = bytes.fromhex(poll.fingerprint or "")
    tokens = [new_token() for _ in choices]
    cards.issue(poll, [Credential.from_token(fp, t).public.hex() for t in tokens])
    lifecycle.transition(poll, "open")
    for token, marks in zip(tokens, choices, strict=True):
        voting.cast(poll, ballot_for(poll, token, marks))
    lifecycle.transition(poll, "closed")
    db.session.commit()
    members = {t.index: t.user for t in poll.trustees}
    chair = next(t.index for t in poll.trustees if t.is_chair)
    return Closed(poll, members, member_secrets, chair)


def shares(poll: Poll, index: int, secret: Scalar) -> list[list[dict[str, Any]]]:
    """Member `index`'s decryption shares made with `secret` (their own, or not)."""
    fp = bytes.fromhex(poll.fingerprint or "")
    return [
        [
            make_decryption_share(fp, index, secret, cell, official=i, level=j).to_dict()
            for j, cell in enumerate(row)
        ]
        for i, row in enumerate(counting.tally_ciphertexts(poll))
    ]


def expected_counts(choices: list[list[int | None]], levels: int = 3) -> list[list[int]]:
    officials = len(choices[0])
    return [[sum(1 for c in choices if c[i] == j) for j in range(levels)] for i in range(officials)]
