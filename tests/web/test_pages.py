"""Fixes to the existing pages (issue 14): the auditor's home, the board's results, the roster."""

from __future__ import annotations

import pytest

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import Poll
from tests.helpers import login, make_poll, make_user


@pytest.fixture
def election(app) -> Poll:
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=7)
    return db.session.get(Poll, outcome.poll_id)


# --- item 13: the auditor's home -----------------------------------------------------------------


def test_auditor_home_lists_the_records_to_download(app, client, election):
    draft = make_poll()
    make_user("kiemtoan", "auditor")
    response = login(client, "kiemtoan")
    assert response.headers["Location"].endswith("/audit/")
    page = client.get("/audit/").get_data(as_text=True)
    ready = page.split('id="records-ready"', 1)[1].split("</table>", 1)[0]
    waiting = page.split('id="records-waiting"', 1)[1].split("</table>", 1)[0]
    assert f"/audit/polls/{election.id}/record" in ready
    assert f"/board/polls/{election.id}/minutes" in ready
    assert draft.title in waiting and f"/audit/polls/{draft.id}/record" not in page
    assert client.get(f"/audit/polls/{election.id}/record").status_code == 200


def test_auditor_home_needs_a_login(client):
    assert client.get("/audit/").status_code in (302, 401)


# --- item 7: the board shows the result once tallied ---------------------------------------------


def test_board_shows_the_result_and_links_minutes_and_record(client, election):
    draft = make_poll()
    page = client.get(f"/board/polls/{election.id}").get_data(as_text=True)
    assert 'id="result"' in page
    result = page.split('id="result"', 1)[1].split("</section>", 1)[0]
    for row in election.rated:
        assert row.official.name in result
    assert f"/board/polls/{election.id}/minutes" in result
    assert "/audit/" not in result  # the record is downloaded after logging in
    make_user("kiemtoan", "auditor")
    login(client, "kiemtoan")
    logged_in = client.get(f"/board/polls/{election.id}").get_data(as_text=True)
    assert f"/audit/polls/{election.id}/record" in logged_in.split('id="result"', 1)[1]
    assert "%" in result  # the percentages, in the locale's style
    assert 'id="result"' not in client.get(f"/board/polls/{draft.id}").get_data(as_text=True)
    index = client.get("/").get_data(as_text=True)
    rows = {row.split("</tr>", 1)[0] for row in index.split("<tr>")[2:]}
    counted = next(r for r in rows if f'/board/polls/{election.id}"' in r)
    waiting = next(r for r in rows if f'/board/polls/{draft.id}"' in r)
    assert "has-result" in counted and f"/board/polls/{election.id}/minutes" in counted
    assert "has-result" not in waiting
