"""A hypothesis state machine over the services (issue 13.6): issue cards, void, open, cast,
retry, cast again on a used card, close, tally — against a model of the cards and the marks.
Invariants after every step: one ballot per card at most, never a ballot on a voided or unknown
card; after the tally, the decrypted counts equal the model's.

Fast by default (STATE_MACHINE_EXAMPLES=3 runs of up to 12 steps: each run holds a key
ceremony); more with e.g. STATE_MACHINE_EXAMPLES=50 STATE_MACHINE_STEPS=30.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from ballot_service import db
from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.crypto.threshold import make_decryption_share
from ballot_service.devtools import simulation
from ballot_service.models import Ballot, Poll
from ballot_service.services import cards, ceremony, counting, lifecycle, voting
from ballot_service.services.errors import ServiceError

OFFICIALS, TRUSTEES, THRESHOLD, PRESENT = 2, 3, 2, 8  # all 8 delegates present
EXAMPLES = int(os.environ.get("STATE_MACHINE_EXAMPLES", "3"))
STEPS = int(os.environ.get("STATE_MACHINE_STEPS", "12"))


class Card:
    """One ballot card as the model knows it."""

    def __init__(self, token: bytes, public: str) -> None:
        self.token, self.public = token, public
        self.voided = False
        self.cast: dict[str, Any] | None = None  # the ballot sent first
        self.choices: list[int | None] | None = None
        self.tracking: str | None = None

    def __repr__(self) -> str:
        return f"Card({self.public[:8]})"


class Voting(RuleBasedStateMachine):
    """The services, driven as the devices and the committee would, beside a plain model."""

    cards = Bundle("cards")

    def __init__(self) -> None:
        super().__init__()
        self.poll = simulation.setup_poll(PRESENT, OFFICIALS, TRUSTEES, THRESHOLD)
        self.members = simulation.play_ceremony(self.poll, secrets.token_bytes)
        lifecycle.transition(self.poll, "ready")
        db.session.commit()
        self.fp = bytes.fromhex(self.poll.fingerprint or "")
        self.key = ceremony.election_key(self.poll)
        self.levels = self.poll.levels
        self.model: list[Card] = []
        self.state = "ready"
        self.result: Any = None

    # -- the committee ---------------------------------------------------------------------

    @precondition(lambda self: self.state == "ready")
    @rule(target=cards, n=st.integers(1, 3))
    def issue(self, n: int) -> Any:
        made = []
        for _ in range(n):
            token = new_token()
            made.append(Card(token, Credential.from_token(self.fp, token).public.hex()))
        usable = sum(1 for card in self.model if not card.voided)
        most = PRESENT + cards.spares_allowed(PRESENT)
        if usable + n > most:  # the model's bound on cards; the message names both figures
            with pytest.raises(ServiceError, match=rf"\b{usable + n}\b.*\b{most}\b"):
                cards.issue(self.poll, [card.public for card in made])
            db.session.rollback()
            return multiple()
        cards.issue(self.poll, [card.public for card in made])
        db.session.commit()
        self.model += made
        return multiple(*made)

    @precondition(lambda self: self.state in ("ready", "open"))
    @rule(card=cards)
    def void(self, card: Card) -> None:
        try:
            cards.void(self.poll, card.public, "thẻ dự phòng")
            db.session.commit()
        except ServiceError:
            db.session.rollback()
            assert card.voided or card.cast is not None  # refused only as the model says
            return
        assert not card.voided and card.cast is None
        card.voided = True

    # the opening needs a card not voided (lifecycle refuses it otherwise, as the model says)
    @precondition(lambda self: self.state == "ready" and any(not c.voided for c in self.model))
    @rule()
    def open(self) -> None:
        lifecycle.transition(self.poll, "open")
        db.session.commit()
        self.state = "open"

    @precondition(lambda self: self.state == "open")
    @rule()
    def close_and_tally(self) -> None:
        lifecycle.transition(self.poll, "closed")
        db.session.commit()
        cells = counting.tally_ciphertexts(self.poll)
        members = {t.index: t.user for t in self.poll.trustees}
        for m in range(1, THRESHOLD + 1):
            shares = [
                [
                    make_decryption_share(
                        self.fp, m, self.members[m], cell, official=i, level=j
                    ).to_dict()
                    for j, cell in enumerate(row)
                ]
                for i, row in enumerate(cells)
            ]
            counting.post_decryption(self.poll, members[m], shares)
            db.session.commit()
        self.result = lifecycle.decrypt(self.poll)
        db.session.commit()
        self.state = "tallied"
        expected = [([0] * self.levels, 0) for _ in range(OFFICIALS)]
        for card in self.model:
            for i, choice in enumerate(card.choices or []):
                counts, blank = expected[i]
                if choice is None:
                    expected[i] = (counts, blank + 1)
                else:
                    counts[choice] += 1
        decrypted = [(row["counts"], row["blank"]) for row in self.result["officials"]]
        assert decrypted == expected

    # -- the tablets -------------------------------------------------------------------------

    @precondition(lambda self: self.state == "open")
    @rule(
        card=cards,
        choices=st.lists(st.none() | st.integers(0, 2), min_size=OFFICIALS, max_size=OFFICIALS),
    )
    def cast(self, card: Card, choices: list[int | None]) -> None:
        choices = [c if c is None else c % self.levels for c in choices]
        ballot, _ = encrypt_ballot(self.fp, self.key, card.token, choices, self.levels)
        body = ballot.to_dict()
        try:
            cast = voting.cast(self.poll, body)
            db.session.commit()
        except voting.AlreadyVoted as refused:
            db.session.rollback()
            assert card.cast is not None, "refused as used, but the model never cast it"
            assert refused.receipt.tracking_code == card.tracking
            return
        except ServiceError:
            db.session.rollback()
            full = self.cast_count() >= PRESENT  # every delegate present has voted
            assert card.voided or full, "a cast refused on a card the model holds valid"
            return
        assert not card.voided and card.cast is None, "a second ballot on one card"
        assert self.cast_count() < PRESENT, "more ballots than delegates present"
        card.cast, card.choices, card.tracking = body, choices, cast.tracking_code

    @precondition(lambda self: self.state == "open" and any(c.cast for c in self.model))
    @rule(data=st.data())
    def retry(self, data: Any) -> None:
        """The same ballot again (a tablet over a weak Wi-Fi): the same receipt, nothing new."""
        card = data.draw(st.sampled_from([c for c in self.model if c.cast]))
        election = voting.election_of(self.poll)
        outcome = voting.record_cast(self.poll, voting.verify_cast(election, card.cast))
        db.session.commit()
        assert outcome.repeated and outcome.receipt.tracking_code == card.tracking

    @precondition(lambda self: self.state == "tallied")
    @rule(card=cards)
    def after_the_count(self, card: Card) -> None:
        """Once counted, every card is refused."""
        with pytest.raises(ServiceError):
            voting.cast(self.poll, {"credential": card.public})
        db.session.rollback()

    def cast_count(self) -> int:
        return sum(1 for card in self.model if card.cast)

    def teardown(self) -> None:
        """Every run ends counted, so every run checks the tally against the model."""
        if self.state == "ready" and self.model:
            self.open()
        if self.state == "open":
            self.close_and_tally()

    # -- what always holds -------------------------------------------------------------------

    @invariant()
    def one_ballot_per_card(self) -> None:
        rows = db.session.execute(
            select(Ballot.credential_id, func.count())
            .where(Ballot.poll_id == self.poll.id)
            .group_by(Ballot.credential_id)
        ).all()
        assert all(count == 1 for _, count in rows)
        assert len(rows) == sum(1 for card in self.model if card.cast)
        assert db.session.get(Poll, self.poll.id) is not None


def test_voting_state_machine(app: Any) -> None:
    run_state_machine_as_test(
        Voting,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
