"""How fast the JSON routes refuse bad bodies (web/api.py): POST to the cast endpoint of a
fresh SQLite database (no poll: a body that passes the checks gets 404), best of 5 each.

    .venv/bin/python scripts/bench_json_input.py

A 100,000-deep nesting is stopped by the C parser's recursion guard within ~1,000 levels; the
largest cost is parsing a valid body of the maximum size (MAX_JSON_BYTES), printed last.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ballot_service import create_app, db
from ballot_service.ledger import keys
from ballot_service.migrations import upgrade
from ballot_service.web.api import MAX_JSON_BYTES

CASES = {
    "100,000-deep [[[…": b"[" * 100_000,
    '100,000-deep {"a":{"a":…': b'{"a":' * 100_000,
    "33-deep (one over the limit)": b"[" * 33 + b"]" * 33,
    "not JSON": b"{not json",
    "valid, 2 levels, ~1 MiB of [[],[],…]": b"[" + b"[]," * ((MAX_JSON_BYTES - 4) // 3) + b"[]]",
}


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-json-"))
    keys.generate_key_file(work / "keys" / "log_signing_key.pem")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-" + "x" * 40,
            "KEYS_DIR": str(work / "keys"),
        }
    )
    app.instance_path = str(work)
    with db.session.get_bind().begin() as connection:
        upgrade(connection)
    client = app.test_client()
    url = "/vote/api/polls/1/ballots"
    for name, body in CASES.items():
        times, status = [], 0
        for _ in range(5):
            start = time.perf_counter()
            status = client.post(url, data=body, content_type="application/json").status_code
            times.append(time.perf_counter() - start)
        print(f"{name}: {len(body):,} bytes -> {status} in {min(times) * 1000:.1f} ms")
    start = time.perf_counter()
    status = client.post(url, data=b"{}", content_type="text/html").status_code
    print(f"wrong content type: -> {status} in {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
