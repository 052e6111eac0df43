"""Take the operator guide's screenshots (docs/operator/*.png) from the real pages.

The service runs as in the hall: `serve --lan`'s listeners (HTTPS with a fresh local CA, the
plain-HTTP set-up listener) on 127.0.0.2, a stand-in for the laptop's LAN address, over a
temporary SQLite database holding the demo council (`flask demo`) and a simulated poll that has
been through the key ceremony, voting, closing and decryption (`flask simulate`). Debian's
Chromium (never a downloaded browser) trusts the CA through a throwaway NSS database (certutil,
Debian package libnss3-tools), as a tablet does once the CA is installed; a second one does not,
as a tablet before set-up.

    .venv/bin/python scripts/screenshots.py [--out docs/operator]
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ballot_service import create_app, db
from ballot_service.devtools import demo, simulation
from ballot_service.hall import clock, store
from ballot_service.hall.server import Hall
from ballot_service.ledger import keys as key_files
from ballot_service.migrations import upgrade
from ballot_service.services import polls

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
LAN = ipaddress.ip_address("127.0.0.2")
LOOP = ipaddress.ip_address("127.0.0.1")
PASSWORD = "screenshots-only-1"  # noqa: S105 - a throwaway demo database
LAPTOP = {"width": 1200, "height": 820}
TABLET = {"width": 800, "height": 1100}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _nss_home(home: Path, ca: Path) -> Path:
    certutil = shutil.which("certutil")
    if certutil is None:
        sys.exit("certutil is missing: apt-get install libnss3-tools")
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    for command in (
        [certutil, "-N", "-d", f"sql:{nssdb}", "--empty-password"],
        [certutil, "-A", "-d", f"sql:{nssdb}", "-n", "hall CA", "-t", "C,,", "-i", str(ca)],
    ):
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return home


def _seed(tmp: Path) -> tuple[Any, Any, int]:
    key_files.generate_key_file(tmp / "keys" / "log_signing_key.pem")
    engine = db.make_engine(f"sqlite:///{tmp / 'hall.sqlite3'}")
    with engine.begin() as connection:
        upgrade(connection)
    app = create_app(
        {
            "ENGINE": engine,
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "SECRET_KEY": "screenshots-" + "x" * 40,
            "KEYS_DIR": str(tmp / "keys"),
            "BACKUP_DIR": str(tmp / "backup"),
        }
    )
    app.instance_path = str(tmp / "instance")
    db.bind(engine)
    with app.app_context():
        demo.seed(PASSWORD)
        db.session.commit()
        outcome = simulation.run(delegates=12, officials=4, trustees=3, threshold=2, seed=7)
        poll = polls.get_poll(outcome.poll_id)
        poll_id = poll.id
        db.session.commit()
    (tmp / "backup").mkdir()
    (tmp / "backup" / f"ballot-{datetime.now(UTC):%Y-%m-%d}.sqlite3").write_bytes(
        (tmp / "hall.sqlite3").read_bytes()
    )
    return app, engine, poll_id


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/operator"))
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        app, engine, poll_id = _seed(tmp)
        served = store.ensure(
            tmp / "keys", store.wanted_names([LAN, LOOP], ["localhost"]), datetime.now(UTC)
        )
        if served.ca_path is None:
            sys.exit("no local CA was made")
        https_port, http_port = _free_port(), _free_port()
        app.config.update(
            HALL_HTTPS_PORT=https_port,
            HALL_HTTP_PORT=http_port,
            HALL_ADDRESSES=[str(LAN)],
            HALL_ADDRESSES_FIXED=True,
        )
        hall = Hall(app, served, [LAN, LOOP], https_port, http_port, threads=4)
        hall.start()
        secure, plain = f"https://{LAN}:{https_port}", f"http://{LAN}:{http_port}"
        home = _nss_home(tmp / "home", served.ca_path)
        shots: list[str] = []

        def shot(page: Any, file: str, full: bool = False) -> None:
            page.screenshot(path=str(out / file), full_page=full)
            shots.append(file)

        try:
            with sync_playwright() as playwright:
                env = {**os.environ, "HOME": str(home)}
                laptop = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
                bare_env = {**os.environ, "HOME": str(tmp / "bare")}
                tablet = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=ARGS, env=bare_env
                )
                # The tablet before set-up: the set-up page over plain HTTP, the check red.
                page = tablet.new_page(viewport=TABLET)
                page.goto(f"{plain}/setup")
                page.wait_for_selector("#reach.fail")
                shot(page, "setup-tablet-before.png", full=True)
                # After the CA is installed: the check is green and the clock sent.
                page = laptop.new_page(viewport=TABLET)
                page.goto(f"{plain}/setup")
                page.wait_for_selector("#reach .clock:not(:empty)")
                page.set_viewport_size({"width": TABLET["width"], "height": 520})
                shot(page, "setup-tablet-ready.png")
                # The secretariat, the day before.
                page = laptop.new_page(viewport=LAPTOP)
                _login(page, secure, "admin")
                shot(page, "admin-index.png")
                page.goto(f"{secure}/admin/councils/1/delegates")
                shot(page, "admin-delegates.png")
                page.goto(f"{secure}/admin/councils/1/officials")
                shot(page, "admin-officials.png")
                page.goto(f"{secure}/admin/polls/1")
                shot(page, "admin-poll.png", full=True)
                page.goto(f"{secure}/admin/users")
                shot(page, "admin-users.png")
                page.goto(f"{secure}/admin/doctor")
                shot(page, "doctor.png", full=True)
                # A member of the counting committee.
                page = laptop.new_context(viewport=LAPTOP).new_page()
                _login(page, secure, "kiemphieu1")
                shot(page, "committee-index.png")
                page.goto(f"{secure}/committee/polls/1")
                shot(page, "committee-poll.png", full=True)
                # The public bulletin board, the projector and the minutes (simulated poll).
                page = laptop.new_page(viewport=LAPTOP)
                page.goto(f"{secure}/")
                shot(page, "board-index.png")
                page.goto(f"{secure}/board/polls/{poll_id}")
                shot(page, "board-poll.png")
                page.goto(f"{secure}/board/polls/{poll_id}/minutes")
                shot(page, "minutes.png", full=True)
                page.goto(f"{secure}/board/receipt")
                shot(page, "board-receipt.png")
                laptop.close()
                tablet.close()
        finally:
            hall.stop()
            with app.app_context():
                reports = clock.recent(tmp / "instance", datetime.now(UTC))
            db.session.remove()
            engine.dispose()
    for file in shots:
        print(f"{out / file}  {(out / file).stat().st_size // 1024} KiB")
    print(f"{len(shots)} screenshots; {len(reports)} clock report(s) received")


if __name__ == "__main__":
    main()
