"""Instructions one ballot verification executes (K officials, L = 3), counted by valgrind.

Time on a shared virtual machine swings by ±40 % from minute to minute; an instruction count
does not (the same total on every run for the same code and inputs). It runs this file under
`valgrind --tool=callgrind` twice — making three ballots, verifying one of them, then all three
— and prints half the difference, which is one verification with start-up and encryption taken
out.
Usage: python scripts/bench_instructions.py [--officials K ...]   (needs valgrind)
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(officials: int, verifications: int) -> None:
    sys.path.insert(0, str(ROOT))
    from ballot_service.crypto.ballot_encrypt import encrypt_ballot
    from ballot_service.crypto.ballot_verify import ReceivedBallot, verify_ballot
    from ballot_service.crypto.elgamal import KeyPair

    rng = random.Random(2026)
    key = KeyPair.generate(rng=lambda n: rng.randbytes(n))
    fp = b"bench election fingerprint"
    choices = [rng.choice([None, 0, 1, 2]) for _ in range(officials)]
    # Three ballots are always made, so the two counts differ by verifications only; each one
    # verified is new to the process (nothing decoded for an earlier one is reused).
    ballots = [
        encrypt_ballot(fp, key.public, bytes(16), choices, 3, rng=lambda n: rng.randbytes(n))[0]
        for _ in range(3)
    ]
    for ballot in ballots[:verifications]:
        data = ballot.to_dict()
        verify_ballot(ReceivedBallot.from_dict(data), fp, key.public, officials=officials, levels=3)


def count(valgrind: str, officials: int, verifications: int) -> int:
    done = subprocess.run(  # noqa: S603 — fixed arguments
        [
            valgrind,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            str(officials),
            str(verifications),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"refs:\s+([\d,]+)", done.stderr)
    if match is None:
        raise SystemExit(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officials", type=int, nargs="*", default=[30])
    parser.add_argument("--child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed")
    for k in args.officials:
        per = (count(valgrind, k, 3) - count(valgrind, k, 1)) // 2
        print(f"K = {k:3d}, L = 3: {per / 1e6:7.1f} M instructions per ballot verification")


if __name__ == "__main__":
    main()
