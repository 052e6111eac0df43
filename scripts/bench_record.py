"""Benchmark `ballot-verify` on whole election records: (D, K) = (35, 15), (95, 30), (500, 50).

Records (L = 3 levels, n = 7 trustees, k = 4, five of them decrypting) are built with the test
builder (tests/verifier/builder.py, the reference of docs/RECORD.md), their ballots encrypted on
every core, and cached under /tmp/ballot_bench/. Each record is then verified by the installed
`ballot-verify --jobs N --quiet` in a child process: wall time, and peak resident memory of the
verifier and its workers (resource.getrusage of children; records run smallest first, so the
running maximum after each run is that run's peak). Target: (500, 50) ≤ 45 s with --jobs 2.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.verifier.builder import Spec, build  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "ballot_bench"  # /tmp/ballot_bench
SIZES = ((35, 15), (95, 30), (500, 50))


def spec_for(ballots: int, officials: int) -> Spec:
    return Spec(
        ballots=ballots,
        officials=officials,
        trustees=7,
        threshold=4,
        decrypting=(1, 2, 3, 5, 7),
        spares=5,
        batches=3,
        seed=2026,
    )


def _format_tag() -> str:
    """A digest of the code that shapes a record, so a cached record of an older format is
    rebuilt rather than measured (or rejected) again."""
    import hashlib

    root = Path(__file__).resolve().parents[1]
    sources = sorted((root / "ballot_service" / "record").glob("*.py"))
    sources += [root / "tests" / "verifier" / "builder.py"]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    return digest[:10]


def record_path(ballots: int, officials: int) -> Path:
    return CACHE / f"record-D{ballots}-K{officials}-L3-n7-k4-{_format_tag()}.zip"


def ensure_record(ballots: int, officials: int, jobs: int) -> Path:
    """Build (on `jobs` processes) and cache the record, unless cached already."""
    path = record_path(ballots, officials)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        built = build(
            spec_for(ballots, officials), map_fn=lambda f, items: pool.imap(f, items, chunksize=4)
        )
    data = built.encode()
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    print(
        f"  built D={ballots} K={officials} in {time.perf_counter() - start:.1f} s "
        f"({len(data) / 2**20:.1f} MiB)",
        flush=True,
    )
    return path


def verify(path: Path, jobs: int) -> tuple[float, int, int]:
    """Run ballot-verify; return (wall seconds, exit status, peak RSS of children in KiB)."""
    command = (
        shutil.which("ballot-verify", path=str(Path(sys.executable).parent)) or "ballot-verify"
    )
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (the project's own verifier, fixed arguments)
        [command, str(path), "--jobs", str(jobs), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
    return wall, done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="verifier workers (default 2)")
    parser.add_argument("--build-jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument(
        "--only",
        type=int,
        nargs=2,
        metavar=("D", "K"),
        action="append",
        help="bench only this size (repeatable)",
    )
    args = parser.parse_args()
    sizes = [tuple(s) for s in args.only] if args.only else list(SIZES)
    print(
        f"ballot-verify bench: L = 3, n = 7, k = 4 (5 decrypting), --jobs {args.jobs}, "
        f"{multiprocessing.cpu_count()} cores"
    )
    status = 0
    for ballots, officials in sizes:
        path = ensure_record(ballots, officials, args.build_jobs)
        wall, code, peak = verify(path, args.jobs)
        verdict = "valid" if code == 0 else f"EXIT {code}"
        print(
            f"  D={ballots:4d} K={officials:3d}: {wall:6.1f} s wall, peak RSS {peak / 1024:6.1f} "
            f"MiB, {verdict}",
            flush=True,
        )
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
