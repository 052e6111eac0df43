"""The paper count's page in Chromium (CSRF and the strict CSP on): a typing mistake is named on
its line and kept for correction; once corrected, the result table and the links follow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from ballot_service.services import accounts, councils, paper
from tests.browser.pages_support import (
    PASSWORD,
    browser_marks,
    chromium,
    live_server,
    log_in,
    new_page,
)

pytestmark = browser_marks

TABLET = {"width": 1024, "height": 768}


def _setup() -> int:
    council = councils.create_council("Hội đồng nhân dân xã Tân Lập", "commune", 9, "Hội trường")
    for number in range(1, 8):
        councils.add_delegate(council, number, f"Đại biểu {number}", present=True)
    councils.save_official(council, "Phạm Thị Hoa", ["Chủ tịch HĐND"], "council", 0)
    councils.save_official(council, "Vũ Văn Nam", ["Chủ tịch UBND"], "peoples_committee", 0)
    user = accounts.create_user("vanphong", PASSWORD, "admin", "Văn phòng")
    user.must_change_password = False
    members = [d.id for d in council.delegates[-3:]]
    return paper.create(
        council,
        user,
        kind="vote",
        title="Bỏ phiếu tín nhiệm",
        session_name="Kỳ họp chuyên đề",
        meeting_date=date(2026, 12, 1),
        place="",
        denominator=None,
        chair_id=members[0],
        member_ids=members,
    ).id


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("paper"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


def test_type_correct_and_get_the_result(browser, live):
    with new_page(browser, viewport=TABLET) as page:
        log_in(page, live.url, "vanphong")
        page.goto(f"{live.url}/paper/")
        page.click(f"a[href='/paper/{live.data}']")
        figures = {
            "#total_delegates": "9",
            "#delegates_present": "7",
            "#ballots_issued": "7",
            "#ballots_collected": "7",
            "#ballots_invalid": "0",
            "#count_started": "09:15",
            "#count_ended": "09:40",
        }
        for selector, value in figures.items():
            page.fill(selector, value)
        cells = {"row-0-confidence": "6", "row-0-no_confidence": "1", "row-0-blank": "0"}
        cells |= {"row-1-confidence": "2", "row-1-no_confidence": "5", "row-1-blank": "1"}
        for name, value in cells.items():
            page.fill(f"input[name='{name}']", value)
        page.click("form.paper-counts button[type=submit]")
        alerts = page.locator("tr.row-error .error").all_inner_texts()
        assert alerts == [
            "Dòng 2: cộng các mức và dòng để trống được 8, nhưng số phiếu được kiểm là 7"
        ]
        assert page.locator("input[name='row-1-blank']").input_value() == "1"  # kept
        page.fill("input[name='row-1-blank']", "0")
        page.click("form.paper-counts button[type=submit]")
        table = page.locator("table.result").first.inner_text()
        # A vote on the total delegates (9): 5 of 9 is 55,56%, over half.
        assert "55,56%" in table and "Quá một nửa không tín nhiệm" in table
        assert page.locator("a[href$='/minutes']").count() == 1
        with page.expect_download() as download:
            page.click(f"a[href='/resolution/paper/{live.data}.docx']")
        assert download.value.suggested_filename.endswith(".docx")
