"""What of a poll's result the public sees: nothing before the counting committee publishes it.

Until the poll is published, the result, the count minutes, the decryption shares (k of them
give the result to anyone) and the record are shown only to logged-in auditors, the secretariat
and the members of that poll's own counting committee (a member of another poll's committee is
the public here); the board shows the public that these entries exist, not their data.
"""

from __future__ import annotations

from flask_login import current_user

from ..models import Poll
from ..services import ledger_log

# Log entries whose data gives the result away (k decryption shares decrypt the tally); the
# public head of the log stops short of them too (services/ledger_log.public_checkpoint).
WITHHELD = ledger_log.RESULT_EVENTS
STAFF = ("auditor", "admin")  # service-wide roles; a committee member is one poll's insider


def published(poll: Poll) -> bool:
    return poll.state == "published"


def may_see_result(poll: Poll) -> bool:
    """Whether the current viewer may see the poll's result, minutes and counting entries."""
    if published(poll):
        return True
    if not current_user.is_authenticated:
        return False
    if current_user.role in STAFF:
        return True
    return current_user.role == "committee" and seated(poll)


def seated(poll: Poll) -> bool:
    """Whether the current user is a member of this poll's counting committee."""
    return any(t.user_id == current_user.id for t in poll.trustees)


def withheld(poll: Poll, event_type: str) -> bool:
    """Whether a log entry's data is kept from the current viewer for now."""
    return event_type in WITHHELD and not may_see_result(poll)
