"""The witness and the receipt check trust no key the page sends (issue 10.23).

The witness remembers, with the checkpoint, the log key that signed it. A later checkpoint signed
by another key is accepted only when the change follows logged rotations, each a `key_rotated`
entry of the service log included in a checkpoint signed by the key it retires (docs/LOG.md §8);
otherwise the alarm is raised and nothing is overwritten. The receipt check consults the same
memory. Run against a live server in headless Chromium, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service import db
from ballot_service.ledger import keys as key_files
from ballot_service.models import Poll
from ballot_service.services import ledger_log, lifecycle
from tests.browser.test_receipt import (
    Election,
    _remember,
    _remembered,
    _state,
    live_server,
)
from tests.browser.test_receipt import pytestmark as pytestmark


@pytest.fixture(params=["sqlite", "postgresql"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, Any, Election]]:
    """A server of its own per test: one test rotates the key."""
    with live_server(request.param, tmp_path_factory.mktemp("keys")) as found:
        yield found


@pytest.fixture(params=["sqlite", "postgresql"])
def served_tallied(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, Any, Election]]:
    """The same, the poll tallied but not published yet (its publication grows the log)."""
    with live_server(request.param, tmp_path_factory.mktemp("keys"), published=False) as found:
        yield found


def _genuine(election: Election, key_hex: str) -> dict[str, Any]:
    size = election.size
    return {
        "size": size,
        "root": election.roots[size],
        "note": election.notes[size],
        "key": key_hex,
    }


def _current_key(app: Any) -> str:
    with app.app_context():
        return key_files.public_key_raw(ledger_log.signing_key().public_key()).hex()


def _other_key() -> str:
    return key_files.public_key_raw(Ed25519PrivateKey.generate().public_key()).hex()


def test_witness_alarm_when_the_key_changed_without_a_logged_rotation(page, served):
    """issue 10.23: the browser saw checkpoints signed by one key; the page now sends another
    (an attacker's, listed among the published keys) with no rotation signed by the first."""
    _engine, _app, election = served
    remembered = _genuine(election, _other_key())
    _remember(page, election, remembered)
    page.goto(f"{election.url}/board/polls/{election.poll_id}")
    _state(page, "#witness", "alarm")
    alarm = page.locator('#witness .alarm[role="alert"]').inner_text()
    assert "no rotation signed by the earlier key" in alarm or "không ghi lần thay khóa" in alarm
    assert election.fingerprint in alarm  # the key the page uses now, named
    assert _remembered(page, election) == remembered  # never overwritten


def test_receipt_check_fails_when_the_key_changed_without_a_logged_rotation(page, served):
    """issue 10.23: the receipt check consults what the witness remembers about the log key."""
    _engine, _app, election = served
    _remember(page, election, _genuine(election, _other_key()))
    page.goto(f"{election.url}/board/ballots/{election.codes[0]}")
    _state(page, "#receipt-check", "failed")
    failed = page.locator('#receipt-check [data-step="signature"]')
    assert failed.get_attribute("data-result") == "fail"
    assert "no logged rotation" in failed.inner_text()


def test_logged_rotation_is_followed(page, served_tallied):
    """issue 10.23: after `keys rotate` (logged, signed by the old key) the witness accepts the
    new key's checkpoints and remembers the new key; so does the receipt check."""
    engine, app, election = served_tallied
    old_key = _current_key(app)
    page.goto(f"{election.url}/board/polls/{election.poll_id}")
    _state(page, "#witness", "first")
    assert _remembered(page, election)["key"] == old_key

    db.bind(engine)
    result = app.test_cli_runner().invoke(args=["keys", "rotate", "--reason", "test"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        poll = db.session.get(Poll, election.poll_id)
        lifecycle.transition(poll, "published")  # new poll checkpoints, signed by the new key
        db.session.commit()
    db.session.remove()
    new_key = _current_key(app)
    assert new_key != old_key

    page.goto(f"{election.url}/board/polls/{election.poll_id}")
    _state(page, "#witness", "consistent")
    assert page.locator("#witness .alarm").is_hidden()
    assert _remembered(page, election)["key"] == new_key
    page.goto(f"{election.url}/board/ballots/{election.codes[0]}")
    _state(page, "#receipt-check", "verified")


def test_rotation_api_proves_each_rotation(served):
    """The board lists each logged rotation with the checkpoint the old key signed over it."""
    engine, app, _election = served
    db.bind(engine)
    client = app.test_client()
    assert client.get("/board/api/key-rotations").get_json()["rotations"] == []
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    rotations = client.get("/board/api/key-rotations").get_json()["rotations"]
    assert len(rotations) == 1
    item = rotations[0]
    assert item["tree_size"] == item["leaf_index"] + 1
    assert '"type":"key_rotated"' in item["leaf"]
