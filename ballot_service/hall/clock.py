"""The devices' clocks, as their browsers report them on the set-up page.

The hall may have no internet and so no NTP: the laptop's clock stamps every checkpoint and the
minutes, and the only other clocks at hand are the committee's computers and the tablets. Each
report is kept (per host: drift is a property of the host that stamps) in a small JSON-lines
file in the instance folder; `doctor` compares them with the laptop's clock.

Anyone on the hall's network may report (the tablets are not logged in), so a report counts
for its address, once (the latest), an address may report once every GAP, and when logged-in
committee or secretariat computers have reported, their clocks decide whether the laptop is off.
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
GAP = timedelta(seconds=10)  # an address reports at most this often
STAFF = ("admin", "committee")  # reports from logged-in sessions: computers the hall trusts

_lock = threading.Lock()


@dataclass(frozen=True)
class Report:
    received: datetime  # the laptop's clock when the report arrived (UTC)
    device: datetime  # the device's clock as its browser sent it (UTC)
    who: str  # "committee", "admin", "device"…
    agent: str  # a short user-agent, for the operator to tell the devices apart
    address: str = ""  # where the report came from: one device, one say

    @property
    def drift(self) -> timedelta:
        """How far the device is ahead of the laptop (negative: behind)."""
        return self.device - self.received


class TooSoon(Exception):
    """This address reported less than GAP ago."""


_last_from: dict[tuple[str, str], datetime] = {}  # (instance folder, address) → last report


def record(
    instance: Path, device_ms: int, received: datetime, who: str, agent: str, address: str = ""
) -> Report:
    """Keep one report; ValueError for a time no clock shows, TooSoon within GAP of the last
    report from the same address."""
    try:
        device = datetime.fromtimestamp(device_ms / 1000, UTC)
    except (OverflowError, OSError):  # beyond what the platform's time_t holds (fuzzing)
        raise ValueError("not a plausible time") from None
    if abs(device - received) > SANE:
        raise ValueError("not a plausible time")
    report = Report(received, device, who[:20], agent[:120], address[:64])
    line = json.dumps(
        {
            "received": received.isoformat(),
            "device": device.isoformat(),
            "who": report.who,
            "agent": report.agent,
            "address": report.address,
        },
        ensure_ascii=False,
    )
    path = Path(instance) / FILE
    with _lock:
        key = (str(instance), report.address)
        last = _last_from.get(key)
        if report.address and last is not None and abs(received - last) < GAP:
            raise TooSoon(report.address)
        if len(_last_from) > KEEP:
            _last_from.clear()
        _last_from[key] = received
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
                str(item.get("address", "")),
            )
        except (ValueError, KeyError, TypeError):
            continue
        if now - window <= report.received <= now + LIMIT:
            reports.append(report)
    return reports


@dataclass(frozen=True)
class Drift:
    """The reports compared with the laptop: how many devices, the median drift of those that
    decide (the staff's computers when any reported, else every device), those beyond LIMIT."""

    count: int
    median: timedelta
    off: tuple[Report, ...]
    staff: int = 0  # how many of the devices are logged-in committee or secretariat computers

    @property
    def laptop_suspect(self) -> bool:
        """Most devices disagree with the laptop the same way: the laptop is the odd one."""
        return self.count > 0 and abs(self.median) > LIMIT


def latest_per_device(reports: list[Report]) -> list[Report]:
    """One report per address, its latest (reports without an address each count alone)."""
    latest: dict[str, Report] = {}
    alone: list[Report] = []
    for report in reports:
        if not report.address:
            alone.append(report)
        elif report.address not in latest or report.received >= latest[report.address].received:
            latest[report.address] = report
    return alone + list(latest.values())


def compare(reports: list[Report]) -> Drift:
    devices = latest_per_device(reports)
    if not devices:
        return Drift(0, timedelta(0), ())
    staff = [r for r in devices if r.who in STAFF]
    deciding = staff or devices
    median = timedelta(seconds=statistics.median(r.drift.total_seconds() for r in deciding))
    off = tuple(r for r in devices if abs(r.drift) > LIMIT)
    return Drift(len(devices), median, off, len(staff))
