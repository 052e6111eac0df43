"""The count minutes show what Resolution 96/2023 requires, in Vietnamese style."""

from __future__ import annotations

import re

from ballot_service.devtools import simulation
from ballot_service.services import councils, polls


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
    assert poll.denominator == "total_delegates"
    page = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    assert re.search(r"Tỷ lệ phần trăm tính trên</th>\s*<td>Tổng số đại biểu \(6\)", page), page
