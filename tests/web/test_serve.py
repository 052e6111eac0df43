"""The commands of ./scripts/run, in a subprocess on a fresh folder: init-db, keys, demo, serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

FLASK = [sys.executable, "-m", "flask", "--app", "ballot_service"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fresh_start_serves_the_demo_council(tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BALLOT_KEYS_DIR": str(tmp_path / "keys"),
        "BALLOT_SECRET_KEY": "s" * 40,
        "BALLOT_DEMO_PASSWORD": "demo-password-1",
    }
    for command in (["init-db"], ["keys", "init"], ["demo"], ["demo"]):
        done = subprocess.run(
            [*FLASK, *command], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
    assert "present already" in done.stdout  # the second demo changes nothing
    stored = (tmp_path / "db.sqlite3").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
    )
    assert b"demo-password-1" not in stored  # only the scrypt hash is kept
    port = _free_port()
    server = subprocess.Popen(
        [*FLASK, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer /healthz")
        assert health["status"] == "ok" and health["database"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "Sơn Lâm" in response.read().decode()
    finally:
        server.terminate()
        server.wait(10)


def test_wsgi_entry_refuses_a_missing_key(tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BALLOT_KEYS_DIR": str(tmp_path / "no-keys"),
        "BALLOT_SECRET_KEY": "s" * 40,
    }
    done = subprocess.run(
        [sys.executable, "-c", "import ballot_service.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "does not exist" in done.stderr
