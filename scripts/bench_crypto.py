"""Benchmark the crypto core: encrypt+prove and verify one ballot (K = 15, 30, 50; L = 3).

Prints the median of several runs, the group operations one verification performs, and the
peak resident memory (resource.getrusage). Target: verify K = 30, L = 3 in ≤ 100 ms on one core.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nacl import bindings as sodium

from ballot_service.crypto import group
from ballot_service.crypto.ballot import encrypt_ballot, verify_ballot
from ballot_service.crypto.ballot_codec import Ballot
from ballot_service.crypto.elgamal import KeyPair

FP = b"bench election fingerprint"
COUNTED = ("crypto_scalarmult_ed25519_noclamp", "crypto_scalarmult_ed25519_base_noclamp",
           "crypto_core_ed25519_add", "crypto_core_ed25519_sub",
           "crypto_core_ed25519_is_valid_point")


def count_ops(fn: Any) -> Counter[str]:
    """Run fn once with libsodium's group calls counted."""
    counts: Counter[str] = Counter()
    originals = {name: getattr(sodium, name) for name in COUNTED}

    def wrap(name: str) -> Any:
        def inner(*args: Any) -> Any:
            counts[name] += 1
            return originals[name](*args)
        return inner

    for name in COUNTED:
        setattr(group.sodium, name, wrap(name))
    try:
        fn()
    finally:
        for name, f in originals.items():
            setattr(group.sodium, name, f)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--officials", type=int, nargs="*", default=[15, 30, 50])
    args = parser.parse_args()
    kp = KeyPair.generate()
    levels = 3
    print(f"crypto bench: L = {levels}, median of {args.runs} runs, one process, one core")
    print(f"{'K':>4} {'encrypt+prove ms':>17} {'verify ms':>10} {'bytes':>7}  "
          "ops per verify (var mult / base mult / add+sub / is_valid)")
    for k in args.officials:
        choices = [random.choice([None, 0, 1, 2]) for _ in range(k)]
        enc, ver = [], []
        ballots = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            ballots.append(encrypt_ballot(FP, kp.public, bytes(16), choices, levels)[0])
            enc.append(time.perf_counter() - t0)
        ballot = ballots[-1]
        data = ballot.to_dict()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            parsed = Ballot.from_dict(data, deferred=True)
            verify_ballot(parsed, FP, kp.public, officials=k, levels=levels)
            ver.append(time.perf_counter() - t0)
        c = count_ops(lambda d=data, k=k: verify_ballot(
            Ballot.from_dict(d, deferred=True), FP, kp.public, officials=k, levels=levels))
        ops = (f"{c[COUNTED[0]]} / {c[COUNTED[1]]} / {c[COUNTED[2]] + c[COUNTED[3]]} / "
               f"{c[COUNTED[4]]}")
        print(f"{k:>4} {statistics.median(enc) * 1e3:>17.1f} {statistics.median(ver) * 1e3:>10.1f} "
              f"{len(ballot.encode()):>7}  {ops}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory (ru_maxrss): {peak / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
