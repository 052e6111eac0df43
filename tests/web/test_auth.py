"""Login, logout, rate limits on guessing, and the headers on every response."""

from __future__ import annotations

from sqlalchemy import select

from ballot_service import db
from ballot_service.models import LogEntry
from tests.helpers import PASSWORD, login, make_user


def test_login_and_logout(client, app):
    make_user("thuky", "admin")
    response = login(client, "thuky")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_wrong_password_is_refused_in_vietnamese(client, app):
    make_user("thuky", "admin")
    response = login(client, "thuky", "wrong password!")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)


def test_unknown_user_gets_the_same_answer(client, app):
    response = login(client, "nobody", "whatever-pass")
    assert response.status_code == 401


def test_guessing_is_rate_limited_and_logged(client, app):
    make_user("thuky", "admin")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_USER"]):
        assert login(client, "thuky", "guess-guess-guess").status_code == 401
    response = login(client, "thuky", PASSWORD)  # even the right password waits now
    assert response.status_code == 429
    leaves = db.session.scalars(select(LogEntry.leaf)).all()
    assert any(b'"login_failure_burst"' in leaf for leaf in leaves)


def test_security_headers_on_every_page(client):
    for path in ("/", "/login", "/healthz"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_flags(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    make_user("thuky", "admin")
    client = app.test_client()
    response = login(client, "thuky")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_english_on_request(client, app):
    client.get("/lang/en")
    assert "Bulletin board" in client.get("/").get_data(as_text=True)
    client.get("/lang/vi")
    assert "Bảng tin công khai" in client.get("/").get_data(as_text=True)


def test_the_language_chosen_before_login_carries_over_login_and_logout(client, app):
    """Found in review: the new session at login (and at logout) dropped the language, so a
    member who chose English on the login page got the next page in Vietnamese."""
    make_user("thuky", "admin")
    client.get("/lang/en")
    login(client, "thuky")
    home = client.get("/admin/", follow_redirects=True).get_data(as_text=True)
    assert 'lang="en"' in home
    client.post("/logout")
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


def test_password_is_stored_as_scrypt(app):
    user = make_user("thuky", "admin")
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_language_switch_never_redirects_off_site(client):
    for target in (
        "//evil.example",
        "/\t/evil.example",
        "/\x7f//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        response = client.get("/lang/en", query_string={"next": target})
        location = response.headers["Location"]
        assert location == "/" or location.endswith("localhost/"), (target, location)
    response = client.get("/lang/en", query_string={"next": "/board/receipt?code=1"})
    assert response.headers["Location"].endswith("/board/receipt?code=1")


def test_login_over_https_with_csrf(app):
    """Over HTTPS Flask-WTF also checks the Referer: our Referrer-Policy must let it through."""
    app.config.update(WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=True)
    make_user("thuky", "admin")
    client = app.test_client()
    base = "https://hall.local"
    page = client.get("/login", base_url=base)
    assert page.headers["Referrer-Policy"] == "same-origin"
    token = page.get_data(as_text=True).split('name="csrf-token" content="', 1)[1].split('"')[0]
    response = client.post(
        "/login",
        base_url=base,
        headers={"Referer": f"{base}/login"},
        data={"username": "thuky", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert "Strict-Transport-Security" in response.headers


def test_tab_in_the_raw_query_is_refused(client):
    response = client.get("/lang/en?next=/%09/evil.example")
    assert response.headers["Location"] in ("/", "http://localhost/")
