"""The hall listeners, spoken to over real sockets: HTTPS only (plain HTTP redirects, but for
the set-up page and the CA file), HSTS, Secure cookies, the CA file, the clock reports."""

from __future__ import annotations

import http.client
import json
import ssl
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509

from ballot_service.hall import certs, clock, store
from ballot_service.hall.server import PLAIN_PATHS
from tests.helpers import PASSWORD, make_user

from .live import LAN, Live, running_hall


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with running_hall(tmp_path_factory.mktemp("hall")) as running:
        yield running


def _trusting(live: Live) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(live.ca_path))


def _get(url: str, context: ssl.SSLContext | None = None, **kwargs):
    parts = urlsplit(url)
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=20)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    method = kwargs.pop("method", "GET")
    conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), **kwargs)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_https_serves_with_hsts_to_a_client_that_trusts_the_ca(live):
    for host in ("127.0.0.2", "127.0.0.1", "localhost"):
        response, body = _get(live.https("/healthz", host), _trusting(live))
        assert response.status == 200 and json.loads(body)["status"] == "ok"
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000"


def test_a_client_that_does_not_trust_the_ca_refuses_the_connection(live):
    with pytest.raises(ssl.SSLCertVerificationError, match="unable to get local issuer"):
        _get(live.https("/healthz"), ssl.create_default_context())


def test_plain_http_redirects_every_page_but_the_set_up_page(live):
    for path in ("/", "/login", "/admin/", "/board/receipt", "/healthz", "/setup/reach"):
        response, _ = _get(live.http(path + "?a=1"))
        assert response.status == 308, path
        assert response.getheader("Location") == live.https(path + "?a=1")
    for path in sorted(PLAIN_PATHS):
        response, _ = _get(live.http(path))
        assert response.status == 200, path
        assert response.getheader("Strict-Transport-Security") is None


def test_a_forged_host_header_is_not_followed(live):
    response, _ = _get(live.http("/login"), headers={"Host": "evil.example:80"})
    assert response.getheader("Location") == live.https("/login")


def test_the_ca_file_is_the_local_ca_in_der(live):
    response, body = _get(live.http("/setup/ca.crt"))
    assert response.getheader("Content-Type") == "application/x-x509-ca-cert"
    ca = x509.load_der_x509_certificate(body)
    assert ca == store.load_cert(live.ca_path)


def test_the_session_cookie_is_secure_and_the_doctor_page_answers(live):
    with live.app.app_context():
        make_user("hallclerk", "admin")
    context = _trusting(live)
    response, body = _get(live.https("/login"), context)
    cookie = next(c for c in response.headers.get_all("Set-Cookie") if c.startswith("session="))
    token = body.decode().split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    form = f"username=hallclerk&password={PASSWORD.replace(' ', '+')}&csrf_token={token}"
    response, posted = _get(
        live.https("/login"),
        context,
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie.split(";")[0],
            "Referer": live.https("/login"),
        },
    )
    assert response.status == 302, posted.decode()[-3000:]
    session = next(c for c in response.headers.get_all("Set-Cookie") if c.startswith("session="))
    assert "; Secure" in session and "; HttpOnly" in session
    # The pre-session check in the running server (real engine, the request's transaction
    # open): every line answers, none fails.
    response, body = _get(
        live.https("/admin/doctor"), context, headers={"Cookie": session.split(";")[0]}
    )
    page = body.decode()
    assert response.status == 200 and page.count('<tr class="check-') >= 10
    assert "check-fail" not in page, page


def test_the_set_up_page_shows_the_fingerprint_and_lets_the_check_reach_https(live):
    response, body = _get(live.http("/setup"))
    page = body.decode()
    assert certs.fingerprint(store.load_cert(live.ca_path)) in page
    assert live.http("/setup/ca.crt") in page and "<svg" in page
    assert f'data-reach-url="{live.https("/setup/reach")}"' in page
    csp = response.getheader("Content-Security-Policy")
    assert f"connect-src 'self' https://{LAN}:{live.https_port};" in csp
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp  # still no inline script
    english = _get(live.http("/setup?lang=en"))[1].decode()
    assert "Tablet set-up" in english and "Cài đặt máy tính bảng" in page


def test_reach_and_clock_allow_the_plain_origin(live, tmp_path: Path):
    response, body = _get(live.https("/setup/reach"), _trusting(live))
    assert json.loads(body)["ok"] is True
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    response, body = _get(
        live.https("/setup/clock"),
        _trusting(live),
        method="POST",
        body=json.dumps({"time": int((time.time() - 400 * 86400) * 1000)}),  # far off, a clock
        headers={"Content-Type": "text/plain", "Origin": live.http("")[:-1]},
    )
    assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") == "*"
    assert json.loads(body)["drift_ms"] < -399 * 86400 * 1000
    reports = clock.recent(live.instance, datetime.now(UTC))
    assert reports and reports[-1].who == "device"
    for bad in ("{}", '{"time": "noon"}', '{"time": 1e99}', "not json", '{"time": true}'):
        response, body = _get(
            live.https("/setup/clock"),
            _trusting(live),
            method="POST",
            body=bad,
            headers={"Content-Type": "text/plain"},
        )
        assert response.status == 400, bad


def test_the_set_up_page_on_the_laptop_itself_points_tablets_at_the_hall_address(live):
    """Opened on the laptop (https://127.0.0.1), the codes carry the LAN address, not loopback."""
    _, body = _get(live.https("/setup", "127.0.0.1"), _trusting(live))
    page = body.decode()
    assert live.http("/setup/ca.crt") in page and live.http("/setup") in page
    assert "127.0.0.1" not in page.replace(live.https("/setup", "127.0.0.1"), "")


def test_a_body_over_the_limit_is_refused_before_it_is_read(live):
    """Only the headers are sent: the server answers 413 on Content-Length alone (sending the
    body as well races with the server closing the connection)."""
    conn = http.client.HTTPSConnection(str(LAN), live.https_port, context=_trusting(live))
    conn.putrequest("POST", "/setup/clock")
    conn.putheader("Content-Type", "text/plain")
    conn.putheader("Content-Length", str((1 << 20) + 1))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413
    conn.close()
