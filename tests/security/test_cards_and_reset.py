"""Security regression suite, the committee's powers: ballot cards and the key ceremony
(issue 10.5).

The attack: cards issued during the key ceremony survived a reset to draft and were counted as
issued after the new ceremony.
"""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.devtools import simulation
from ballot_service.models import Credential as CredentialRow
from ballot_service.models import LogEntry
from ballot_service.services import cards, lifecycle
from ballot_service.services.errors import Conflict
from tests.helpers import make_poll, make_user


def _card(poll) -> str:
    return Credential.from_token(bytes.fromhex(poll.fingerprint), new_token()).public.hex()


def _log(poll) -> list[dict]:
    leaves = db.session.scalars(
        select(LogEntry.leaf)
        .where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
        .order_by(LogEntry.seq)
    ).all()
    return [json.loads(leaf) for leaf in leaves]


def test_no_card_before_the_poll_is_ready(app):
    """issue 10.5: no card during the key ceremony, neither before the key is fixed nor after
    (the poll can still go back to draft then); cards once ready, logged after the key."""
    poll = make_poll(level="commune")
    lifecycle.transition(poll, "key_ceremony")
    with pytest.raises(Conflict):
        cards.issue(poll, [_card(poll)])
    simulation.play_ceremony(poll, secrets.token_bytes)
    assert poll.election_key is not None and poll.state == "key_ceremony"
    with pytest.raises(Conflict):
        cards.issue(poll, [_card(poll)])
    assert db.session.scalars(select(CredentialRow)).all() == []
    lifecycle.transition(poll, "ready")
    assert cards.issue(poll, [_card(poll)]) == 1
    types = [e["type"] for e in _log(poll)]
    assert types.index("election_key") < types.index("credentials_issued")


def test_a_reset_to_draft_voids_every_card(app):
    """issue 10.5: cards a database kept from a key ceremony (as the old code issued them) are
    voided, each logged, when the poll goes back to draft; none counts as issued after."""
    poll = make_poll(level="commune")
    lifecycle.transition(poll, "key_ceremony")
    kept = [_card(poll) for _ in range(3)]
    for key in kept:  # what cards.issue used to accept during the key ceremony
        db.session.add(CredentialRow(poll_id=poll.id, public_key=key, batch=1))
    db.session.flush()
    lifecycle.request_move(poll, "draft", make_user("thuky", "admin"))
    assert [void for _, void in cards.listing(poll)] == [
        "the poll went back to draft; the key ceremony starts again"
    ] * 3
    voided = [e["data"]["credential"] for e in _log(poll) if e["type"] == "credential_voided"]
    assert voided == kept
