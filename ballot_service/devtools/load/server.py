"""The real server in a process of its own, as `./scripts/run` starts it (waitress, one process)
or as the README deploys it on PostgreSQL (gunicorn, several worker processes)."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ticks(pid: int) -> int:
    """User + system CPU ticks of a process and of its children that ended (waited for)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    # after the command: state(0) … utime(11) stime(12) cutime(13) cstime(14)
    return sum(int(fields[i]) for i in (11, 12, 13, 14))


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


class Server:
    """Start, probe, kill -9 and restart the service on a free port of 127.0.0.1."""

    def __init__(
        self,
        url: str,
        keys_dir: Path,
        instance: Path,
        workers: int = 1,
        environment: dict[str, str] | None = None,
    ) -> None:
        self.url, self.keys_dir, self.instance, self.workers = url, keys_dir, instance, workers
        self.environment = environment or {}  # more settings for the server (BALLOT_…)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.cpu_before = 0.0  # the CPU time of the processes killed so far
        self.log = instance / "server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        if self.workers > 1:
            return [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                str(self.workers),
                "--threads",  # as waitress serves: a page is not queued behind a worker's cast
                "16",
                "-b",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                "--timeout",  # a starved machine must not make the master kill busy workers
                "300",
                "ballot_service.wsgi:app",
            ]
        return [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "ballot_service",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]

    def start(self, timeout: float = 60.0) -> None:
        environment = (
            dict(
                os.environ,
                DATABASE_URL=self.url,
                BALLOT_KEYS_DIR=str(self.keys_dir),
                BALLOT_SECRET_KEY="load-" + "k" * 40,
            )
            | self.environment
        )
        if self.workers > 1:  # each gunicorn worker verifies in a process of its own
            environment.setdefault("BALLOT_VERIFY_PROCESSES", "1")
        environment.pop("BALLOT_LOG_KEY_PASSPHRASE", None)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own server
                self.command(),
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.instance,
                start_new_session=True,  # its own process group: kill -9 takes every worker
            )
        self.starts += 1
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}): see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer /healthz in {timeout} s: see {self.log}")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (the workers included)."""
        process = self.process
        if process is None:
            return self.cpu_before
        pids = [process.pid, *_descendants(process.pid)]
        return self.cpu_before + sum(_ticks(pid) for pid in pids) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """kill -9 the server and every worker: no clean-up, as when the power goes."""
        if self.process is None:
            return
        self.cpu_before = self.cpu_seconds()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None
