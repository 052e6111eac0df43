"""The tablets: each casts its ballot at its moment and retries until it holds a receipt; and an
observer who keeps reloading the board while they do."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cast:
    """One tablet's cast: the answer that gave it its receipt, how long from its first attempt
    (the delegate's wait), and every failed attempt on the way (network errors, 5xx)."""

    card: int
    status: int = 0
    receipt: dict[str, Any] | None = None
    repeated: bool = False
    latency: float = 0.0
    attempts: int = 0
    failures: list[str] = field(default_factory=list)
    server_errors: int = 0  # 5xx answers: must stay 0
    busy: int = 0  # 429 answers (come back later), each followed as the tablet page does
    refusal: str = ""


def post(port: int, path: str, body: bytes, timeout: float) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def get(port: int, path: str, timeout: float) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def cast_until_receipt(
    port: Callable[[], int],
    poll_id: int,
    card: int,
    body: bytes,
    *,
    give_up_after: float = 300.0,
    timeout: float = 120.0,
) -> Cast:
    """Send the ballot, again after a lost request or answer (a weak Wi-Fi) or a 5xx, and after
    the time a 429 asks for plus a random part of it again (as the tablet page does), until the
    service answers with a receipt (201, 200 for a repeat) or refuses it (another 4xx)."""
    path = f"/vote/api/polls/{poll_id}/ballots"
    outcome = Cast(card)
    chance = random.Random(card)  # noqa: S311 - when a busy tablet comes back
    started = time.monotonic()
    wait = 0.1
    while time.monotonic() - started < give_up_after:
        outcome.attempts += 1
        try:
            status, raw = post(port(), path, body, timeout)
        except (OSError, http.client.HTTPException) as error:
            outcome.failures.append(type(error).__name__)
        else:
            if status >= 500:
                outcome.server_errors += 1
                outcome.failures.append(f"HTTP {status}")
            elif status == 429:
                outcome.busy += 1
                asked = json.loads(raw).get("retry_after", 2)
                time.sleep(asked + chance.uniform(0.0, asked))
                continue
            else:
                answer = json.loads(raw)
                outcome.status = status
                outcome.latency = time.monotonic() - started
                if status in (200, 201):
                    outcome.receipt = answer["receipt"]
                    outcome.repeated = bool(answer.get("repeated"))
                else:
                    outcome.refusal = str(answer.get("error", ""))
                    outcome.receipt = answer.get("receipt")
                return outcome
        time.sleep(wait)
        wait = min(wait * 2, 1.0)
    outcome.latency = time.monotonic() - started
    return outcome


def cast_all(
    port: Callable[[], int],
    poll_id: int,
    bodies: Sequence[bytes],
    at: Sequence[float],
    on_done: Callable[[], None] = lambda: None,
    at_most: int | None = None,
) -> list[Cast]:
    """One thread per tablet; tablet i sends its ballot `at[i]` seconds after the start (and
    calls `on_done` once it holds its receipt or was refused); `at_most` tablets at a time."""
    results: list[Cast | None] = [None] * len(bodies)
    turns = threading.BoundedSemaphore(at_most or len(bodies) or 1)
    start = time.monotonic() + 0.2

    def tablet(i: int) -> None:
        time.sleep(max(0.0, start + at[i] - time.monotonic()))
        with turns:
            results[i] = cast_until_receipt(port, poll_id, i, bodies[i])
            on_done()

    threads = [threading.Thread(target=tablet, args=(i,), daemon=True) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r if r is not None else Cast(i, failures=["no answer"]) for i, r in enumerate(results)]


class BoardSampler:
    """Load a board page every `every` seconds while the casting runs; keep each page's time."""

    def __init__(self, port: int, path: str, every: float = 0.2) -> None:
        self.port, self.path, self.every = port, path, every
        self.times: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status, _ = get(self.port, self.path, 30)
                if status == 200:
                    self.times.append(time.monotonic() - started)
                else:
                    self.failures.append(f"HTTP {status}")
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(type(error).__name__)
            self._stop.wait(self.every)

    def __enter__(self) -> BoardSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]
