"""Typed, versioned, canonical log entries: the leaf data of the result log.

An entry is the canonical JSON (see :mod:`.canonical`) of::

    {"v": 1, "type": <event>, "poll": <poll id or null>, "seq": <leaf index>,
     "time": "YYYY-MM-DDTHH:MM:SSZ", "data": {...}}

and its leaf hash is SHA-256(0x00 || those bytes). Every event type fixes the exact set of data
fields and their kinds (:data:`SCHEMAS`), so decoding rejects a missing, unknown or mistyped
field. No key anywhere in ``data`` may *contain* a forbidden word (:data:`FORBIDDEN_WORDS`):
the log is public forever, so a slip in a service that would put a card token, a key share, a
password or a delegate's choice into it must fail loudly instead of publishing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum

from ..rules.kinds import PollKind
from .canonical import JSONValue, canonical_json, parse_canonical_json
from .errors import CanonicalJSONError, EntryError
from .hasher import hash_leaf
from .utctime import parse_time

__all__ = [
    "ENTRY_VERSION",
    "FORBIDDEN_WORDS",
    "SCHEMAS",
    "Entry",
    "EventType",
    "FieldSpec",
    "Kind",
    "Scope",
    "canonical_json",
    "check_no_forbidden_names",
    "parse_canonical_json",
    "poll_log_id",
]

ENTRY_VERSION = 1

FORBIDDEN_WORDS = ("token", "secret", "password", "passphrase", "plaintext", "choice")
"""A data key containing any of these (case-insensitively) is refused at any depth."""

POLL_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
_POLL_REF_RE = re.compile(r"poll-([1-9][0-9]*)")


def poll_log_id(poll: str) -> str:
    """The id of a poll's own log from the poll's reference ``poll-<n>`` (an entry's ``poll``,
    the manifest's ``poll_id``): ``ballot_service/poll/<n>`` (docs/LOG.md §5)."""
    match = _POLL_REF_RE.fullmatch(poll)
    if match is None:
        raise EntryError(f"poll reference {poll!r} is not poll-<n>")
    return f"ballot_service/poll/{match.group(1)}"


_HEX_RE = re.compile(r"(?:[0-9a-f]{2})+")


class EventType(StrEnum):
    """Every kind of event the log records."""

    COUNCIL_SETUP = "council_setup"
    POLL_CREATED = "poll_created"
    POLL_UPDATED = "poll_updated"
    OFFICIALS_SET = "officials_set"
    COMMITTEE_SET = "committee_set"
    STATE_CHANGED = "state_changed"
    DKG_COMMITMENT = "dkg_commitment"
    DKG_SHARE_POSTED = "dkg_share_posted"
    DKG_CONFIRMED = "dkg_confirmed"
    WITNESS_KEY = "witness_key"
    ELECTION_KEY = "election_key"
    CREDENTIALS_ISSUED = "credentials_issued"
    CREDENTIAL_VOIDED = "credential_voided"
    POLL_OPENED = "poll_opened"
    BALLOT_CAST = "ballot_cast"
    POLL_CLOSED = "poll_closed"
    TALLY = "tally"
    DECRYPTION_SHARE = "decryption_share"
    RESULT = "result"
    PUBLISHED = "published"
    KEY_ROTATED = "key_rotated"
    ADMIN_SETTING_CHANGED = "admin_setting_changed"
    LOGIN_FAILURE_BURST = "login_failure_burst"


class Scope(Enum):
    """Whether an event belongs to a poll (``poll`` is its id) or to the council (null)."""

    POLL = "poll"
    COUNCIL = "council"
    EITHER = "either"


def _is_nat(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_hex32(v: object) -> bool:
    return isinstance(v, str) and len(v) == 64 and _HEX_RE.fullmatch(v) is not None


def _is_time(v: object) -> bool:
    try:
        parse_time(v)  # type: ignore[arg-type]  # parse_time checks the type itself
    except ValueError:
        return False
    return True


class Kind(Enum):
    """The kind of a data field's value; ``check`` is the exact test."""

    STR = "non-empty string"
    NAT = "integer ≥ 0"
    BOOL = "boolean"
    HEX = "non-empty lowercase hex, even length"
    HEX32 = "32 bytes as 64 lowercase hex digits"
    HEX32_LIST = "array of HEX32"
    TIME = "UTC time YYYY-MM-DDTHH:MM:SSZ"
    LIST = "array (canonical JSON)"
    OBJ = "object (canonical JSON)"
    ANY = "any canonical JSON value"

    def check(self, v: object) -> bool:
        return _KIND_CHECKS[self](v)


_KIND_CHECKS: dict[Kind, Callable[[object], bool]] = {
    Kind.STR: lambda v: isinstance(v, str) and v != "",
    Kind.NAT: _is_nat,
    Kind.BOOL: lambda v: isinstance(v, bool),
    Kind.HEX: lambda v: isinstance(v, str) and _HEX_RE.fullmatch(v) is not None,
    Kind.HEX32: _is_hex32,
    Kind.HEX32_LIST: lambda v: isinstance(v, list) and all(_is_hex32(x) for x in v),
    Kind.TIME: _is_time,
    Kind.LIST: lambda v: isinstance(v, list),
    Kind.OBJ: lambda v: isinstance(v, dict),
    Kind.ANY: lambda v: True,
}


@dataclass(frozen=True)
class FieldSpec:
    """One required data field: its name, kind, whether null is allowed, allowed strings."""

    name: str
    kind: Kind
    nullable: bool = False
    choices: frozenset[str] | None = None

    def check(self, value: object) -> str | None:
        """Return why ``value`` does not fit, or None when it does."""
        if value is None and self.nullable:
            return None
        if not self.kind.check(value):
            null = " or null" if self.nullable else ""
            return f"must be {self.kind.value}{null}, got {value!r:.80}"
        if self.choices is not None and value not in self.choices:
            return f"must be one of {sorted(self.choices)}, got {value!r:.80}"
        return None


@dataclass(frozen=True)
class Schema:
    scope: Scope
    fields: tuple[FieldSpec, ...]


def _f(
    name: str, kind: Kind, *, nullable: bool = False, choices: tuple[str, ...] = ()
) -> FieldSpec:
    return FieldSpec(name, kind, nullable, frozenset(choices) if choices else None)


S, N, H, H32, L, OBJ = Kind.STR, Kind.NAT, Kind.HEX, Kind.HEX32, Kind.LIST, Kind.OBJ
POLL, COUNCIL, EITHER = Scope.POLL, Scope.COUNCIL, Scope.EITHER
E = EventType

SCHEMAS: Mapping[EventType, Schema] = {
    E.COUNCIL_SETUP: Schema(COUNCIL, (_f("council", S), _f("name", S), _f("delegates", N))),
    E.POLL_CREATED: Schema(
        POLL,
        (
            _f("kind", S, choices=tuple(k.log_code for k in PollKind)),
            _f("title", S),
            _f("council", S),
        ),
    ),
    E.POLL_UPDATED: Schema(POLL, (_f("changes", OBJ),)),
    E.OFFICIALS_SET: Schema(POLL, (_f("officials", L),)),
    E.COMMITTEE_SET: Schema(POLL, (_f("members", L), _f("threshold", N))),
    E.STATE_CHANGED: Schema(
        POLL,
        (
            _f("from_state", S),
            _f("to_state", S),
            _f("reason", S, nullable=True),
            _f("by", OBJ, nullable=True),
            _f("confirmed_by", OBJ, nullable=True),
        ),
    ),
    E.DKG_COMMITMENT: Schema(POLL, (_f("member", N), _f("commitments", L), _f("proofs", L))),
    E.DKG_SHARE_POSTED: Schema(POLL, (_f("sender", N), _f("recipient", N), _f("ciphertext", H))),
    E.DKG_CONFIRMED: Schema(POLL, (_f("member", N), _f("complaints", L))),
    E.WITNESS_KEY: Schema(POLL, (_f("member", N), _f("name", S), _f("public_key", H32))),
    E.ELECTION_KEY: Schema(
        POLL, (_f("key", H32), _f("fingerprint", H32), _f("threshold", N), _f("trustees", N))
    ),
    E.CREDENTIALS_ISSUED: Schema(
        POLL, (_f("batch", S), _f("count", N), _f("credentials", Kind.HEX32_LIST))
    ),
    E.CREDENTIAL_VOIDED: Schema(POLL, (_f("credential", H32), _f("reason", S))),
    E.POLL_OPENED: Schema(
        POLL, (_f("election_fingerprint", H32), _f("credentials", N), _f("delegates_present", N))
    ),
    E.BALLOT_CAST: Schema(POLL, (_f("tracking_code", H32), _f("credential", H32))),
    E.POLL_CLOSED: Schema(POLL, (_f("ballots", N),)),
    E.TALLY: Schema(POLL, (_f("ballots", N), _f("tally_hash", H32))),
    E.DECRYPTION_SHARE: Schema(POLL, (_f("member", N), _f("shares", L))),
    E.RESULT: Schema(POLL, (_f("ballots", N), _f("counts", L))),
    E.PUBLISHED: Schema(POLL, (_f("record_hash", H32), _f("url", S, nullable=True))),
    E.KEY_ROTATED: Schema(
        EITHER,
        (_f("old_fingerprint", H32), _f("new_fingerprint", H32), _f("reason", S, nullable=True)),
    ),
    E.ADMIN_SETTING_CHANGED: Schema(EITHER, (_f("setting", S), _f("value", Kind.ANY))),
    E.LOGIN_FAILURE_BURST: Schema(
        COUNCIL, (_f("account", S), _f("failures", N), _f("window_seconds", N))
    ),
}
del S, N, H, H32, L, OBJ, POLL, COUNCIL, EITHER, E

_TOP_KEYS = frozenset({"v", "type", "poll", "seq", "time", "data"})


def check_no_forbidden_names(value: object, path: str = "data") -> None:
    """Raise EntryError if any object key at any depth of ``value`` contains a forbidden word."""
    if isinstance(value, dict):
        for key, item in value.items():
            lowered = str(key).lower()
            for word in FORBIDDEN_WORDS:
                if word in lowered:
                    raise EntryError(
                        f"{path}: key {key!r} contains the forbidden word {word!r}; "
                        "secrets and choices never enter the public log"
                    )
            check_no_forbidden_names(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_no_forbidden_names(item, f"{path}[{i}]")


@dataclass(frozen=True)
class Entry:
    """One log entry; constructing it validates every field against its event type's schema."""

    type: EventType
    poll: str | None
    seq: int
    time: str
    data: Mapping[str, JSONValue] = field(default_factory=dict)
    v: int = ENTRY_VERSION

    def __post_init__(self) -> None:
        if self.v != ENTRY_VERSION:
            raise EntryError(f"entry version {self.v!r} is not supported (only {ENTRY_VERSION})")
        try:
            event = EventType(self.type)
        except ValueError:
            raise EntryError(f"unknown event type {self.type!r}") from None
        object.__setattr__(self, "type", event)
        if isinstance(self.seq, bool) or not isinstance(self.seq, int) or self.seq < 0:
            raise EntryError(f"{event}: seq {self.seq!r} is not an integer ≥ 0")
        try:
            parse_time(self.time)
        except ValueError as exc:
            raise EntryError(f"{event} seq {self.seq}: {exc}") from None
        self._check_poll(event)
        self._check_data(event)

    def _check_poll(self, event: EventType) -> None:
        scope = SCHEMAS[event].scope
        if self.poll is None:
            if scope is Scope.POLL:
                raise EntryError(f"{event} seq {self.seq}: poll id is required, got null")
        elif scope is Scope.COUNCIL:
            raise EntryError(f"{event} seq {self.seq}: council event must have poll null")
        elif not isinstance(self.poll, str) or POLL_ID_RE.fullmatch(self.poll) is None:
            raise EntryError(
                f"{event} seq {self.seq}: poll id {self.poll!r} does not match {POLL_ID_RE.pattern}"
            )

    def _check_data(self, event: EventType) -> None:
        if not isinstance(self.data, dict):
            raise EntryError(f"{event} seq {self.seq}: data must be an object")
        check_no_forbidden_names(self.data)
        specs = {spec.name: spec for spec in SCHEMAS[event].fields}
        missing = sorted(specs.keys() - self.data.keys())
        unknown = sorted(self.data.keys() - specs.keys())
        if missing or unknown:
            raise EntryError(
                f"{event} seq {self.seq}: missing data fields {missing}, unknown {unknown}"
            )
        for name, spec in specs.items():
            why = spec.check(self.data[name])
            if why is not None:
                raise EntryError(f"{event} seq {self.seq}: data.{name} {why}")
        try:
            canonical_json(self.data)
        except CanonicalJSONError as exc:
            raise EntryError(f"{event} seq {self.seq}: {exc}") from None

    def to_json(self) -> dict[str, JSONValue]:
        """Return the entry as a plain JSON object (the value that :meth:`encode` encodes)."""
        return {
            "v": self.v,
            "type": str(self.type),
            "poll": self.poll,
            "seq": self.seq,
            "time": self.time,
            "data": dict(self.data),
        }

    def encode(self) -> bytes:
        """Return the canonical JSON bytes: the leaf data of this entry."""
        return canonical_json(self.to_json())

    def leaf_hash(self) -> bytes:
        """Return SHA-256(0x00 || encode())."""
        return hash_leaf(self.encode())

    @classmethod
    def decode(cls, data: bytes, *, expected_seq: int | None = None) -> Entry:
        """Parse leaf data; require canonical bytes, the exact top-level keys and a valid schema.

        With ``expected_seq`` (the leaf index), also require ``seq`` to equal it.
        """
        try:
            value = parse_canonical_json(data)
        except CanonicalJSONError as exc:
            raise EntryError(f"entry is not canonical JSON: {exc}") from None
        if not isinstance(value, dict):
            raise EntryError(f"entry must be a JSON object, got {type(value).__name__}")
        if value.keys() != _TOP_KEYS:
            raise EntryError(f"entry keys {sorted(value)} are not exactly {sorted(_TOP_KEYS)}")
        if value["v"] != ENTRY_VERSION:
            raise EntryError(f"entry version {value['v']!r} is not supported")
        entry = cls(
            type=value["type"],  # type: ignore[arg-type]  # validated in __post_init__
            poll=value["poll"],  # type: ignore[arg-type]
            seq=value["seq"],  # type: ignore[arg-type]
            time=value["time"],  # type: ignore[arg-type]
            data=value["data"],  # type: ignore[arg-type]
        )
        if expected_seq is not None and entry.seq != expected_seq:
            raise EntryError(f"entry seq {entry.seq} differs from its leaf index {expected_seq}")
        return entry
