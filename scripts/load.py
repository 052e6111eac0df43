"""The hall's rehearsal (issue 13): ./scripts/load --delegates 500 --officials 30 --seconds 60
[--db postgresql://…] [--workers N] [--burst] [--loss 0.3] [--crashes 50] [--seed S]

Sets up a poll in a fresh database (never the service's own), makes the ballots beforehand with
the Python client of crypto/, starts the real server, casts from concurrent tablets, prints the
figures, then closes, decrypts, exports the record and runs ballot-verify on it. Exit 0 when
every ballot was accepted exactly once, no 5xx reached a tablet and the record is VALID.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from flask import Flask

from ballot_service import create_app
from ballot_service.devtools.load.run import Options, rehearse
from ballot_service.services import ledger_log


def app_for(url: str, keys_dir: Path, instance: Path) -> Flask:
    """The app on the rehearsal's own database and log key (set-up and closing run here)."""
    app = create_app(
        {"DATABASE_URL": url, "KEYS_DIR": str(keys_dir), "SECRET_KEY": os.urandom(32).hex()}
    )
    app.instance_path = str(instance)
    ledger_log.forget_key()
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--officials", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="the casting window")
    parser.add_argument("--burst", action="store_true", help="every ballot within 10 s")
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL server (a schema of its own)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (PostgreSQL)")
    parser.add_argument("--loss", type=float, default=0.0, help="share of exchanges lost")
    parser.add_argument("--crashes", type=int, default=0, help="kill -9 the server N times")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.db and not args.db.startswith(("postgresql", "postgres")):
        parser.error("--db takes a postgresql://… URL (SQLite is the default)")
    workers = args.workers if args.workers is not None else (2 if args.db else 1)
    options = Options(
        delegates=args.delegates,
        officials=args.officials,
        seconds=args.seconds,
        burst=args.burst,
        postgres=args.db,
        workers=workers,
        loss=args.loss,
        crashes=args.crashes,
        seed=args.seed,
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="ballot-load-") as tmp:
        progress = lambda line: print(line, flush=True)  # noqa: E731
        report = rehearse(options, Path(tmp), app_for, progress)
    for line in report.lines():
        print(line)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("PASS" if report.ok else "FAIL")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
