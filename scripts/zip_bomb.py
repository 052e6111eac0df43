"""Write the security review's zip bomb (issue 10.19) and print the peak memory `ballot-verify`
needs for it: a valid record whose ballots part is replaced by 500 MiB of `[0,0,…]` with its
digest updated (about 0.5 MB of file; the limit before the caps was 512 MiB a part).

    .venv/bin/python scripts/zip_bomb.py [--size MIB] [--out FILE] [--pythonpath DIR]

``--pythonpath`` runs another checkout's verifier (e.g. one made with `git archive`), to
compare before and after a change. Figures, not a test: the suite checks the verdicts.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bomb(size: int) -> bytes:
    from tests.verifier.builder import Spec, build

    record = build(Spec(seed=31)).encode()
    with zipfile.ZipFile(io.BytesIO(record)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    body = b"[" + b"0," * (size // 2) + b"0]"
    members["ballots.json"] = body
    header = json.loads(members["record.json"])
    header["parts"]["ballots"] = hashlib.sha256(body).hexdigest()
    members["record.json"] = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return buffer.getvalue()


def peak_rss(command: list[str], env: dict[str, str], cwd: str) -> tuple[int, float, str, int]:
    """(exit status, seconds, output, peak RSS in KiB) of ``command``, measured by GNU time
    (the verifier's own process, not this one)."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        ["/usr/bin/time", "-v", *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    output = (done.stdout + done.stderr.split("\tCommand being timed")[0]).strip()
    output = output.replace("Command exited with non-zero status", "").strip()
    return done.returncode, seconds, output, int(match.group(1)) if match else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, help="MiB the ballots part inflates to")
    parser.add_argument("--out", type=Path, help="keep the bomb in this file")
    parser.add_argument("--pythonpath", help="verify with the package found here instead")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.out or Path(tmp) / "bomb.zip"
        path.write_bytes(bomb(args.size * 1024 * 1024))
        size = path.stat().st_size
        env = dict(os.environ, PYTHONPATH=args.pythonpath or str(ROOT))
        command = [sys.executable, "-m", "ballot_service.verifier.cli", str(path), "--jobs", "1"]
        code, seconds, output, peak = peak_rss(command, env, tmp)
    verdict = output.splitlines()[0] if output else "(nothing printed)"
    print(f"bomb: {size / 1e3:.0f} KB file, ballots part inflates to {args.size} MiB")
    print(f"ballot-verify: exit {code} in {seconds:.1f} s, peak RSS {peak / 1024:.0f} MiB")
    print(f"verdict: {verdict[:300]}")


if __name__ == "__main__":
    main()
