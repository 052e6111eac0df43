"""The WSGI application for gunicorn or any WSGI server: `gunicorn ballot_service.wsgi:app`.

It refuses to start when the log signing key is missing or readable by others, or when the
instance or keys folder or the SQLite database is, as `flask serve` does: a service that
cannot sign its log, or whose secrets others may read, must not accept a single request.

`BALLOT_VERIFY_PROCESSES=N` gives each worker N processes that verify its casts
(services/verify_pool.py), so a worker's threads keep serving pages while ballots are checked;
unset, a worker verifies in the thread that took the cast.
"""

from __future__ import annotations

import os

from . import create_app
from .config import check_private_paths
from .services import ledger_log, verify_pool

app = create_app()
with app.app_context():
    ledger_log.signing_key()
    check_private_paths(app.extensions["ballot_settings"])
verify_pool.start(int(os.environ.get("BALLOT_VERIFY_PROCESSES") or 0))
