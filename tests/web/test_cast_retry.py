"""A tablet retrying a ballot it already cast (its answer was lost) gets the same receipt
without the ballot being verified again (issue 13: a hall retrying over a weak Wi-Fi must not
overload the service); a different ballot on the used card still goes the full way."""

from __future__ import annotations

import pytest

from ballot_service import create_app
from ballot_service.config import ConfigError
from ballot_service.services import voting
from ballot_service.web import vote
from tests.helpers import ballot_for, open_poll_with_cards


def test_a_retry_is_answered_without_verifying_again(client, monkeypatch):
    poll, tokens, _ = open_poll_with_cards(2)
    body = ballot_for(poll, tokens[0])
    url = f"/vote/api/polls/{poll.id}/ballots"
    first = client.post(url, json=body)
    assert first.status_code == 201
    verified: list[object] = []
    real = voting.verify_cast
    monkeypatch.setattr(voting, "verify_cast", lambda *a: verified.append(a) or real(*a))
    again = client.post(url, json=body)
    assert again.status_code == 200
    assert again.get_json()["repeated"] is True
    assert again.get_json()["receipt"] == first.get_json()["receipt"]
    assert verified == []
    other = client.post(url, json=ballot_for(poll, tokens[0], [2, 2, 2, 2]))
    assert other.status_code == 409
    assert (
        other.get_json()["receipt"]["tracking_code"] == first.get_json()["receipt"]["tracking_code"]
    )
    assert len(verified) == 1  # another ballot on a used card is verified, then refused


def test_a_changed_copy_of_a_cast_ballot_is_not_taken_for_a_retry(client):
    poll, tokens, _ = open_poll_with_cards(1)
    body = ballot_for(poll, tokens[0])
    url = f"/vote/api/polls/{poll.id}/ballots"
    assert client.post(url, json=body).status_code == 201
    body["rows"][0]["cells"][0]["alpha"] = "00" * 32  # not the stored ballot any more
    answer = client.post(url, json=body)
    assert answer.status_code in (409, 422), answer.get_json()
    assert answer.get_json().get("repeated") is None


def test_a_cast_past_the_admission_is_told_to_come_back_and_loses_nothing(app, client):
    """A whole hall casting at once: a cast that finds every turn taken waits a moment, then
    is told to come back (429, Retry-After, in the delegate's language); nothing is stored, and
    the same ballot sent again is cast."""
    app.config["CASTS_AT_ONCE"] = 1
    poll, tokens, _ = open_poll_with_cards(1)
    body = ballot_for(poll, tokens[0])
    url = f"/vote/api/polls/{poll.id}/ballots"
    admission = vote._admission()
    assert admission.acquire(timeout=0)  # another cast holds the only turn
    try:
        busy = client.post(url, json=body)
    finally:
        admission.release()
    assert busy.status_code == 429
    assert busy.headers["Retry-After"] == str(vote.RETRY_AFTER)
    answer = busy.get_json()
    assert answer["retry_after"] == vote.RETRY_AFTER
    assert "phiếu" in answer["error"]  # Vietnamese by default
    assert voting.ballots(poll) == []
    cast = client.post(url, json=body)
    assert cast.status_code == 201
    assert [b.tracking_code for b in voting.ballots(poll)] == [
        cast.get_json()["receipt"]["tracking_code"]
    ]


@pytest.mark.parametrize(("value", "limit"), [("", None), ("1", 1), ("64", 64)])
def test_casts_at_once_setting(monkeypatch, tmp_path, value, limit):
    """BALLOT_CASTS_AT_ONCE is read at start-up (unset: from the verification processes)."""
    monkeypatch.setenv("BALLOT_CASTS_AT_ONCE", value)
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    app = create_app({"ENGINE": object(), "SECRET_KEY": "k" * 40, "DATABASE_URL": url})
    assert app.config["CASTS_AT_ONCE"] == limit


@pytest.mark.parametrize("value", ["0", "many", "-3", "2000"])
def test_a_bad_casts_at_once_setting_stops_the_start(monkeypatch, tmp_path, value):
    monkeypatch.setenv("BALLOT_CASTS_AT_ONCE", value)
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    with pytest.raises(ConfigError, match="BALLOT_CASTS_AT_ONCE"):
        create_app({"ENGINE": object(), "SECRET_KEY": "k" * 40, "DATABASE_URL": url})
