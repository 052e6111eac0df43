"""The public bulletin board and its JSON API, on a small simulated election; record downloads."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.crypto.ballot_types import short_code
from ballot_service.devtools import simulation
from ballot_service.ledger import keys as key_files
from ballot_service.ledger.checkpoint import SignedCheckpoint, verify_checkpoint
from ballot_service.ledger.errors import InclusionProofError
from ballot_service.ledger.hasher import EMPTY_ROOT, hash_leaf
from ballot_service.ledger.proofs import verify_consistency, verify_inclusion
from ballot_service.models import Checkpoint, Poll
from ballot_service.record.codec import decode_record
from ballot_service.services import ledger_log, lifecycle, voting
from tests.helpers import login, make_poll, make_user

SPARE_REASON = "thẻ dự phòng không dùng"  # what the simulation writes when it voids its spares


@pytest.fixture
def election(app) -> Poll:
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=7)
    poll = db.session.get(Poll, outcome.poll_id)
    # published: the board's head is the whole log (before, it stops short of the count:
    # tests/counting/test_publication.py)
    lifecycle.transition(poll, "published")
    db.session.commit()
    return poll


def _short(code: str) -> str:
    return short_code(bytes.fromhex(code))


def _roots(poll: Poll) -> dict[int, bytes]:
    """The root of every signed checkpoint of the poll's log, by size."""
    rows = db.session.scalars(
        select(Checkpoint).where(Checkpoint.log_id == ledger_log.poll_log_id(poll))
    )
    return {row.size: row.root for row in rows}


def _public_key(data: dict) -> object:
    return key_files.public_key_from_raw(bytes.fromhex(data["public_keys"][0]))


# --- pages ---------------------------------------------------------------------------------------


def test_index_and_poll_page(client, election):
    assert election.title in client.get("/").get_data(as_text=True)
    page = client.get(f"/board/polls/{election.id}").get_data(as_text=True)
    signed = SignedCheckpoint.from_note(
        ledger_log.latest_checkpoint(ledger_log.poll_log_id(election)).body
    )
    assert signed.to_note().split("\n")[0] in page  # the signed note is shown
    assert signed.checkpoint.root.hex() in page
    fingerprint = key_files.display_fingerprint(ledger_log.signing_key().public_key())
    assert fingerprint in page
    assert 'id="witness"' in page and "js/witness.js" in page
    assert f'data-log-id="{ledger_log.poll_log_id(election)}"' in page
    raw = key_files.public_key_raw(ledger_log.signing_key().public_key()).hex()
    assert raw in page  # witness.js verifies against the key the page publishes
    assert "/audit/" not in page  # no download link for the public


def test_credentials_page_marks_voided_cards(client, election):
    page = client.get(f"/board/polls/{election.id}/credentials").get_data(as_text=True)
    assert page.count('class="voided"') == 2
    assert page.count(SPARE_REASON) == 2
    assert len(re.findall(r"<code>[0-9a-f]{64}</code>", page)) == 6  # 4 delegates + 2 spares


def test_ballots_page_lists_every_ballot(client, election):
    page = client.get(f"/board/polls/{election.id}/ballots").get_data(as_text=True)
    cast = voting.ballots(election)
    assert len(cast) == 4
    for ballot in cast:
        assert ballot.tracking_code in page
        assert _short(ballot.tracking_code) in page
        assert f'#entry-{ballot.log_index}">{ballot.log_index + 1}</a></td>' in page  # from 1


def test_ballot_page(client, election):
    ballot = voting.ballots(election)[0]
    response = client.get(f"/board/ballots/{ballot.tracking_code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _short(ballot.tracking_code) in page
    assert f"&#34;credential&#34;: &#34;{ballot.body['credential']}&#34;" in page  # its JSON
    assert f'data-log-index="{ballot.log_index}"' in page
    assert f'data-tracking-code="{ballot.tracking_code}"' in page
    assert 'src="/static/js/receipt.js"' in page and 'type="module"' in page


def test_ballot_page_by_short_code_redirects(client, election):
    ballot = voting.ballots(election)[0]
    for code in (_short(ballot.tracking_code), ballot.tracking_code.upper()):
        response = client.get(f"/board/ballots/{code}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/board/ballots/{ballot.tracking_code}")


def test_ballot_page_bad_and_unknown_codes(client, election):
    assert client.get("/board/ballots/not-a-code").status_code == 400
    assert client.get(f"/board/ballots/{'0' * 64}").status_code == 404


def test_receipt_form(client, election):
    ballot = voting.ballots(election)[1]
    assert client.get("/board/receipt").status_code == 200
    short = _short(ballot.tracking_code)
    # full code, upper-case, short code, short code typed loosely (lower case, spaces, O for 0)
    loose = short.lower().replace("-", " ").replace("0", "o")
    for typed in (ballot.tracking_code, ballot.tracking_code.upper(), short, loose):
        response = client.get("/board/receipt", query_string={"code": f"  {typed} "})
        assert response.status_code == 302, typed
        assert response.headers["Location"].endswith(f"/board/ballots/{ballot.tracking_code}")


def test_receipt_form_errors(client, election):
    bad = client.get("/board/receipt", query_string={"code": "12345"})
    assert bad.status_code == 400
    assert 'role="alert"' in bad.get_data(as_text=True)
    assert "XXXX-XXXX-XXXX-XXXX" in bad.get_data(as_text=True)
    unknown = client.get("/board/receipt", query_string={"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    assert unknown.status_code == 404
    assert 'role="alert"' in unknown.get_data(as_text=True)


def test_check_encryption_page_loads_its_module_and_takes_nothing(client, election):
    response = client.get("/board/check-encryption")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'src="/static/js/check_encryption.js"' in page and 'type="module"' in page
    assert "Tín nhiệm cao" in page and "Không tín nhiệm" in page  # the level words, for the JS
    section = page[page.index('id="check-encryption"') : page.index("</section>")]
    assert "<form" in section and "method=" not in section and "name=" not in section
    assert client.post("/board/check-encryption", data={"x": "1"}).status_code == 405


def test_board_pages_have_no_inline_script_or_style(client, election):
    ballot = voting.ballots(election)[0]
    paths = [
        "/",
        "/board/receipt",
        "/board/check-encryption",
        f"/board/polls/{election.id}",
        f"/board/polls/{election.id}/credentials",
        f"/board/polls/{election.id}/ballots",
        f"/board/ballots/{ballot.tracking_code}",
    ]
    for path in paths:
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert not re.search(r"\sstyle=|<style", page), path
        assert not re.search(r"<[^>]+\son[a-z]+=", page), path  # no onclick= and the like


# --- JSON API -------------------------------------------------------------------------------------


def _get_json(client, path: str, status: int = 200) -> dict:
    response = client.get(path)
    assert response.status_code == status, (path, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def test_api_checkpoint_is_signed(client, election):
    data = _get_json(client, f"/board/api/polls/{election.id}/checkpoint")
    log_id = ledger_log.poll_log_id(election)
    assert data["log_id"] == log_id
    signed = SignedCheckpoint.from_dict(data["checkpoint"])
    assert SignedCheckpoint.from_note(data["note"]) == signed
    checkpoint = verify_checkpoint(signed, _public_key(data), log_id=log_id)
    assert checkpoint.root == _roots(election)[checkpoint.size]
    assert max(_roots(election)) == checkpoint.size


def test_api_inclusion_proofs_verify(client, election):
    keys = _get_json(client, f"/board/api/polls/{election.id}/checkpoint")
    for ballot in voting.ballots(election):
        data = _get_json(client, f"/board/api/ballots/{ballot.tracking_code}/proof")
        assert data["log_id"] == ledger_log.poll_log_id(election)
        assert data["leaf_index"] == ballot.log_index
        entry = json.loads(data["leaf"])
        assert entry["type"] == "ballot_cast" and entry["seq"] == ballot.log_index
        assert entry["data"]["tracking_code"] == ballot.tracking_code
        signed = SignedCheckpoint.from_dict(data["checkpoint"])
        checkpoint = verify_checkpoint(signed, _public_key(keys), log_id=data["log_id"])
        assert data["tree_size"] == checkpoint.size
        proof = [bytes.fromhex(h) for h in data["inclusion_proof"]]
        leaf_hash = hash_leaf(data["leaf"].encode("utf-8"))
        verify_inclusion(leaf_hash, data["leaf_index"], data["tree_size"], proof, checkpoint.root)
        with pytest.raises(InclusionProofError):  # and a ballot is bound to its own index
            verify_inclusion(
                leaf_hash, data["leaf_index"] - 1, data["tree_size"], proof, checkpoint.root
            )


def test_api_proof_by_short_code(client, election):
    ballot = voting.ballots(election)[2]
    data = _get_json(client, f"/board/api/ballots/{_short(ballot.tracking_code)}/proof")
    assert data["tracking_code"] == ballot.tracking_code


def test_api_consistency_proofs_verify(client, election):
    roots = _roots(election)
    latest = max(roots)
    for size in (0, 1, 2, 5, latest // 2, latest - 1, latest):
        data = _get_json(client, f"/board/api/polls/{election.id}/consistency?from={size}")
        assert (data["from"], data["to"]) == (size, latest)
        assert data["checkpoint"]["size"] == latest
        old_root = roots.get(size, EMPTY_ROOT)  # size 0 has no checkpoint: MTH({})
        proof = [bytes.fromhex(h) for h in data["proof"]]
        verify_consistency(size, latest, proof, old_root, roots[latest])


def test_api_errors(client, election):
    base = f"/board/api/polls/{election.id}"
    latest = max(_roots(election))
    for query in (
        "",
        "?from=",
        "?from=abc",
        "?from=-1",
        "?from=1.5",
        "?from=%EF%BC%91",
        f"?from={latest + 1}",
        f"?from={10**20}",
    ):
        assert "error" in _get_json(client, f"{base}/consistency{query}", 400), query
    assert "error" in _get_json(client, "/board/api/polls/999999/checkpoint", 404)
    assert "error" in _get_json(client, "/board/api/polls/999999/consistency?from=0", 404)
    assert "error" in _get_json(client, "/board/api/ballots/xyz/proof", 400)
    assert "error" in _get_json(client, f"/board/api/ballots/{'ab' * 32}/proof", 404)
    assert "error" in _get_json(client, "/board/api/ballots/ZZZZ-ZZZZ-ZZZZ-ZZZZ/proof", 404)


# --- auditor downloads --------------------------------------------------------------------------


def test_record_download_needs_login(client, election):
    response = client.get(f"/audit/polls/{election.id}/record")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["auditor", "committee", "admin"])
def test_record_download(client, election, role):
    make_user(f"the{role}", role)
    assert login(client, f"the{role}").status_code == 302
    page = client.get(f"/board/polls/{election.id}").get_data(as_text=True)
    assert f'href="/audit/polls/{election.id}/record"' in page
    response = client.get(f"/audit/polls/{election.id}/record")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert f'filename="record-poll-{election.id}.zip"' in response.headers["Content-Disposition"]
    record, _header = decode_record(response.get_data())
    assert record.log["log_id"] == ledger_log.poll_log_id(election)
    assert len(record.ballots) == 4


def test_record_of_an_untallied_poll_is_409(client, app):
    poll = make_poll()
    make_user("theauditor", "auditor")
    login(client, "theauditor")
    page = client.get(f"/board/polls/{poll.id}").get_data(as_text=True)
    assert f"/audit/polls/{poll.id}/record" not in page
    response = client.get(f"/audit/polls/{poll.id}/record")
    assert response.status_code == 409
    assert poll.title in response.get_data(as_text=True)
    assert client.get("/audit/polls/999999/record").status_code == 404
