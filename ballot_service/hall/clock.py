"""The devices' clocks, as their browsers report them on the set-up page.

The hall may have no internet and so no NTP: the laptop's clock stamps every checkpoint and the
minutes, and the only other clocks at hand are the committee's computers and the tablets. Each
report is kept (per host: drift is a property of the host that stamps) in a small JSON-lines
file in the instance folder; `doctor` compares them with the laptop's clock.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..config import make_private_dir

FILE = "clock_reports.jsonl"
KEEP = 500  # reports kept after trimming
WINDOW = timedelta(hours=12)  # reports older than this are not compared
LIMIT = timedelta(minutes=2)
# A device time further than this from the laptop's is refused as nonsense (not a clock).
SANE = timedelta(days=3650)

_lock = threading.Lock()


@dataclass(frozen=True)
class Report:
    received: datetime  # the laptop's clock when the report arrived (UTC)
    device: datetime  # the device's clock as its browser sent it (UTC)
    who: str  # "committee", "admin", "device"…
    agent: str  # a short user-agent, for the operator to tell the devices apart

    @property
    def drift(self) -> timedelta:
        """How far the device is ahead of the laptop (negative: behind)."""
        return self.device - self.received


def record(instance: Path, device_ms: int, received: datetime, who: str, agent: str) -> Report:
    """Keep one report; ValueError for a time no clock shows."""
    try:
        device = datetime.fromtimestamp(device_ms / 1000, UTC)
    except (OverflowError, OSError):  # beyond what the platform's time_t holds (fuzzing)
        raise ValueError("not a plausible time") from None
    if abs(device - received) > SANE:
        raise ValueError("not a plausible time")
    report = Report(received, device, who[:20], agent[:120])
    line = json.dumps(
        {
            "received": received.isoformat(),
            "device": device.isoformat(),
            "who": report.who,
            "agent": report.agent,
        },
        ensure_ascii=False,
    )
    path = Path(instance) / FILE
    with _lock:
        make_private_dir(path.parent)  # the instance folder: 0700, as the service makes it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        if path.stat().st_size > KEEP * 400:
            lines = path.read_text(encoding="utf-8").splitlines()[-KEEP:]
            temp = path.with_name(FILE + ".tmp")
            temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
            os.replace(temp, path)
    return report


def recent(instance: Path, now: datetime, window: timedelta = WINDOW) -> list[Report]:
    """The reports received within `window` of now (unreadable lines are skipped)."""
    path = Path(instance) / FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    reports = []
    for line in lines:
        try:
            item = json.loads(line)
            report = Report(
                datetime.fromisoformat(item["received"]),
                datetime.fromisoformat(item["device"]),
                str(item["who"]),
                str(item["agent"]),
            )
        except (ValueError, KeyError, TypeError):
            continue
        if now - window <= report.received <= now + LIMIT:
            reports.append(report)
    return reports


@dataclass(frozen=True)
class Drift:
    """The reports compared with the laptop: how many, the median drift, those beyond LIMIT."""

    count: int
    median: timedelta
    off: tuple[Report, ...]

    @property
    def laptop_suspect(self) -> bool:
        """Most devices disagree with the laptop the same way: the laptop is the odd one."""
        return self.count > 0 and abs(self.median) > LIMIT


def compare(reports: list[Report]) -> Drift:
    if not reports:
        return Drift(0, timedelta(0), ())
    median = timedelta(seconds=statistics.median(r.drift.total_seconds() for r in reports))
    off = tuple(r for r in reports if abs(r.drift) > LIMIT)
    return Drift(len(reports), median, off)
