"""SQLAlchemy ORM models; only the services write them."""

from .ballots import Ballot, Credential, CredentialVoid
from .base import Base, utcnow
from .council import Council, Delegate, Official
from .log import APPEND_ONLY_TABLES, Checkpoint, Cosignature, Log, LogEntry
from .paper import PaperCount
from .poll import (
    CeremonyMessage,
    DecryptionShareRow,
    PendingMove,
    Poll,
    PollOfficial,
    Trustee,
)
from .users import ROLES, LoginFailure, User

__all__ = [
    "APPEND_ONLY_TABLES",
    "ROLES",
    "Ballot",
    "Base",
    "CeremonyMessage",
    "Checkpoint",
    "Cosignature",
    "Council",
    "Credential",
    "CredentialVoid",
    "DecryptionShareRow",
    "Delegate",
    "Log",
    "LogEntry",
    "LoginFailure",
    "Official",
    "PaperCount",
    "PendingMove",
    "Poll",
    "PollOfficial",
    "Trustee",
    "User",
    "utcnow",
]
