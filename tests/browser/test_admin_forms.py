"""A refused form on the secretariat's pages comes back exactly as the user left it (issue 14, 2).

In headless Chromium against a live server: the poll page posts each form to its own route, so a
refusal from one form must neither blank the others (they show what is saved) nor lose what the
user chose in the refused one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ballot_service.models import Poll
from ballot_service.services import councils, polls
from tests.browser.pages_support import (
    browser_marks,
    chromium,
    live_server,
    log_in,
    new_page,
    overflow,
)
from tests.helpers import make_committee, make_council, make_officials, make_user

pytestmark = browser_marks


def _setup() -> dict[str, Any]:
    make_user("thuky", "admin")
    council = make_council(delegates=20, total=20)
    officials = make_officials(council, 4)
    members = make_committee(council, 8)  # one more than the committee needs
    poll = polls.create_poll(council, "poll", "Lấy phiếu thử")
    polls.set_rated(poll, officials[:3])
    polls.set_committee(poll, [u.id for u in members[:7]], members[1].id, 4)
    # then one rated official is announced to retire: the move to the key ceremony is refused
    councils.set_exclusion(councils.get_official(officials[0]), True, "Nghỉ hưu")
    return {
        "poll": poll.id,
        "officials": officials,
        "members": [u.id for u in members],
        "official": officials[1],
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_server(tmp_path_factory.mktemp("forms"), _setup) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.fixture
def page(browser: Any, live: Any) -> Iterator[Any]:
    with new_page(browser, locale="vi-VN") as tab:
        log_in(tab, live.url, "thuky")
        yield tab


def _checked(page: Any, name: str) -> list[int]:
    boxes = page.locator(f'input[type=checkbox][name="{name}"]')
    return sorted(
        int(boxes.nth(i).get_attribute("value"))
        for i in range(boxes.count())
        if boxes.nth(i).is_checked()
    )


def _saved_form(page: Any, live: Any) -> None:
    data = live.data
    assert _checked(page, "rated-officials") == sorted(data["officials"][:3])
    assert _checked(page, "committee-members") == sorted(data["members"][:7])
    assert page.input_value("#committee-chair") == str(data["members"][1])
    assert page.input_value("#committee-threshold") == "4"
    assert page.input_value("#edit-title") == "Lấy phiếu thử"


def test_a_refused_move_keeps_every_form(page, live):
    page.goto(f"{live.url}/admin/polls/{live.data['poll']}")
    _saved_form(page, live)
    page.click("form[action$='/move'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash.error").count() >= 1
    _saved_form(page, live)  # nothing blanked: pressing Save again saves the same thing


def test_a_refused_threshold_keeps_what_the_user_chose(page, live):
    data = live.data
    page.goto(f"{live.url}/admin/polls/{data['poll']}")
    page.uncheck(f"#member-{data['members'][0]}")
    page.check(f"#member-{data['members'][7]}")
    page.select_option("#committee-chair", str(data["members"][2]))
    page.fill("#committee-threshold", "8")  # 8 of 7: refused
    page.click("form[action$='/committee'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#committee-threshold[aria-invalid=true]").count() == 1
    assert _checked(page, "committee-members") == sorted(data["members"][1:8])
    assert page.input_value("#committee-chair") == str(data["members"][2])
    assert page.input_value("#committee-threshold") == "8"
    assert _checked(page, "rated-officials") == sorted(data["officials"][:3])
    assert page.input_value("#edit-title") == "Lấy phiếu thử"
    with live.context():
        poll = polls.get_poll(data["poll"])
        assert isinstance(poll, Poll)
        assert sorted(t.user_id for t in poll.trustees) == sorted(data["members"][:7])


def test_a_refused_official_form_keeps_the_exclusion_form(page, live):
    url = f"{live.url}/admin/officials/{live.data['officials'][0]}"
    page.goto(url)
    assert page.is_checked("#ex-excluded")
    assert page.input_value("#ex-reason") == "Nghỉ hưu"
    page.fill("#name", "")
    page.fill("#positions", "Chức vụ mới")
    page.click("form:has(input[value=save]) button[type=submit]")
    page.wait_for_load_state()
    assert page.input_value("#positions") == "Chức vụ mới"
    assert page.is_checked("#ex-excluded")
    assert page.input_value("#ex-reason") == "Nghỉ hưu"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_secretariats_pages_fit_a_phone(browser: Any, live: Any, lang: str) -> None:
    """Found in review: the doctor's and the accounts' tables, and the board index in English,
    were wider than a 412 px phone; every table now scrolls inside its own box."""
    with new_page(browser, viewport={"width": 412, "height": 915}) as tab:
        log_in(tab, live.url, "thuky")
        tab.goto(f"{live.url}/lang/{lang}?next=/admin/")
        for path in (
            "/admin/",
            "/admin/users",
            "/admin/doctor",
            f"/admin/polls/{live.data['poll']}",
            "/",
        ):
            tab.goto(f"{live.url}{path}")
            assert overflow(tab) == [], (lang, path)
