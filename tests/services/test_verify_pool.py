"""The cast's verification in worker processes (services/verify_pool.py): the same verdicts as
in the calling thread, for a valid ballot, a forged one and a malformed one; a killed worker
costs no cast; the verified ballot survives the trip between processes intact."""

from __future__ import annotations

import os
import pickle
import signal
import time

import pytest

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.credentials import new_token
from ballot_service.crypto.group import BASE, Scalar, multiply_public
from ballot_service.services import verify_pool

FP = bytes(range(32))
KEY = multiply_public([(Scalar(123456789), BASE)])[0]


def _body(choices: list[int | None]) -> dict:
    ballot, _ = encrypt_ballot(FP, KEY, new_token(), choices, 3)
    return ballot.to_dict()


@pytest.fixture
def pool():
    verify_pool.start(2)
    yield verify_pool
    verify_pool.stop()


def test_the_pool_gives_the_same_verdicts_as_the_calling_thread(pool):
    good = _body([0, 2, None])
    forged = dict(good, signature={**good["signature"]})
    key, value = next(iter(forged["signature"].items()))
    forged["signature"][key] = value[:-2] + ("00" if value[-2:] != "00" else "01")
    malformed = {"version": 1}
    args = (FP, KEY.encode(), 3, 3)
    for body in (good, forged, malformed):
        inline = verify_pool.verdict(body, *args)
        pooled = pool.verify(body, *args)
        assert (pooled.failure, pooled.reason) == (inline.failure, inline.reason)
        if inline.ballot is not None:
            assert pooled.ballot is not None
            assert pooled.ballot.to_dict() == good
            assert pooled.ballot.tracking_code() == inline.ballot.tracking_code()
    assert pool.verify(good, *args).failure is None
    assert pool.verify(forged, *args).failure == "refused"
    assert pool.verify(malformed, *args).failure == "malformed"


def test_a_killed_worker_costs_no_cast(pool):
    body = _body([1, 1, 0])
    args = (FP, KEY.encode(), 3, 3)
    assert pool.verify(body, *args).ballot is not None
    workers = list(verify_pool._pool._processes.values())  # type: ignore[union-attr]
    os.kill(workers[0].pid, signal.SIGKILL)
    workers[0].join(10)
    assert pool.verify(body, *args).ballot is not None  # verified all the same
    assert pool.verify(body, *args).ballot is not None  # by a fresh pool


def test_workers_yield_the_cores_to_the_server(pool):
    """The workers run at a lower priority (nice) than the server that started them."""
    pool.verify(_body([1, 1, 0]), FP, KEY.encode(), 3, 3)
    server = os.getpriority(os.PRIO_PROCESS, 0)
    expected = server + min(verify_pool.NICENESS, 19 - server)
    workers = list(verify_pool._pool._processes.values())  # type: ignore[union-attr]
    assert workers
    deadline = time.monotonic() + 30  # a worker just spawned may not have started yet
    while time.monotonic() < deadline and any(
        os.getpriority(os.PRIO_PROCESS, w.pid) != expected for w in workers
    ):
        time.sleep(0.05)
    assert [os.getpriority(os.PRIO_PROCESS, w.pid) for w in workers] == [expected] * len(workers)


def test_points_and_scalars_pickle_with_their_bytes_and_checked_flag():
    point = pickle.loads(pickle.dumps(KEY))  # noqa: S301 - our own bytes
    assert point == KEY and point.checked
    scalar = pickle.loads(pickle.dumps(Scalar(42)))  # noqa: S301 - our own bytes
    assert scalar.encode() == Scalar(42).encode()


def test_the_workers_end_with_their_server(tmp_path):
    """A server killed with SIGKILL leaves no verification process behind."""
    import subprocess
    import sys
    import time

    script = tmp_path / "server.py"
    script.write_text(
        "import os, sys, time\n"
        "from ballot_service.services import verify_pool\n"
        "if __name__ == '__main__':\n"
        "    verify_pool.start(2)\n"
        "    pids = [p.pid for p in verify_pool._pool._processes.values()]\n"
        "    print(' '.join(map(str, pids)), flush=True)\n"
        "    time.sleep(60)\n"
    )
    server = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    assert server.stdout is not None
    workers = [int(pid) for pid in server.stdout.readline().split()]
    assert len(workers) == 2
    server.kill()
    server.wait(10)
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if _alive(pid)]
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
