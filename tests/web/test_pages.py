"""Fixes to the existing pages (issue 14): the auditor's home, the board's results, the roster."""

from __future__ import annotations

import pytest

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import Poll
from ballot_service.services import lifecycle
from tests.helpers import login, make_poll, make_user


@pytest.fixture
def election(app) -> Poll:
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=7)
    poll = db.session.get(Poll, outcome.poll_id)
    lifecycle.transition(poll, "published")  # the board shows the public a published result
    return poll


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


# --- item 11: the roster import ------------------------------------------------------------------


@pytest.fixture
def admin(app):
    make_user("thuky", "admin")
    client = app.test_client()
    login(client, "thuky")
    return client


def _import(admin, council, text, **options):
    return admin.post(
        f"/admin/councils/{council.id}/delegates",
        data={"action": "import", "csv-text": text},
        **options,
    )


def test_import_accepts_natural_presence_words_and_says_how_many(admin, app):
    from tests.helpers import make_council

    council = make_council(delegates=0, total=10)
    text = (
        "số,họ tên,có mặt\n1,Nguyễn Văn A,có mặt\n2,Trần Thị B,vắng\n3,Lê Văn C,Vắng mặt\n"
        "4,Phạm Thị D,  Có  Mặt \n5,Đỗ Văn E,absent\n"
    )
    response = _import(admin, council, text, follow_redirects=True)
    assert response.status_code == 200
    assert [(d.number, d.present) for d in council.delegates] == [
        (1, True),
        (2, False),
        (3, False),
        (4, True),
        (5, False),
    ]
    assert "Đã nhập 5 đại biểu" in response.get_data(as_text=True)


def test_import_lists_bad_lines_next_to_the_form_and_keeps_the_text(admin, app):
    from tests.helpers import make_council

    council = make_council(delegates=0, total=10)
    text = "1,Nguyễn Văn A,có\n2,Thiếu cột\n"
    response = _import(admin, council, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    form = page.split('value="import"', 1)[1].split("</form>", 1)[0]
    assert "Dòng 2:" in form and "3 cột" in form  # next to the form, saying what is wrong
    assert "2,Thiếu cột" in form  # the pasted rows come back as the user left them
    assert council.delegates == []


def test_a_full_roster_is_reported_once_up_front(admin, app):
    from tests.helpers import make_council

    council = make_council(delegates=3, total=3)
    text = "".join(f"{n},Người {n},có\n" for n in range(4, 40))
    page = _import(admin, council, text).get_data(as_text=True)
    assert page.count("đã đủ") == 1
    assert "Dòng" not in page
    other = make_council("commune", delegates=1, total=3)
    page = _import(admin, other, "2,A,có\n3,B,có\n4,C,có\n").get_data(as_text=True)
    assert "Dòng" not in page and "còn thêm được 2" in page
    assert len(other.delegates) == 1


# --- item 12: edit and remove a delegate ---------------------------------------------------------


def _entries():
    from sqlalchemy import func, select

    from ballot_service.models import LogEntry

    return db.session.scalar(select(func.count()).select_from(LogEntry))


def test_edit_a_delegate(admin, app):
    from tests.helpers import make_council

    council = make_council(delegates=3, total=5)
    target = council.delegates[1]
    page = admin.get(f"/admin/councils/{council.id}/delegates").get_data(as_text=True)
    assert f"/admin/delegates/{target.id}" in page
    before = _entries()
    response = admin.post(
        f"/admin/delegates/{target.id}", data={"number": "4", "name": "Lê Văn Hai"}
    )
    assert response.status_code == 302
    assert (target.number, target.name) == (4, "Lê Văn Hai")
    assert _entries() == before + 1
    taken = admin.post(f"/admin/delegates/{target.id}", data={"number": "1", "name": "X"})
    assert taken.status_code == 400 and "đã được sử dụng" in taken.get_data(as_text=True)
    assert (target.number, target.name) == (4, "Lê Văn Hai")


def test_remove_a_delegate_needs_confirmation_and_is_logged(admin, app):
    from tests.helpers import make_council

    council = make_council(delegates=3, total=5)
    target = council.delegates[2]
    url = f"/admin/delegates/{target.id}/remove"
    unconfirmed = admin.post(url, data={})
    assert unconfirmed.status_code == 400
    assert len(council.delegates) == 3
    before = _entries()
    assert admin.post(url, data={"remove-confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert [d.number for d in council.delegates] == [1, 2]
    assert _entries() == before + 1


def test_a_delegate_still_needed_is_not_removed(admin, app):
    poll = make_poll()
    council = poll.council
    member = poll.trustees[0].user
    official = poll.rated[0].official
    for delegate_id, words in (
        (member.delegate_id, member.username),
        (official.delegate_id, official.name),
    ):
        page = admin.post(f"/admin/delegates/{delegate_id}/remove", data={"remove-confirm": "y"})
        assert page.status_code == 400 and words in page.get_data(as_text=True)
    free = council.delegates[10]
    poll.state = "open"  # presence is fixed while the poll is voted on
    db.session.commit()
    page = admin.post(f"/admin/delegates/{free.id}/remove", data={"remove-confirm": "y"})
    assert page.status_code == 400 and poll.title in page.get_data(as_text=True)
    assert len(council.delegates) == 20


# --- item 8: the log reads as events --------------------------------------------------------------


def test_the_log_reads_as_events(client, election):
    import json
    import re

    page = client.get(f"/board/polls/{election.id}").get_data(as_text=True)
    assert '<strong class="event">Bỏ phiếu</strong>' in page  # translated event names
    assert "ballot_cast</td>" not in page  # no raw type as the event's name
    assert "<details><summary>" in page
    shares = re.findall(r'href="(/board/polls/\d+/entries/(\d+)\.json)"', page)
    assert shares  # decryption shares and commitments are linked, not printed
    url, seq = shares[0]
    full = client.get(url)
    assert full.status_code == 200 and full.mimetype == "application/json"
    assert json.loads(full.data)["seq"] == int(seq) - 1  # the page counts from 1
    assert client.get(f"/board/polls/{election.id}/entries/99999.json").status_code == 404
    assert 'href="/docs/LOG"' in page and "docs/LOG.md" not in page


def test_a_long_log_is_paginated(client, election, monkeypatch):
    from sqlalchemy import func, select

    from ballot_service.models import LogEntry
    from ballot_service.services import ledger_log
    from ballot_service.web import log_view

    monkeypatch.setattr(log_view, "PAGE_SIZE", 10)
    total = db.session.scalar(
        select(func.count())
        .select_from(LogEntry)
        .where(LogEntry.log_id == ledger_log.poll_log_id(election))
    )
    assert total > 20
    first = client.get(f"/board/polls/{election.id}").get_data(as_text=True)
    assert first.count('class="log-entry"') == 10
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'id="entry-0"' in first and 'id="entry-10"' not in first
    second = client.get(f"/board/polls/{election.id}?page=2").get_data(as_text=True)
    assert 'id="entry-10"' in second and 'rel="prev"' in second
    last = client.get(f"/board/polls/{election.id}?page=999").get_data(as_text=True)
    assert last.count('class="log-entry"') == total - 10 * ((total - 1) // 10)
    assert f'id="entry-{total - 1}"' in last and 'rel="next"' not in last


def test_docs_are_pages_and_never_raw_html(client):
    page = client.get("/docs/LOG")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = client.get("/docs/LOG.md")
    assert text.mimetype == "text/plain" and text.get_data(as_text=True).startswith("#")
    for bad in ("/docs/..%2Fsetup.cfg", "/docs/README", "/docs/../setup.cfg", "/docs/SECRET.md"):
        assert client.get(bad).status_code == 404, bad


def test_a_doc_with_markup_is_shown_as_text(client, monkeypatch, tmp_path):
    from ballot_service.web import docs

    (tmp_path / "LOG.md").write_text("# Log\n<script>alert(1)</script>\n", "utf-8")
    monkeypatch.setattr(docs, "DOCS_DIR", tmp_path)
    page = client.get("/docs/LOG").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
