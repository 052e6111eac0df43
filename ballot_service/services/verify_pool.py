"""A cast's verification on every core of the laptop: a pool of worker processes.

Checking a ballot's points and proofs is most of a cast's cost (~80 %, measured with cProfile
over the cast endpoint) and runs in Python, so the server's threads, which share one
interpreter lock, would verify the hall's ballots one at a time on one core. The serve command
starts this pool (one process per core); casts then verify in parallel while the server's
threads go on serving pages. Without a pool (tests, a shell, gunicorn's worker processes,
which are a pool already) the ballot is verified in the calling thread: the same function,
the same verdict.

The workers are started with "spawn", never forked from a threaded server, and import only the
pure crypto package. They receive the ballot's JSON body and the election, and answer with the
verified ballot (its points and scalars pickle as their bytes, the points with their checked
flag: pickle crosses only between this process and its own workers, never from the network) or
with the reason it was refused. A worker that dies (killed, out of memory) breaks the pool: the
cast is then verified in the calling thread and the pool is started afresh for the next one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal

from ..crypto.ballot_types import Ballot
from ..crypto.ballot_verify import ReceivedBallot, verify_ballot
from ..crypto.errors import VerificationError
from ..crypto.group import Point

_lock = threading.Lock()
_processes = 0
_pool: ProcessPoolExecutor | None = None


@dataclass(frozen=True)
class Verdict:
    """A ballot's verdict: `ballot` when it verified; else `failure` says which step refused it
    (its encoding: "malformed", or a check: "refused") and `reason` why."""

    ballot: Ballot | None = None
    failure: Literal["malformed", "refused"] | None = None
    reason: str = ""


def verdict(body: Any, fingerprint: bytes, key: bytes, officials: int, levels: int) -> Verdict:
    """Decode and verify a received ballot (runs in a worker, or in the calling thread)."""
    try:
        received = ReceivedBallot.from_dict(body)
    except VerificationError as error:
        return Verdict(failure="malformed", reason=str(error))
    try:
        election_key = Point.decode(key, what="election key")
        ballot = verify_ballot(
            received, fingerprint, election_key, officials=officials, levels=levels
        )
    except VerificationError as error:
        return Verdict(failure="refused", reason=str(error))
    return Verdict(ballot=ballot)


def start(processes: int) -> None:
    """Verify in `processes` worker processes from now on (0: in the calling thread)."""
    global _processes, _pool
    with _lock:
        old, _pool, _processes = _pool, None, max(0, processes)
        if _processes:
            _pool = _new_pool()
    if old is not None:
        old.shutdown(wait=False, cancel_futures=True)


def stop() -> None:
    start(0)


def processes() -> int:
    return _processes


# How much lower the workers' scheduling priority is than the server's (nice(2) steps).
NICENESS = 5


def _start_worker(parent: int) -> None:
    """In a worker, first: yield the cores to the server's own threads when both want them
    (a board page or a receipt is then not kept waiting behind the hall's verifications; the
    verifications still use every core the server leaves idle), and follow the parent."""
    with contextlib.suppress(OSError):  # not allowed: the server's priority, as before
        os.nice(NICENESS)
    _follow_parent(parent)


def _follow_parent(parent: int) -> None:
    """In a worker: exit once the server that started it is gone (killed, even by SIGKILL), so
    no verification process outlives its server and a restart never piles them up."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _new_pool() -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(
        _processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    for _ in range(_processes):  # start the workers now, not on the hall's first ballot
        pool.submit(int)
    return pool


def verify(body: Any, fingerprint: bytes, key: bytes, officials: int, levels: int) -> Verdict:
    """The verdict on a ballot, from a worker process when the pool runs."""
    global _pool
    with _lock:
        pool = _pool
    if pool is not None:
        try:
            return pool.submit(verdict, body, fingerprint, key, officials, levels).result()
        except BrokenProcessPool:
            with _lock:
                if _pool is pool and _processes:
                    _pool = _new_pool()  # the next cast finds a working pool again
    return verdict(body, fingerprint, key, officials, levels)
