"""Logins and sessions: the security review's findings 10.7–10.10 and 10.14, one test each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ballot_service import db
from ballot_service.models import LogEntry, LoginFailure, User, utcnow
from ballot_service.services import accounts
from ballot_service.services.errors import RateLimited, ServiceError
from tests.helpers import PASSWORD, login, make_user

NEW_PASSWORD = "tím hoa sen trên hồ"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _free(app) -> int:
    return app.config["LOGIN_MAX_FAILURES_PER_USER"]


def test_wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(app):
    """issue 10.7: five wrong passwords from anywhere used to refuse the right one everywhere."""
    make_user("thuky", "admin")
    attacker = _client(app, "203.0.113.9")
    for _ in range(_free(app) + 3):
        assert login(attacker, "thuky", "guess-guess-guess").status_code in (401, 429)
    assert login(attacker, "thuky", PASSWORD).status_code == 429  # the guesser waits
    owner = _client(app, "10.20.0.5")
    assert login(owner, "thuky", PASSWORD).status_code == 302


def test_delays_grow_per_account_and_address(app):
    """issue 10.7: the wait after the free failures doubles with each further failure."""
    make_user("thuky", "admin")
    limits = (3, 100, 3600)
    start = utcnow()

    def attempt(seconds: int, typed: str = "wrong password 1") -> str:
        try:
            accounts.authenticate(
                "thuky",
                typed,
                "198.51.100.7",
                limits=limits,
                now=start + timedelta(seconds=seconds),
            )
        except RateLimited:
            return "wait"
        except ServiceError:
            return "wrong"
        return "in"

    assert [attempt(0), attempt(1), attempt(2)] == ["wrong"] * 3
    assert attempt(3) == "wait" and attempt(31, PASSWORD) == "wait"  # 30 s after the last
    assert attempt(33) == "wrong"  # the 4th failure: now 60 s
    assert attempt(80) == "wait" and attempt(92) == "wait"
    assert attempt(94, PASSWORD) == "in"
    # The delay ends with a success: the next mistake is free again.
    assert attempt(95) == "wrong"


def test_the_secretariat_can_unlock_an_account(app):
    """issue 10.7: an admin lifts a throttle from the accounts page."""
    make_user("thuky", "admin")
    member = make_user("kiemphieu", "committee")
    member_client = _client(app, "10.0.0.8")
    for _ in range(_free(app)):
        login(member_client, "kiemphieu", "not the password")
    assert login(member_client, "kiemphieu", PASSWORD).status_code == 429
    admin = _client(app, "10.0.0.1")
    login(admin, "thuky")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{member.id}/unlock" in page
    assert admin.post(f"/admin/users/{member.id}/unlock").status_code == 302
    assert login(member_client, "kiemphieu", PASSWORD).status_code == 302
    leaves = db.session.scalars(select(LogEntry.leaf)).all()
    assert any(b'"account_unlocked"' in leaf for leaf in leaves)


def test_logout_ends_the_session_for_a_copied_cookie(app):
    """issue 10.8: the session cookie saved before logout must not work after it."""
    make_user("thuky", "admin")
    client = app.test_client()
    login(client, "thuky")
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/admin/").status_code == 302  # to the login page


def test_deactivation_ends_the_accounts_sessions(app):
    """issue 10.8: a deactivated account's cookie kept working for 8 hours."""
    make_user("thuky", "admin")
    make_user("thuky2", "admin")
    other = app.test_client()
    login(other, "thuky2")
    assert other.get("/admin/").status_code == 200
    admin = app.test_client()
    login(admin, "thuky")
    target = db.session.scalar(select(User).where(User.username == "thuky2"))
    assert admin.post(f"/admin/users/{target.id}/deactivate").status_code == 302
    assert other.get("/admin/").status_code == 302
    assert login(app.test_client(), "thuky2").status_code == 401
    me = db.session.scalar(select(User).where(User.username == "thuky"))
    admin.post(f"/admin/users/{me.id}/deactivate")  # not oneself
    assert db.session.get(User, me.id).active


def test_login_starts_a_new_session(app):
    """issue 10.8: the CSRF token of the page before login must not be valid after it."""
    app.config["WTF_CSRF_ENABLED"] = True
    make_user("thuky", "admin")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login", data={"username": "thuky", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    response = client.post(
        "/admin/councils/new",
        data={"name": "HĐND xã A", "level": "commune", "total_delegates": "9", "csrf_token": token},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "weak",
    [
        "password123",
        "Matkhau2024!",
        "1234567890",
        "9876543210",
        "qwertyuiop",
        "aaaaaaaaaaaa",
        "abababababab",
        "nguyenvana99",  # contains the username
        "anhyeuem123",
    ],
)
def test_weak_passwords_are_refused(app, weak):
    """issue 10.9: common and trivially weak passwords, and the username in it, are refused."""
    with pytest.raises(ServiceError) as refused:
        accounts.create_user("nguyenvana", weak, "committee")
    assert refused.value.field == "password"


def test_the_username_as_password_is_refused(app):
    """issue 10.9: password = username."""
    with pytest.raises(ServiceError):
        accounts.create_user("kiemphieu.vien", "kiemphieu.vien", "committee")
    assert accounts.create_user("kiemphieu.vien", "sông Hồng chảy qua", "committee")


def test_a_member_sets_their_own_password_at_first_login(app):
    """issue 10.9: the secretariat's first password works once, to choose one's own."""
    make_user("thuky", "admin")
    admin = app.test_client()
    login(admin, "thuky")
    response = admin.post(
        "/admin/users",
        data={
            "username": "uyvien",
            "display_name": "Ủy viên",
            "role": "committee",
            "password": "mật khẩu đầu tiên",
            "delegate_id": "0",
        },
    )
    assert response.status_code == 302
    member = app.test_client()
    response = login(member, "uyvien", "mật khẩu đầu tiên")
    assert response.headers["Location"].endswith("/account/password")
    assert member.get("/committee/").headers["Location"].endswith("/account/password")
    response = member.post(
        "/account/password",
        data={"old": "mật khẩu đầu tiên", "new": "password2024", "repeat": "password2024"},
    )
    assert response.status_code == 400
    assert "common" in response.get_data(as_text=True) or "phổ biến" in response.get_data(
        as_text=True
    )
    response = member.post(
        "/account/password",
        data={"old": "mật khẩu đầu tiên", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert member.get("/committee/").status_code == 200
    assert login(app.test_client(), "uyvien", "mật khẩu đầu tiên").status_code == 401
    assert login(app.test_client(), "uyvien", NEW_PASSWORD).status_code == 302


def test_changing_ones_password_ends_other_sessions(app):
    """issue 10.9: a page to change one's own password; the other sessions end with it."""
    make_user("thuky", "admin")
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "thuky")
    login(phone, "thuky")
    assert "/account/password" in laptop.get("/admin/").get_data(as_text=True)
    wrong = laptop.post(
        "/account/password",
        data={"old": "not it at all", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    )
    assert wrong.status_code == 400
    response = laptop.post(
        "/account/password", data={"old": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200
    assert phone.get("/admin/").status_code == 302


def test_a_name_that_is_no_account_is_never_stored_in_clear(app):
    """issue 10.10: a password typed into the username field must not reach the log or stay
    in login_failures."""
    typed = "Bi-mat-cua-toi-2026"
    client = _client(app, "10.0.0.3")
    for _ in range(_free(app) + 1):
        assert login(client, typed, "anything at all").status_code in (401, 429)
    stored = db.session.scalars(select(LoginFailure.username)).all()
    assert stored and all(typed.lower() not in name and typed not in name for name in stored)
    assert all(name.startswith("?") for name in stored)
    leaves = b"".join(db.session.scalars(select(LogEntry.leaf)).all())
    assert typed.lower().encode() not in leaves and typed.encode() not in leaves
    # An existing account's failures are kept by name and its burst is logged.
    make_user("thuky", "admin")
    for _ in range(_free(app)):
        login(client, "thuky", "wrong password!")
    assert "thuky" in db.session.scalars(select(LoginFailure.username)).all()
    assert b'"login_failure_burst"' in b"".join(db.session.scalars(select(LogEntry.leaf)).all())


@pytest.mark.parametrize("name", ["\u0430dmin", "adm\u0131n", "ad min", "ad\u200bmin", "admin\x00"])
def test_look_alike_usernames_are_refused(app, name):
    """issue 10.10: usernames are ASCII letters, digits, . _ - (Cyrillic "а" is refused)."""
    with pytest.raises(ServiceError) as refused:
        accounts.create_user(name, "sông Hồng chảy qua", "admin")
    assert refused.value.field == "username"


def test_a_username_that_grows_under_lower_is_counted_not_a_500(app):
    """issue 10.14: 80 × "İ" became 160 characters under lower(), failed after the scrypt on
    PostgreSQL and was never counted, bypassing both limits."""
    client = _client(app, "10.0.0.4")
    statuses = [login(client, "İ" * 80, "guess-guess-guess").status_code for _ in range(6)]
    assert 500 not in statuses
    assert statuses[: _free(app)] == [401] * _free(app)
    assert statuses[-1] == 429
