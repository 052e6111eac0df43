"""`flask serve --lan` in a subprocess on a fresh folder: first use makes the CA and prints its
fingerprint, HTTPS answers, plain HTTP redirects; a new address renews the server certificate
and keeps the CA; --cert/--key serve an organisation's own certificate."""

from __future__ import annotations

import ipaddress
import os
import re
import ssl
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ballot_service.hall import certs, store

from .live import free_port

FLASK = [sys.executable, "-m", "flask", "--app", "ballot_service"]


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "BALLOT_KEYS_DIR": str(tmp / "keys"),
        "BALLOT_SECRET_KEY": "s" * 40,
    }


def _prepare(tmp: Path) -> None:
    for command in (["init-db"], ["keys", "init"]):
        subprocess.run(
            [*FLASK, *command], env=_env(tmp), check=True, capture_output=True, timeout=120
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@contextmanager
def _serving(tmp: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], list[str], int, int]]:
    https_port, http_port = free_port(), free_port()
    server = subprocess.Popen(
        [
            *FLASK,
            "serve",
            "--lan",
            "--https-port",
            str(https_port),
            "--http-port",
            str(http_port),
            *args,
        ],
        env=_env(tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            if "compare it on each tablet" in line or "no CA to install" in line:
                break
        else:
            raise AssertionError("".join(lines))
        yield server, lines, https_port, http_port
    finally:
        server.terminate()
        server.wait(10)


def _get(url: str, context: ssl.SSLContext | None = None) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    for _ in range(100):
        try:
            with opener.open(url, timeout=5) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except urllib.error.URLError as error:
            if isinstance(error.reason, ssl.SSLError):
                raise
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def test_first_use_then_a_new_address(tmp_path):
    _prepare(tmp_path)
    with _serving(tmp_path, "--address", "127.0.0.2") as (_, lines, https_port, http_port):
        output = "".join(lines)
        ca = store.local_ca(tmp_path / "keys")
        assert ca is not None
        assert f"local CA fingerprint (SHA-256): {certs.fingerprint(ca)}" in output
        assert "created the local certificate authority" in output
        assert f"tablet set-up page: http://127.0.0.2:{http_port}/setup" in output
        folder = store.tls_dir(tmp_path / "keys")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for name in (store.CA_KEY, store.SERVER_KEY):
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
        context = ssl.create_default_context(cafile=str(folder / store.CA_CERT))
        status, headers, _ = _get(f"https://127.0.0.2:{https_port}/healthz", context)
        assert status == 200 and headers["Strict-Transport-Security"] == "max-age=31536000"
        status, headers, _ = _get(f"http://127.0.0.2:{http_port}/")
        assert status == 308 and headers["Location"] == f"https://127.0.0.2:{https_port}/"
    first = store.load_cert(folder / store.SERVER_CERT)
    with _serving(tmp_path, "--address", "127.0.0.3") as (_, lines, https_port, _http):
        output = "".join(lines)
        assert "new server certificate (the addresses changed" in output
        assert f"local CA fingerprint (SHA-256): {certs.fingerprint(ca)}" in output  # same CA
        status, _, _ = _get(f"https://127.0.0.3:{https_port}/healthz", context)
        assert status == 200
    assert store.load_cert(folder / store.SERVER_CERT).serial_number != first.serial_number


def test_an_address_the_local_ca_may_not_certify_is_left_out(tmp_path):
    _prepare(tmp_path)
    args = ("--address", "203.0.113.5", "--address", "127.0.0.2")
    with _serving(tmp_path, *args) as (_, lines, https_port, _http):
        output = "".join(lines)
        assert "left out 203.0.113.5: outside the local CA's name constraints" in output
        assert "not serving on 203.0.113.5" in output
        assert "serving on https://203.0.113.5" not in output
        ca = store.tls_dir(tmp_path / "keys") / store.CA_CERT
        context = ssl.create_default_context(cafile=str(ca))
        status, _, _ = _get(f"https://127.0.0.2:{https_port}/healthz", context)
        assert status == 200


def test_an_organisations_own_certificate(tmp_path):
    _prepare(tmp_path)
    now = datetime.now(UTC)
    ca_key = certs.new_key()
    ca = certs.make_ca(ca_key, [], now)
    key = certs.new_key()
    cert = certs.make_server_cert(
        ca_key,
        ca,
        key,
        [
            ipaddress.ip_address("127.0.0.2"),
            ipaddress.ip_address("127.0.0.1"),
        ],
        [],
        now,
    )
    (tmp_path / "org.pem").write_bytes(certs.cert_pem(cert))
    (tmp_path / "org.key").write_bytes(certs.key_pem(key))
    args = (
        "--address",
        "127.0.0.2",
        "--cert",
        str(tmp_path / "org.pem"),
        "--key",
        str(tmp_path / "org.key"),
    )
    with _serving(tmp_path, *args) as (_, lines, https_port, http_port):
        assert "your organisation's; no CA to install" in "".join(lines)
        context = ssl.create_default_context(cadata=certs.cert_pem(ca).decode())
        status, _, _ = _get(f"https://127.0.0.2:{https_port}/healthz", context)
        assert status == 200
        status, _, _ = _get(f"http://127.0.0.2:{http_port}/setup/ca.crt")
        assert status == 404  # no local CA to hand out
    assert not store.tls_dir(tmp_path / "keys").exists()


def test_a_certificate_that_does_not_name_the_address_is_refused(tmp_path):
    _prepare(tmp_path)
    now = datetime.now(UTC)
    ca_key = certs.new_key()
    ca = certs.make_ca(ca_key, [], now)
    key = certs.new_key()
    cert = certs.make_server_cert(ca_key, ca, key, [], ["localhost"], now)
    (tmp_path / "org.pem").write_bytes(certs.cert_pem(cert))
    (tmp_path / "org.key").write_bytes(certs.key_pem(key))
    done = subprocess.run(
        [
            *FLASK,
            "serve",
            "--lan",
            "--address",
            "127.0.0.2",
            "--cert",
            str(tmp_path / "org.pem"),
            "--key",
            str(tmp_path / "org.key"),
        ],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0 and re.search(r"does not name 127\.0\.0\.2", done.stderr)
