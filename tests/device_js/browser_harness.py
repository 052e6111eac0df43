"""Run the device crypto's encryption Worker in headless Chromium, under a given CSP.

A small static server on 127.0.0.1 serves ballot_service/web/static (as the app does, with the
app's Content-Security-Policy unless told otherwise) and a test page whose module script
(no inline script) starts a BallotEncrypter, encrypts ballots in the Worker (from scratch,
then prepared before the marks are known) and leaves the
figures and the ballots as JSON in the page (read through the DOM: the CSP forbids the eval
that Playwright's wait_for_function would need). Used by tests/browser (the CSP check)
and scripts/bench_browser.py (the figures). Chromium is Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import ballot_service
from ballot_service.web.security import CSP

STATIC = Path(ballot_service.__file__).parent / "web" / "static"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>device crypto</title>
<script type="module" src="/page.js"></script></head>
<body><p id="state">running</p><button id="next" type="button">next</button>
<pre id="result"></pre></body></html>
"""

RUNNER = b"""
import { BallotEncrypter } from '/static/js/device/encrypter.js';

const q = new URLSearchParams(location.search);
const request = { election: q.get('election'), key: q.get('key'), token: q.get('token') };
const levels = Number(q.get('levels'));
const officials = Number(q.get('officials'));
const runs = Number(q.get('runs'));
const preparedRuns = Number(q.get('prepared_runs'));
const gated = q.get('gated') === '1';
const state = (text) => (document.getElementById('state').textContent = text);

function phase(name) {
  // With gated=1 the page stops between phases until #next is clicked, so that the harness can
  // read the Worker thread's CPU time at each boundary.
  if (!gated) return Promise.resolve();
  state(name);
  return new Promise((resolve) =>
    document.getElementById('next').addEventListener('click', () => resolve(), { once: true }),
  );
}

function marks() {
  // A level or a blank (null) per official, uniformly.
  const draw = new Uint32Array(officials);
  crypto.getRandomValues(draw);
  return Array.from(draw, (v) => (v % (levels + 1) === levels ? null : v % (levels + 1)));
}

async function main() {
  const start = performance.now();
  const encrypter = new BallotEncrypter();
  const ballots = [];
  // First `runs` + 1 ballots from scratch (the first one includes loading), then
  // `prepared_runs` ballots prepared before the marks are known.
  for (let k = 0; k <= runs + preparedRuns; k++) {
    if (k === 1) await phase('warm');
    if (k === runs + 1) await phase('scratch-done');
    let prepareMs = null;
    if (k > runs) {
      const answer = await encrypter.prepare({ ...request, officials, levels });
      prepareMs = answer.elapsed_ms;
    }
    const choices = marks();
    const sent = performance.now();
    const answer = await encrypter.encrypt({ ...request, choices, levels });
    ballots.push({
      choices,
      prepared: answer.prepared,
      prepare_ms: prepareMs,
      worker_ms: answer.elapsed_ms,
      round_trip_ms: performance.now() - sent,
      ballot: answer.ballot,
      nonces: answer.nonces,
      tracking_code: answer.tracking_code,
      short_code: answer.short_code,
    });
    if (k === 0) ballots[0].since_start_ms = performance.now() - start;
  }
  encrypter.terminate();
  return { ok: true, ballots };
}

main()
  .catch((error) => ({ ok: false, error: error.name, message: error.message }))
  .then((result) => {
    document.getElementById('result').textContent = JSON.stringify(result);
    state('done');
  });
"""


def _handler(csp: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/page.html":
                self._send(PAGE, "text/html; charset=utf-8")
            elif path == "/page.js":
                self._send(RUNNER, "text/javascript")
            elif path.startswith("/static/"):
                target = (STATIC / path.removeprefix("/static/")).resolve()
                if STATIC.resolve() not in target.parents or not target.is_file():
                    self.send_error(404)
                    return
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if target.suffix in {".js", ".mjs"}:
                    kind = "text/javascript"
                self._send(target.read_bytes(), kind)
            else:
                self.send_error(404)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(csp: str = CSP) -> Iterator[str]:
    """Serve the static files and the test page; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(csp))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _worker_thread_cpu_ns() -> int | None:
    """CPU time of the one Web Worker thread among this process's descendants (Chromium names
    it DedicatedWorker), in ns; None when there is not exactly one (or no /proc)."""
    totals = []
    for pid in _descendants(os.getpid()):
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                if (task / "comm").read_text().startswith("DedicatedWorker"):
                    totals.append(int((task / "schedstat").read_text().split()[0]))
        except OSError:
            continue
    return totals[0] if len(totals) == 1 else None


def _state(page: Any, name: str) -> Any:
    return page.locator("#state", has_text=re.compile(f"^{name}$"))


def run_worker(
    base: str,
    *,
    election: bytes,
    key: str,
    token: bytes,
    officials: int,
    levels: int,
    runs: int,
    prepared_runs: int = 0,
    timeout_ms: int = 120_000,
    worker_cpu: bool = False,
) -> dict[str, Any]:
    """Open the page in headless Chromium; return its result (plus the console's messages).

    With ``worker_cpu`` (Linux), the page pauses after its first ballot and after the ballots
    made from scratch, and the result gains ``worker_cpu_ms``: the CPU time the Worker's thread
    spent on those ballots (from /proc schedstat), which a loaded machine changes much less
    than the wall-clock times."""
    from playwright import sync_api

    query = urlencode(
        {
            "election": election.hex(),
            "key": key,
            "token": token.hex(),
            "officials": officials,
            "levels": levels,
            "runs": runs,
            "prepared_runs": prepared_runs,
            "gated": int(worker_cpu),
        }
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            page.goto(f"{base}/page.html?{query}")
            cpu = None
            if worker_cpu:
                _state(page, "warm").wait_for(timeout=timeout_ms)
                before = _worker_thread_cpu_ns()
                page.click("#next")
                _state(page, "scratch-done").wait_for(timeout=timeout_ms)
                after = _worker_thread_cpu_ns()
                page.click("#next")
                if before is not None and after is not None:
                    cpu = (after - before) / 1e6
            _state(page, "done").wait_for(timeout=timeout_ms)
            result: dict[str, Any] = json.loads(page.locator("#result").text_content() or "")
            result["worker_cpu_ms"] = cpu
            result["console"] = console
            return result
        finally:
            browser.close()
