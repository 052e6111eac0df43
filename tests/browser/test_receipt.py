"""The receipt check and the witness in headless Chromium, against a live server on localhost.

The app runs on a free port in a background thread (werkzeug) with a temporary SQLite database
and log key, after a small simulated election. Skipped only when Chromium is missing outside CI.
http://127.0.0.1 is a secure context, so WebCrypto (SHA-256, Ed25519) is available.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.ledger import keys as key_files
from ballot_service.models import Checkpoint, Poll
from ballot_service.services import ledger_log, lifecycle, voting, witness
from tests.browser.conftest import CHROMIUM
from tests.conftest import migrated_engine
from tests.live import live_app, serving

STORAGE_PREFIX = "ballot_service/witness/"  # as in static/js/checkpoints.js

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"{CHROMIUM} is missing (in CI the browser tests must run)",
    ),
]


class Election:
    """The live server's URL and what the tests need to know about its one poll."""

    def __init__(self, url: str, poll: Poll) -> None:
        self.url = url
        self.poll_id = poll.id
        self.log_id = ledger_log.poll_log_id(poll)
        self.codes = [b.tracking_code for b in voting.ballots(poll)]
        rows = db.session.scalars(select(Checkpoint).where(Checkpoint.log_id == self.log_id)).all()
        self.roots = {row.size: row.root.hex() for row in rows}
        self.notes = {row.size: witness.signed_note(row) for row in rows}  # as the board shows
        self.size = max(self.roots)
        self.fingerprint = key_files.display_fingerprint(ledger_log.signing_key().public_key())


@contextmanager
def live_server(
    param: str, tmp: Path, *, published: bool = True
) -> Iterator[tuple[Any, Any, Election]]:
    """A live server on a free port after a small simulated election, published unless asked
    otherwise: (engine, app, election)."""
    with migrated_engine(param, tmp) as engine:
        app = live_app(engine, tmp, "browser")
        with serving(app) as url:
            with app.app_context():
                outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=11)
                poll = db.session.get(Poll, outcome.poll_id)
                if published:  # the board's head is the whole log (before: short of the count)
                    lifecycle.transition(poll, "published")
                    db.session.commit()
                election = Election(url, poll)
            db.session.remove()
            yield engine, app, election


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, Election]]:
    with live_server(request.param, tmp_path_factory.mktemp("browser")) as (engine, _app, found):
        yield engine, found


@pytest.fixture
def election(live: tuple[Any, Election]) -> Election:
    engine, found = live
    db.bind(engine)  # other test modules point the shared session elsewhere
    return found


def _remember(page: Any, election: Election, value: dict[str, Any]) -> None:
    """Write what the witness remembers, from a page of the same origin without the witness."""
    page.goto(f"{election.url}/board/receipt")
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [STORAGE_PREFIX + election.log_id, json.dumps(value)],
    )


def _remembered(page: Any, election: Election) -> dict[str, Any]:
    text = page.evaluate("(key) => localStorage.getItem(key)", STORAGE_PREFIX + election.log_id)
    return json.loads(text)


def _state(page: Any, selector: str, state: str) -> None:
    page.wait_for_selector(f'{selector}[data-state="{state}"]')


# --- the receipt check --------------------------------------------------------------------------


def test_receipt_is_verified(page, election):
    page.goto(f"{election.url}/board/ballots/{election.codes[0]}")
    _state(page, "#receipt-check", "verified")
    steps = page.locator("#receipt-check [data-step]")
    assert steps.count() == 4
    for i in range(4):
        assert steps.nth(i).get_attribute("data-result") == "ok"
    assert page.locator("#receipt-check .receipt-status.verified").is_visible()
    assert page.locator("#receipt-check .receipt-key").inner_text() == election.fingerprint
    # the first visit makes the browser remember the signed checkpoint
    _state(page, "#witness", "first")
    assert page.locator("#witness .alarm").is_hidden()
    remembered = _remembered(page, election)
    assert remembered["size"] == election.size
    assert remembered["root"] == election.roots[election.size]
    assert remembered["note"] == election.notes[election.size]


def test_receipt_lookup_by_short_code_then_verified(page, election):
    page.goto(f"{election.url}/board/receipt")
    ballot_page = f"{election.url}/board/ballots/{election.codes[1]}"
    page.goto(ballot_page)
    short = page.locator("dl.facts code").first.inner_text()
    page.goto(f"{election.url}/board/receipt")
    page.fill("#code", short.lower())
    page.click("form button[type=submit]")
    page.wait_for_url(ballot_page)
    _state(page, "#receipt-check", "verified")


def _tamper(page: Any, election: Election, change: Any) -> None:
    def handle(route: Any) -> None:
        response = route.fetch()
        body = response.json()
        change(body)
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/board/api/ballots/*/proof", handle)


def _flip(hex_text: str) -> str:
    return ("1" if hex_text[0] == "0" else "0") + hex_text[1:]


def _flip_proof_hash(d: dict[str, Any]) -> None:
    d["inclusion_proof"][0] = _flip(d["inclusion_proof"][0])


def _flip_signature(d: dict[str, Any]) -> None:
    d["checkpoint"]["signature"]["sig"] = _flip(d["checkpoint"]["signature"]["sig"])


@pytest.mark.parametrize(
    ("change", "failing_step"),
    [
        (_flip_proof_hash, "inclusion"),
        (lambda d: d.update(leaf=d["leaf"].replace('"seq":', '"seq": ')), "inclusion"),
        (lambda d: d.update(leaf_index=d["leaf_index"] - 1), "entry"),
        (_flip_signature, "signature"),
        (lambda d: d["checkpoint"].update(root=_flip(d["checkpoint"]["root"])), "signature"),
    ],
    ids=["proof-hash", "leaf-bytes", "leaf-index", "signature", "root"],
)
def test_receipt_tampering_is_named(page, election, change, failing_step):
    _tamper(page, election, change)
    page.goto(f"{election.url}/board/ballots/{election.codes[0]}")
    _state(page, "#receipt-check", "failed")
    status = page.locator("#receipt-check .receipt-status")
    assert status.get_attribute("role") == "alert"
    failed = page.locator(f'#receipt-check [data-step="{failing_step}"]')
    assert failed.get_attribute("data-result") == "fail"
    label = failed.inner_text().splitlines()[0].strip()
    assert label in status.inner_text()  # the red message names what failed


# --- the witness ---------------------------------------------------------------------------------


def test_witness_accepts_a_grown_log(page, election):
    earlier = 5
    _remember(
        page,
        election,
        {"size": earlier, "root": election.roots[earlier], "note": election.notes[earlier]},
    )
    page.goto(f"{election.url}/board/polls/{election.poll_id}")
    _state(page, "#witness", "consistent")
    assert str(earlier) in page.locator("#witness .witness-status").inner_text()
    assert page.locator("#witness .alarm").is_hidden()
    assert _remembered(page, election)["size"] == election.size  # it moved forward


def _assert_alarm_and_kept(page: Any, election: Election, remembered: dict[str, Any]) -> None:
    for path in ("", "/credentials", "/ballots"):
        page.goto(f"{election.url}/board/polls/{election.poll_id}{path}")
        _state(page, "#witness", "alarm")
        alarm = page.locator('#witness .alarm[role="alert"]')
        assert alarm.is_visible()
        assert str(remembered["size"]) in alarm.inner_text()
        assert _remembered(page, election) == remembered  # never overwritten by a bad one


def test_witness_alarm_when_the_log_shrank(page, election):
    bigger = {"size": election.size + 3, "root": "ab" * 32, "note": "remembered"}
    _remember(page, election, bigger)
    _assert_alarm_and_kept(page, election, bigger)


def test_witness_alarm_on_a_fork(page, election):
    earlier = 7
    forked = {"size": earlier, "root": _flip(election.roots[earlier]), "note": "a fork"}
    _remember(page, election, forked)
    _assert_alarm_and_kept(page, election, forked)


def test_witness_alarm_on_a_bad_signature(page, election):
    genuine = {
        "size": election.size,
        "root": election.roots[election.size],
        "note": election.notes[election.size],
    }
    _remember(page, election, genuine)

    def forge(route: Any) -> None:
        response = route.fetch()
        body = response.json()
        note = body["note"]
        end = note.index("\n", note.index("\n\n") + 2)  # the log's line (cosignatures follow)
        at = end - 10  # inside the Ed25519 signature, past the key id
        body["note"] = note[:at] + ("B" if note[at] == "A" else "A") + note[at + 1 :]
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/board/api/polls/*/checkpoint", forge)
    page.goto(f"{election.url}/board/polls/{election.poll_id}")
    _state(page, "#witness", "alarm")
    assert page.locator('#witness .alarm[role="alert"]').is_visible()
    assert _remembered(page, election) == genuine
