"""Take the operator guide's screenshots (docs/operator/*.png) from the real pages.

The service runs as in the hall: `serve --lan`'s listeners (HTTPS with a fresh local CA, the
plain-HTTP set-up listener) on 127.0.0.2, a stand-in for the laptop's LAN address, over a
temporary SQLite database holding the demo council (`flask demo`) and simulated polls
(devtools/simulation.py): one through the key ceremony, voting, closing and decryption (`flask
simulate`), one in its key ceremony (three members run it in three browsers up to comparing the
transport-key fingerprints), one ready for its ballot cards, one open (a tablet marks and casts a
ballot) and one closed (a member decrypts in the browser with a key file). Debian's
Chromium (never a downloaded browser) trusts the CA through a throwaway NSS database (certutil,
Debian package libnss3-tools), as a tablet does once the CA is installed; a second one does not,
as a tablet before set-up.

    .venv/bin/python scripts/screenshots.py [--out docs/operator]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkzeug.security import generate_password_hash

from ballot_service import create_app, db
from ballot_service.cardtool.tokens import token_text
from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.keyfile import seal_key
from ballot_service.devtools import demo, simulation
from ballot_service.devtools.sandbox import scratch_app
from ballot_service.hall import clock, store
from ballot_service.hall.server import Hall
from ballot_service.models import Poll
from ballot_service.services import ceremony, lifecycle, polls, voting

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
LAN = ipaddress.ip_address("127.0.0.2")
LOOP = ipaddress.ip_address("127.0.0.1")
PASSWORD = "screenshots-only-1"  # noqa: S105 - a throwaway demo database
LAPTOP: ViewportSize = {"width": 1200, "height": 820}
TABLET: ViewportSize = {"width": 800, "height": 1100}
TABLET_LANDSCAPE: ViewportSize = {"width": 1024, "height": 768}
PROJECTOR: ViewportSize = {"width": 1280, "height": 720}
PASSPHRASE = "cụm mật khẩu minh họa"  # noqa: S105 - the demo members' key files


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


def _members(poll: Poll) -> dict[int, str]:
    """The poll's members (index → username), given the demo password to log in with."""
    members = {}
    for seat in poll.trustees:
        seat.user.password_hash = generate_password_hash(PASSWORD)
        members[seat.index] = seat.user.username
    return members


def _cast(poll: Poll, tokens: list[bytes]) -> None:
    fp, key = bytes.fromhex(poll.fingerprint or ""), ceremony.election_key(poll)
    for n, token in enumerate(tokens):
        marks = [(n + i) % poll.levels for i in range(len(poll.rated))]
        ballot, _ = encrypt_ballot(fp, key, token, marks, poll.levels)
        voting.cast(poll, ballot.to_dict())
        db.session.commit()


def _scenes(tmp: Path) -> dict[str, Any]:
    """The polls in the other states the guide shows, each with what its pages need."""
    scenes: dict[str, Any] = {}
    in_ceremony = simulation.setup_poll(12, 4, 3, 2)
    scenes["ceremony"] = (in_ceremony.id, _members(in_ceremony))
    ready = simulation.setup_poll(12, 4, 3, 2)
    secrets_ = simulation.play_ceremony(ready, os.urandom)
    simulation.cosign_all(ready, secrets_, {})
    lifecycle.transition(ready, "ready")
    scenes["ready"] = (ready.id, _members(ready))
    db.session.commit()
    opened = simulation.open_poll(delegates=12, officials=4, trustees=3, threshold=2)
    scenes["open"] = (opened.poll.id, token_text(opened.tokens[0]))
    _cast(opened.poll, opened.tokens[1:5])  # a few ballots in already, for the hall display
    closed = simulation.open_poll(delegates=12, officials=4, trustees=3, threshold=2)
    _cast(closed.poll, closed.tokens[:6])
    lifecycle.transition(closed.poll, "closed")
    members = _members(closed.poll)
    db.session.commit()
    key_file = tmp / "member-1.json"
    fp = bytes.fromhex(closed.poll.fingerprint or "")
    sealed = seal_key(fp, 1, closed.member_secrets[1], PASSPHRASE, log_n=14)
    key_file.write_text(json.dumps(sealed.to_dict()), encoding="utf-8")
    scenes["closed"] = (closed.poll.id, members[1], key_file)
    return scenes


def _seed(tmp: Path) -> tuple[Any, Any, int, dict[str, Any]]:
    app = scratch_app(create_app, tmp, "hall", BACKUP_DIR=str(tmp / "backup"))
    engine = app.config["ENGINE"]
    with app.app_context():
        demo.seed(PASSWORD)
        db.session.commit()
        outcome = simulation.run(delegates=12, officials=4, trustees=3, threshold=2, seed=7)
        poll = polls.get_poll(outcome.poll_id)
        poll_id = poll.id
        result_member = _members(poll)[1]
        db.session.commit()
        scenes = _scenes(tmp)
        scenes["tallied"] = (poll_id, result_member)
    (tmp / "backup").mkdir()
    (tmp / "backup" / f"ballot-{datetime.now(UTC):%Y-%m-%d}.sqlite3").write_bytes(
        (tmp / "hall.sqlite3").read_bytes()
    )
    return app, engine, poll_id, scenes


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _committee_pages(browser: Any, secure: str, scenes: dict[str, Any], shot: Any) -> None:
    """The members' pages: the key ceremony, the ballot cards, the decryption and the result."""
    ceremony_id, members = scenes["ceremony"]
    pages = []
    for index in sorted(members):  # each member in their own browser, as in the room
        page = browser.new_context(viewport=LAPTOP).new_page()
        _login(page, secure, members[index])
        page.goto(f"{secure}/committee/polls/{ceremony_id}/ceremony")
        page.fill("#ceremony-passphrase", PASSPHRASE)
        page.fill("#ceremony-passphrase2", PASSPHRASE)
        page.click(".ceremony-start button")
        pages.append(page)
    first = pages[0]
    first.wait_for_selector(".ceremony-compare:not(.hidden)", timeout=120_000)
    first.check("#ceremony-compared")
    shot(first, "committee-ceremony.png", full=True)
    ready_id, ready_members = scenes["ready"]
    page = browser.new_context(viewport=LAPTOP).new_page()
    _login(page, secure, ready_members[1])
    page.goto(f"{secure}/committee/polls/{ready_id}/cards")
    shot(page, "committee-cards.png", full=True)
    closed_id, member, key_file = scenes["closed"]
    page = browser.new_context(viewport=LAPTOP).new_page()
    _login(page, secure, member)
    page.goto(f"{secure}/committee/polls/{closed_id}/decryption")
    page.set_input_files("#key-file", str(key_file))
    page.fill("#passphrase", PASSPHRASE)
    shot(page, "committee-decryption.png", full=True)
    tallied_id, member = scenes["tallied"]
    page = browser.new_context(viewport=LAPTOP).new_page()
    _login(page, secure, member)
    page.goto(f"{secure}/committee/polls/{tallied_id}/result")
    shot(page, "committee-result.png", full=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/operator"))
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        app, engine, poll_id, scenes = _seed(tmp)
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
                env: dict[str, str | float | bool] = {**os.environ, "HOME": str(home)}
                laptop = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
                bare_env: dict[str, str | float | bool] = {**os.environ, "HOME": str(tmp / "bare")}
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
                _committee_pages(laptop, secure, scenes, shot)
                # The tablet, landscape: marking, then the receipt.
                open_id, token = scenes["open"]
                page = laptop.new_context(viewport=TABLET_LANDSCAPE).new_page()
                page.goto(f"{secure}/vote/{open_id}#{token}")
                page.wait_for_selector('#vote[data-prepared="true"]')
                for i, level in enumerate([0, 1, 0]):  # the last row left blank
                    page.click(f'label[for="row-{i}-{level}"]')
                shot(page, "vote-tablet-marking.png")
                page.click("#to-review")
                page.wait_for_selector('#vote[data-state="review"]')
                page.click("#cast")
                page.wait_for_selector('#vote[data-state="cast"]')
                qr = page.locator("[data-screen=receipt] img").first
                page.wait_for_function(
                    "img => img.complete && img.naturalWidth > 0", arg=qr.element_handle()
                )
                shot(page, "vote-tablet-receipt.png")
                # The hall display on the projector (the open poll).
                page = laptop.new_page(viewport=PROJECTOR)
                page.goto(f"{secure}/hall/{open_id}")
                page.wait_for_selector("[data-figure=ballots_cast]")
                shot(page, "hall-display.png")
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
                reports = clock.recent(tmp, datetime.now(UTC))
            db.session.remove()
            engine.dispose()
    for file in shots:
        print(f"{out / file}  {(out / file).stat().st_size // 1024} KiB")
    print(f"{len(shots)} screenshots; {len(reports)} clock report(s) received")


if __name__ == "__main__":
    main()
