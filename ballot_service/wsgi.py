"""The WSGI application for gunicorn or any WSGI server: `gunicorn ballot_service.wsgi:app`.

It refuses to start when the log signing key is missing or readable by others, or when the
instance or keys folder or the SQLite database is, as `flask serve` does: a service that
cannot sign its log, or whose secrets others may read, must not accept a single request.
"""

from __future__ import annotations

from . import create_app
from .config import check_private_paths
from .services import ledger_log

app = create_app()
with app.app_context():
    ledger_log.signing_key()
    check_private_paths(app.extensions["ballot_settings"])
