"""Benchmark the crypto core: encrypt+prove and verify one ballot (K = 15, 30, 50; L = 3).

Prints, for each K, the best and the median of several runs (the best is the least disturbed
by other load on a shared machine, as timeit reports it; the median shows the spread), the
group operations one verification performs, and the peak resident memory
(resource.getrusage). It first times libsodium's primitives in the same process, so the
figures can be read against the machine's speed at that moment.
Target: verify K = 30, L = 3 in ≤ 100 ms on one core.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import timeit
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nacl import bindings as sodium

from ballot_service.crypto import group
from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.ballot_verify import ReceivedBallot, verify_ballot
from ballot_service.crypto.elgamal import KeyPair

FP = b"bench election fingerprint"
COUNTED = (
    "crypto_scalarmult_ed25519_noclamp",
    "crypto_scalarmult_ed25519_base_noclamp",
    "crypto_scalarmult",
    "crypto_core_ed25519_add",
    "crypto_core_ed25519_sub",
    "crypto_core_ed25519_is_valid_point",
)


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


def primitive_costs() -> str:
    """libsodium's costs right now, in µs per call (best of 5 rounds of 300 calls)."""
    n = sodium.crypto_core_ed25519_scalar_reduce(bytes(range(64)))
    p = sodium.crypto_scalarmult_ed25519_base_noclamp(n)
    calls = {
        "Edwards mult": lambda: sodium.crypto_scalarmult_ed25519_noclamp(n, p),
        "base mult": lambda: sodium.crypto_scalarmult_ed25519_base_noclamp(n),
        "add": lambda: sodium.crypto_core_ed25519_add(p, p),
        "X25519 ladder": lambda: sodium.crypto_scalarmult(n, p),
    }
    costs = {
        name: min(timeit.repeat(f, number=300, repeat=5)) / 300 * 1e6 for name, f in calls.items()
    }
    return ", ".join(f"{name} {us:.0f} µs" for name, us in costs.items())


def warm_up(kp: KeyPair, levels: int, seconds: float = 2.0) -> None:
    """Run verifications for a while first: the first second of a process runs measurably
    slower here (seen: K = 15 at 81 ms first, 52 ms after)."""
    ballot, _ = encrypt_ballot(FP, kp.public, bytes(16), [0] * 10, levels)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        verify_ballot(ballot, FP, kp.public, officials=10, levels=levels)


def ms(values: list[float]) -> str:
    return f"{min(values) * 1e3:6.1f} / {statistics.median(values) * 1e3:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--officials", type=int, nargs="*", default=[15, 30, 50])
    args = parser.parse_args()
    kp = KeyPair.generate()
    levels = 3
    warm_up(kp, levels)
    print(f"crypto bench: L = {levels}, {args.runs} runs each, one process, one core")
    print(f"libsodium now: {primitive_costs()}")
    print(
        f"{'K':>4} {'encrypt+prove ms':>17} {'verify ms':>15} {'bytes':>7}  "
        "ops per verify (mult / base mult / ladder / add+sub / is_valid)"
    )
    print(f"{'':>4} {'best / median':>17} {'best / median':>15}")
    for k in args.officials:
        choices = [random.choice([None, 0, 1, 2]) for _ in range(k)]
        enc, ver = [], []
        ballots = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            ballots.append(encrypt_ballot(FP, kp.public, bytes(16), choices, levels)[0])
            enc.append(time.perf_counter() - t0)
        # Each verification is of a ballot new to the process: crypto remembers the coordinates
        # of points it decoded, which would flatter a ballot verified again.
        for made in ballots[1:]:
            data = made.to_dict()
            t0 = time.perf_counter()
            parsed = ReceivedBallot.from_dict(data)
            verify_ballot(parsed, FP, kp.public, officials=k, levels=levels)
            ver.append(time.perf_counter() - t0)
        ballot = ballots[0]
        data = ballot.to_dict()
        c = count_ops(
            lambda d=data, k=k: verify_ballot(
                ReceivedBallot.from_dict(d), FP, kp.public, officials=k, levels=levels
            )
        )
        ops = " / ".join(
            str(v)
            for v in (
                c[COUNTED[0]],
                c[COUNTED[1]],
                c[COUNTED[2]],
                c[COUNTED[3]] + c[COUNTED[4]],
                c[COUNTED[5]],
            )
        )
        print(f"{k:>4} {ms(enc):>17} {ms(ver):>15} {len(ballot.encode()):>7}  {ops}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory (ru_maxrss): {peak / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
