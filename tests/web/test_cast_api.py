"""The cast endpoint a tablet calls (issue 11.4): one ballot per card, retries answered with the
same receipt, every refusal a specific 4xx with a translated message, nothing stored on refusal."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from ballot_service import db
from ballot_service.ledger.checkpoint import SignedCheckpoint, verify_checkpoint
from ballot_service.ledger.hasher import hash_leaf
from ballot_service.ledger.proofs import verify_inclusion
from ballot_service.models import Ballot
from ballot_service.services import cards, ledger_log, lifecycle
from tests.helpers import ballot_for, open_poll_with_cards


@pytest.fixture
def opened(app):
    return open_poll_with_cards()


def _url(poll) -> str:
    return f"/vote/api/polls/{poll.id}/ballots"


def _ballots() -> int:
    return db.session.scalar(select(func.count()).select_from(Ballot)) or 0


def test_cast_answers_a_receipt_with_its_inclusion_proof(client, opened):
    poll, tokens, _ = opened
    response = client.post(_url(poll), json=ballot_for(poll, tokens[0]))
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["repeated"] is False
    receipt = answer["receipt"]
    assert len(receipt["tracking_code"]) == 64 and "-" in receipt["short_code"]
    # the receipt proves itself: the entry, its path, and a checkpoint signed by the log key
    signed = SignedCheckpoint.from_note(receipt["note"])
    key = ledger_log.signing_key().public_key()
    verify_checkpoint(signed, key, log_id=receipt["log_id"])
    verify_inclusion(
        hash_leaf(receipt["leaf"].encode()),
        receipt["leaf_index"],
        receipt["tree_size"],
        [bytes.fromhex(h) for h in receipt["inclusion_proof"]],
        signed.checkpoint.root,
    )
    assert receipt["tracking_code"] in receipt["leaf"]
    assert response.headers["Cache-Control"] == "no-store"
    assert _ballots() == 1


def test_the_same_ballot_again_gives_the_same_receipt(client, opened):
    """A tablet that lost the answer over the Wi-Fi sends the same ballot again: 200, the same
    receipt, nothing added."""
    poll, tokens, _ = opened
    body = ballot_for(poll, tokens[0])
    first = client.post(_url(poll), json=body).get_json()["receipt"]
    again = client.post(_url(poll), json=body)
    assert again.status_code == 200
    assert again.get_json()["repeated"] is True
    assert again.get_json()["receipt"]["tracking_code"] == first["tracking_code"]
    assert _ballots() == 1


def test_another_ballot_on_a_used_card_is_409_with_the_first_receipt(client, opened):
    poll, tokens, _ = opened
    first = client.post(_url(poll), json=ballot_for(poll, tokens[0])).get_json()["receipt"]
    other = client.post(_url(poll), json=ballot_for(poll, tokens[0], [None, 0, 0, 0]))
    assert other.status_code == 409
    assert other.get_json()["receipt"]["tracking_code"] == first["tracking_code"]
    assert "đã được sử dụng" in other.get_json()["error"]
    assert _ballots() == 1


def _flip(hex_text: str) -> str:
    return ("1" if hex_text[0] == "0" else "0") + hex_text[1:]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (
            lambda b: b["rows"][0]["cells"][0].update(
                alpha=_flip(b["rows"][0]["cells"][0]["alpha"])
            ),
            422,
        ),
        (lambda b: b["signature"].update(response=_flip(b["signature"]["response"])), 422),
        (lambda b: b.pop("rows"), 422),
        (lambda b: b.update(election=_flip(b["election"])), 422),
    ],
    ids=["point", "signature", "shape", "election"],
)
def test_a_bad_ballot_is_refused_and_nothing_is_stored(client, opened, change, status):
    poll, tokens, _ = opened
    body = copy.deepcopy(ballot_for(poll, tokens[0]))
    change(body)
    response = client.post(_url(poll), json=body)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert _ballots() == 0
    # the card still works
    assert client.post(_url(poll), json=ballot_for(poll, tokens[0])).status_code == 201


def test_unknown_card_voided_card_closed_poll(client, opened):
    poll, tokens, _ = opened
    from ballot_service.crypto.credentials import new_token

    stranger = client.post(_url(poll), json=ballot_for(poll, new_token()))
    assert stranger.status_code == 404
    assert "chưa được đăng ký" in stranger.get_json()["error"]  # translated

    fp = bytes.fromhex(poll.fingerprint)
    from ballot_service.crypto.credentials import Credential

    cards.void(poll, Credential.from_token(fp, tokens[1]).public.hex(), "spare")
    db.session.commit()
    voided = client.post(_url(poll), json=ballot_for(poll, tokens[1]))
    assert voided.status_code == 409

    lifecycle.transition(poll, "closed")
    db.session.commit()
    closed = client.post(_url(poll), json=ballot_for(poll, tokens[2]))
    assert closed.status_code == 409
    assert _ballots() == 0


def test_wrong_content_type_and_bad_json(client, opened):
    poll, _tokens, _ = opened
    assert client.post(_url(poll), data="x", content_type="text/plain").status_code == 415
    bad = client.post(_url(poll), data="{not json", content_type="application/json")
    assert bad.status_code == 400
    assert client.post(_url(poll), json=[1, 2]).status_code == 422
    assert client.post("/vote/api/polls/999999/ballots", json={}).status_code == 404


def test_the_ballot_is_verified_outside_any_transaction(client, opened, monkeypatch):
    """The expensive verification holds no lock: no database transaction is open while it runs
    (on SQLite a transaction holds the write lock from its start; on PostgreSQL the poll's row
    lock lasts until the commit), so casts in the hall are verified in parallel."""
    from ballot_service.services import voting

    poll, tokens, _ = opened
    seen = []
    verify = voting.verify_cast

    def watched(election, body):
        seen.append(db.session().in_transaction())
        return verify(election, body)

    monkeypatch.setattr(voting, "verify_cast", watched)
    assert client.post(_url(poll), json=ballot_for(poll, tokens[0])).status_code == 201
    assert seen == [False]


def test_no_more_ballots_than_delegates_present(client, opened):
    """A spare card left unvoided cannot add a ballot beyond the delegates present (N ≤ P is a
    rule of the record: ballot-verify refuses a record that breaks it)."""
    poll, tokens, _ = opened
    poll.delegates_present = 2  # as if two delegates were present when the poll opened
    db.session.commit()
    assert client.post(_url(poll), json=ballot_for(poll, tokens[0])).status_code == 201
    assert client.post(_url(poll), json=ballot_for(poll, tokens[1])).status_code == 201
    third = client.post(_url(poll), json=ballot_for(poll, tokens[2]))
    assert third.status_code == 409
    assert "2" in third.get_json()["error"]
    assert _ballots() == 2


def test_an_unknown_or_voided_card_costs_no_verification(client, opened, monkeypatch):
    """Anyone may post to the cast endpoint: a ballot on a card the poll never issued (or
    voided) is refused before the costly verification, so junk cannot load the laptop."""
    from ballot_service.crypto.credentials import Credential, new_token
    from ballot_service.services import voting

    poll, tokens, _ = opened
    calls = []
    monkeypatch.setattr(voting, "verify_cast", lambda *a: calls.append(a))
    assert client.post(_url(poll), json=ballot_for(poll, new_token())).status_code == 404
    fp = bytes.fromhex(poll.fingerprint)
    cards.void(poll, Credential.from_token(fp, tokens[0]).public.hex(), "spare")
    db.session.commit()
    assert client.post(_url(poll), json=ballot_for(poll, tokens[0])).status_code == 409
    assert calls == []
