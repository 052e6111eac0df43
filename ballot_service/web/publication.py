"""What of a poll's result the public sees: nothing before the counting committee publishes it.

Until the poll is published, the result, the count minutes, the decryption shares (k of them
give the result to anyone) and the record are shown only to logged-in auditors, committee
members and the secretariat; the board shows the public that these entries exist, not their data.
"""

from __future__ import annotations

from flask_login import current_user

from ..models import Poll
from ..services import ledger_log

# Log entries whose data gives the result away (k decryption shares decrypt the tally); the
# public head of the log stops short of them too (services/ledger_log.public_checkpoint).
WITHHELD = ledger_log.RESULT_EVENTS
INSIDERS = ("auditor", "committee", "admin")


def published(poll: Poll) -> bool:
    return poll.state == "published"


def may_see_result(poll: Poll) -> bool:
    """Whether the current viewer may see the poll's result, minutes and counting entries."""
    if published(poll):
        return True
    return bool(current_user.is_authenticated and current_user.role in INSIDERS)


def withheld(poll: Poll, event_type: str) -> bool:
    """Whether a log entry's data is kept from the current viewer for now."""
    return event_type in WITHHELD and not may_see_result(poll)
