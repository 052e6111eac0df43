"""The count minutes show what Resolution 96/2023 requires, in Vietnamese style."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from sqlalchemy import select

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import LogEntry
from ballot_service.services import councils, ledger_log, lifecycle, polls


def test_minutes_of_a_decrypted_poll(app, client):
    outcome = simulation.run(
        delegates=6,
        officials=3,
        trustees=3,
        threshold=2,
        seed=5,
        not_rated=[("Lê Văn Hưu", "Đã thông báo nghỉ hưu")],
    )
    poll = polls.get_poll(outcome.poll_id)
    lifecycle.transition(poll, "published")  # public minutes: once published
    councils.set_exclusion(poll.council.officials[0], True, "sau khi chốt danh sách")
    page = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    assert "BIÊN BẢN KIỂM PHIẾU" in page
    assert poll.fingerprint in page
    for name in ("Thành viên 1", "Thành viên 2", "Thành viên 3"):
        assert name in page  # the committee, and its signature lines
    assert "Lê Văn Hưu" in page and "Đã thông báo nghỉ hưu" in page
    assert "sau khi chốt danh sách" not in page  # the minutes list what the manifest froze
    assert "<svg" in page  # the checkpoint's QR code
    assert re.search(r"\d+,\d\d%", page)  # Vietnamese decimal comma
    assert "Tổng số phiếu thu vào" in page or "Số phiếu thu vào" in page
    client.get("/lang/en")
    english = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    assert "COUNT MINUTES" in english and re.search(r"\d+\.\d\d%", english)


def test_no_minutes_before_the_result(app, client):
    from tests.helpers import make_poll

    poll = make_poll()
    assert client.get(f"/board/polls/{poll.id}/minutes").status_code == 409


def test_minutes_of_a_vote_state_its_default_denominator(app, client):
    # LAW.md: a vote's percentages are on the total number of delegates unless chosen otherwise,
    # and the minutes say which denominator was used.
    outcome = simulation.run(delegates=6, officials=2, trustees=3, threshold=2, seed=7, kind="vote")
    poll = polls.get_poll(outcome.poll_id)
    lifecycle.transition(poll, "published")  # public minutes: once published
    assert poll.denominator == "total_delegates"
    page = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    assert re.search(r"Tỷ lệ phần trăm tính trên</th>\s*<td>Tổng số đại biểu \(6\)", page), page


def test_minutes_in_local_time_with_who_decrypted_chair_first_and_blocs(app, client):
    """Issue 14, item 6: local time in Vietnamese style, the count's start and end, the members
    who decrypted and the absent one, the chair first, bloc headings."""
    outcome = simulation.run(delegates=5, officials=3, trustees=3, threshold=2, absent=1, seed=9)
    poll = polls.get_poll(outcome.poll_id)
    lifecycle.transition(poll, "published")  # public minutes: once published
    leaves = db.session.scalars(
        select(LogEntry.leaf).where(LogEntry.log_id == ledger_log.poll_log_id(poll))
    ).all()
    closed = next(e["time"] for e in map(json.loads, leaves) if e["type"] == "poll_closed")
    local = datetime.fromisoformat(closed.replace("Z", "+00:00")) + timedelta(hours=7)
    page = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    expected = (
        f"{local.hour} giờ {local.minute:02d} phút, ngày {local.day:02d} "
        f"tháng {local.month:02d} năm {local.year}"
    )
    assert expected in page.split('class="count-started">', 1)[1].split("</td>", 1)[0]
    assert "năm" in page.split('class="count-ended">', 1)[1].split("</td>", 1)[0]
    assert closed not in page.split('class="checkpoint"')[0]  # UTC only in the signed note
    committee = page.split('class="committee"', 1)[1].split("</table>", 1)[0]
    assert committee.index("Thành viên 1") < committee.index("Thành viên 2")  # the chair first
    assert committee.count('class="decrypted"') == 2 and committee.count('class="absent"') == 1
    assert "vắng mặt" in committee
    result = page.split('class="result"', 1)[1].split("</table>", 1)[0]
    assert "<thead>" in result and 'class="bloc"' in result
    assert "Khối Hội đồng nhân dân" in result and "Khối Ủy ban nhân dân" in result
    client.get("/lang/en")
    english = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    assert f"{local.hour:02d}:{local.minute:02d}, {local.day} " in english
