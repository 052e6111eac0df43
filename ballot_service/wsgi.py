"""The WSGI application for gunicorn or any WSGI server: `gunicorn ballot_service.wsgi:app`.

It refuses to start when the log signing key is missing or readable by others, as
`flask serve` does: a service that cannot sign its log must not accept a single request.
"""

from __future__ import annotations

from . import create_app
from .services import ledger_log

app = create_app()
with app.app_context():
    ledger_log.signing_key()
