"""A whole rehearsal: prepare the poll, start the server, cast from every tablet (through a lossy
network, or with the server killed now and then, if asked), then judge, finish and verify."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from flask import Flask

from ...crypto.ballot_verify import ReceivedBallot, verify_ballot
from ...crypto.group import Point
from . import checks, clients, poll
from .clients import BoardSampler, Cast, percentile
from .proxy import FlakyProxy
from .server import Server


@dataclass
class Options:
    delegates: int = 500
    officials: int = 30
    seconds: float = 60.0
    burst: bool = False  # every ballot within 10 s
    postgres: str | None = None  # a PostgreSQL server URL (a schema of its own is made in it)
    workers: int = 1  # >1: gunicorn worker processes, else waitress as ./scripts/run
    loss: float = 0.0  # share of exchanges the network loses (a proxy in front)
    crashes: int = 0  # kill -9 the server this many times while casting
    seed: int | None = None
    processes: int = 2  # to make the ballots beforehand
    trustees: int = 7  # the counting committee: n members, threshold k
    threshold: int = 4


@dataclass
class Report:
    options: Options
    casts: list[Cast] = field(default_factory=list)
    window: float = 0.0
    cpu: float = 0.0
    board: list[float] = field(default_factory=list)
    board_failures: list[str] = field(default_factory=list)
    missing_on_board: int = 0
    kills: int = 0
    lost: tuple[int, int] = (0, 0)
    verify_one: float = 0.0
    problems: list[str] = field(default_factory=list)
    valid: bool = False
    verdict: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def accepted(self) -> int:
        return sum(1 for c in self.casts if c.status in (200, 201) and c.receipt)

    @property
    def ok(self) -> bool:
        return (
            self.valid
            and not self.problems
            and self.accepted == len(self.casts)
            and not any(c.server_errors for c in self.casts)
            and (not self.board_failures or self.options.crashes > 0)  # down while restarting
            and self.missing_on_board == 0
        )

    def lines(self) -> list[str]:
        o, casts = self.options, self.casts
        engine = "PostgreSQL" if o.postgres else "SQLite"
        server = f"gunicorn × {o.workers}" if o.workers > 1 else "waitress, one process"
        latency = [c.latency for c in casts if c.receipt]
        failed = sum(len(c.failures) for c in casts)
        out = [
            f"{o.delegates} delegates × {o.officials} officials, {engine} ({server}), "
            + (
                f"burst: all within {self.window:.0f} s" if o.burst else f"over {self.window:.0f} s"
            ),
            f"accepted {self.accepted} (of which repeats answered 200: "
            f"{sum(c.repeated for c in casts)}), refused {sum(1 for c in casts if c.refusal)}, "
            f"failed attempts retried {failed} (5xx: {sum(c.server_errors for c in casts)}), "
            f"told to come back (429) {sum(c.busy for c in casts)}",
            "latency (first send → receipt held): "
            f"p50 {percentile(latency, 50):.3f} s, p95 {percentile(latency, 95):.3f} s, "
            f"p99 {percentile(latency, 99):.3f} s, max {max(latency, default=0):.3f} s",
            f"server CPU {self.cpu:.1f} s over {self.timings.get('cast', 0):.1f} s of casting "
            f"({self.cpu / max(self.timings.get('cast', 1), 1e-9) * 100:.0f} % of one core; "
            f"{self.cpu / max(len(casts), 1) * 1000:.0f} ms per ballot; verifying one ballot "
            f"takes {self.verify_one * 1000:.0f} ms here)",
            f"board page p99 {percentile(self.board, 99) * 1000:.0f} ms "
            f"(p50 {percentile(self.board, 50) * 1000:.0f} ms, {len(self.board)} loads, "
            f"{len(self.board_failures)} failed); "
            f"receipts not on the board: {self.missing_on_board}",
        ]
        if o.loss:
            out.append(
                f"network lost {self.lost[0]} requests and {self.lost[1]} responses "
                f"({o.loss:.0%} of exchanges)"
            )
        if o.crashes:
            out.append(f"server killed with SIGKILL {self.kills} times while casting, restarted")
        out.append("checks: " + ("all hold" if not self.problems else "; ".join(self.problems[:8])))
        out.append(f"ballot-verify: {'VALID' if self.valid else 'INVALID'} — {self.verdict}")
        out.append(
            "time: "
            + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in self.timings.items())
        )
        return out


def _schedule(options: Options) -> tuple[float, list[float]]:
    window = 10.0 if options.burst else options.seconds
    chance = random.Random(options.seed)  # noqa: S311 - when each simulated tablet casts
    return window, [chance.uniform(0, window) for _ in range(options.delegates)]


def _missing_on_board(port: int, casts: list[Cast]) -> int:
    """How many receipts the board cannot prove (its proof API answers other than 200)."""
    paths = [f"/board/api/ballots/{c.receipt['tracking_code']}/proof" for c in casts if c.receipt]
    missing = 0
    for path in paths:
        try:
            missing += clients.get(port, path, 120)[0] != 200
        except (OSError, http.client.HTTPException):
            missing += 1
    return missing


class _Killer:
    """kill -9 the server `times` times while casting, each time restarting it at once.

    The i-th kill falls at a random count of receipts in the first half of the i-th of
    `times + 1` equal shares of the tablets, and at once when that receipt arrives: every kill
    is then certain to fall within the casting (a random delay instead could let a fast
    machine finish casting first), while the tablets still in flight are at random stages."""

    def __init__(self, server: Server, report: Report, times: int, seed: int | None) -> None:
        self.server, self.report, self.times = server, report, times
        chance = random.Random(seed)  # noqa: S311 - when the power goes
        total = report.options.delegates
        share = total / (times + 1)
        self.at = [
            min(total - 1, int(i * share + chance.uniform(0.0, share / 2)))
            for i in range(1, times + 1)
        ]
        self.done = 0
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def cast_done(self) -> None:
        with self.changed:
            self.done += 1
            self.changed.notify_all()

    def finish(self) -> None:
        with self.changed:
            self.stop.set()
            self.changed.notify_all()

    def _reached(self, at: int) -> bool:
        return self.done >= at or self.stop.is_set()

    def _run(self) -> None:
        for at in self.at:
            with self.changed:
                self.changed.wait_for(partial(self._reached, at))
                if self.stop.is_set():
                    return
                self.server.kill()  # holding the lock: no receipt is counted meanwhile
            self.report.kills += 1
            self.server.start()


def _verify_time(prepared: poll.Prepared) -> float:
    """CPU time to verify one ballot in this process (most of what a cast costs the server)."""
    received = ReceivedBallot.from_dict(json.loads(prepared.bodies[0]))
    started = time.process_time()
    verify_ballot(
        received,
        prepared.fingerprint,
        Point.decode(prepared.key),
        officials=prepared.officials,
        levels=prepared.levels,
    )
    return time.process_time() - started


# make_app(database URL, keys folder, instance folder): the app, bound to that database (the
# caller builds it: devtools never import the web).
MakeApp = Callable[[str, Path, Path], Flask]


def rehearse(
    options: Options, tmp: Path, make_app: MakeApp, progress: Callable[[str], None] = print
) -> Report:
    """Run the rehearsal in the folder `tmp` (its database, keys and record)."""
    report = Report(options)
    instance = tmp / "instance"
    instance.mkdir(mode=0o700, exist_ok=True)
    clock = time.monotonic()
    with poll.fresh_database(tmp, options.postgres) as url:
        keys_dir = poll.make_keys(tmp)
        app = make_app(url, keys_dir, instance)
        progress(f"setting up the poll and making {options.delegates} ballots…")
        prepared = poll.prepare(
            app,
            url,
            keys_dir,
            delegates=options.delegates,
            officials=options.officials,
            processes=options.processes,
            trustees=options.trustees,
            threshold=options.threshold,
            seed=options.seed,
        )
        poll.dispose(app)
        report.timings["prepare"] = time.monotonic() - clock
        server = Server(url, keys_dir, instance, options.workers)
        server.start()
        try:
            report.window, at = _schedule(options)
            progress(f"casting from {options.delegates} tablets over {report.window:.0f} s…")
            with ExitStack() as stack:
                proxy = (
                    stack.enter_context(FlakyProxy(server.port, options.loss, options.seed))
                    if options.loss
                    else None
                )
                board = stack.enter_context(
                    BoardSampler(server.port, f"/board/polls/{prepared.poll_id}")
                )
                killer = _Killer(server, report, options.crashes, options.seed)
                if options.crashes:
                    killer.thread.start()
                cpu, clock = server.cpu_seconds(), time.monotonic()
                report.casts = clients.cast_all(
                    lambda: proxy.port if proxy else server.port,
                    prepared.poll_id,
                    prepared.bodies,
                    at,
                    killer.cast_done,
                    # while crashing, a steady stream (4 tablets at a time), so that casting
                    # goes on after each restart and every kill falls within it
                    4 if options.crashes else None,
                )
                report.timings["cast"] = time.monotonic() - clock
                killer.finish()
                if options.crashes:
                    killer.thread.join()
                report.cpu = server.cpu_seconds() - cpu
                if proxy is not None:
                    report.lost = (proxy.lost_requests, proxy.lost_responses)
            report.board, report.board_failures = board.times, board.failures
            report.missing_on_board = _missing_on_board(server.port, report.casts)
        finally:
            server.stop()
        clock = time.monotonic()
        app = make_app(url, keys_dir, instance)
        report.problems = checks.check(app, prepared.poll_id, report.casts, prepared.codes)
        record = tmp / "poll.record"
        poll.finish(app, prepared, record)
        poll.dispose(app)
        report.timings["close, decrypt, export"] = time.monotonic() - clock
        clock = time.monotonic()
        report.valid, report.verdict = poll.verify_record(record, prepared.log_key)
        report.timings["ballot-verify"] = time.monotonic() - clock
        report.verify_one = _verify_time(prepared)
    return report
