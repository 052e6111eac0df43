"""A tablet retrying a ballot it already cast (its answer was lost) gets the same receipt
without the ballot being verified again (issue 13: a hall retrying over a weak Wi-Fi must not
overload the service); a different ballot on the used card still goes the full way."""

from __future__ import annotations

from ballot_service.services import voting
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
