"""Every route × every role → the expected status, and CSRF on every form."""

from __future__ import annotations

import pytest

from ballot_service import db
from tests.helpers import login, make_poll, make_user

ANON, ADMIN, COMMITTEE, AUDITOR = "anonymous", "admin", "committee", "auditor"


def _routes(poll):
    council, official = poll.council_id, poll.rated[0].official_id
    admin_only = [
        "/admin/",
        "/admin/councils/new",
        f"/admin/councils/{council}",
        f"/admin/councils/{council}/delegates",
        f"/admin/councils/{council}/officials",
        f"/admin/officials/{official}",
        f"/admin/councils/{council}/polls/new",
        f"/admin/polls/{poll.id}",
        "/admin/users",
    ]
    public = [
        "/",
        "/login",
        "/healthz",
        "/setup",
        "/setup/reach",
        f"/board/polls/{poll.id}",
        f"/board/polls/{poll.id}/credentials",
        f"/board/polls/{poll.id}/ballots",
        "/board/receipt",
        "/board/check-encryption",
        f"/hall/{poll.id}",
        f"/hall/{poll.id}/status.json",
        f"/board/api/polls/{poll.id}/checkpoint",
        f"/board/api/polls/{poll.id}/consistency?from=1",
        "/static/css/app.css",
        "/static/js/ledger.js",
    ]
    return admin_only, public


def _form_targets(poll):
    """Every admin URL that takes a form post (the poll page posts each form to its own URL)."""
    admin_only, _ = _routes(poll)
    page = f"/admin/polls/{poll.id}"
    actions = [f"{page}/{action}" for action in ("details", "rated", "committee", "move")]
    user = poll.trustees[0].user_id
    accounts = [f"/admin/users/{user}/{action}" for action in ("unlock", "deactivate", "activate")]
    forms = [path for path in admin_only[1:] if path != page]  # /admin/ has no form
    return [*forms, *actions, *accounts, "/account/password"]


@pytest.fixture
def world(app):
    poll = make_poll()
    for role in (ADMIN, COMMITTEE, AUDITOR):
        make_user(f"the{role}", role)
    db.session.flush()
    return poll


@pytest.mark.parametrize("role", [ANON, ADMIN, COMMITTEE, AUDITOR])
def test_access_matrix(app, world, role):
    client = app.test_client()
    if role != ANON:
        assert login(client, f"the{role}").status_code == 302
    admin_only, public = _routes(world)
    expected_admin = {ANON: 302, ADMIN: 200, COMMITTEE: 403, AUDITOR: 403}[role]
    for path in admin_only:
        assert client.get(path).status_code == expected_admin, (role, path)
    for path in public:
        assert client.get(path).status_code == 200, (role, path)
    # Records: auditors, committee and secretariat; this poll is not tallied yet (409).
    record = f"/audit/polls/{world.id}/record"
    assert client.get(record).status_code == (302 if role == ANON else 409), (role, record)
    # The committee's pages: members only; a member who does not sit on this poll gets 403.
    expected_committee = {ANON: 302, ADMIN: 403, COMMITTEE: 200, AUDITOR: 403}[role]
    assert client.get("/committee/").status_code == expected_committee, role
    expected_seat = {ANON: 302, ADMIN: 403, COMMITTEE: 403, AUDITOR: 403}[role]
    assert client.get(f"/committee/polls/{world.id}").status_code == expected_seat, role
    # Minutes exist once the result is decrypted, for everyone.
    assert client.get(f"/board/polls/{world.id}/minutes").status_code == 409


def test_unknown_ids_are_404(app, world):
    client = app.test_client()
    login(client, "theadmin")
    for path in (
        "/admin/councils/999999",
        "/admin/polls/999999",
        "/admin/officials/999999",
        "/board/polls/999999",
    ):
        assert client.get(path).status_code == 404, path


def test_every_form_needs_a_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/login", data={"username": "theadmin", "password": "x" * 12})
    assert response.status_code == 400
    # Log in properly, with the token from the page, then try every form without one.
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    from tests.helpers import PASSWORD

    assert (
        client.post(
            "/login", data={"username": "theadmin", "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )
    for path in _form_targets(world):
        response = client.post(path, data={"action": "add"})
        assert response.status_code == 400, path
        assert "The page has expired" in response.get_data(
            as_text=True
        ) or "Trang đã hết hạn" in response.get_data(as_text=True), path
    assert client.post("/logout").status_code == 400
    # Complete, valid data without the token changes nothing.
    from sqlalchemy import func, select

    from ballot_service.models import Council

    before = db.session.scalar(select(func.count()).select_from(Council))
    response = client.post(
        "/admin/councils/new",
        data={"name": "HĐND xã Mới", "level": "commune", "total_delegates": "20", "place": ""},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Council)) == before


def test_a_device_without_a_session_gets_401_and_a_page_goes_to_the_login(app, world):
    """A committee device whose session ended gets a JSON 401 it can show (not the login
    page's HTML, which its JSON reader cannot); a person opening a page is sent to log in."""
    client = app.test_client()
    answer = client.get(f"/committee/api/polls/{world.id}/ceremony")
    assert answer.status_code == 401
    assert "đăng nhập lại" in answer.get_json()["error"]
    page = client.get(f"/committee/polls/{world.id}")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login?next=")
