"""Canonical JSON and typed log entries."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot_service.ledger.canonical import canonical_json, parse_canonical_json
from ballot_service.ledger.entries import (
    FORBIDDEN_WORDS,
    SCHEMAS,
    Entry,
    EventType,
    Scope,
)
from ballot_service.ledger.errors import CanonicalJSONError, EntryError

H1 = "11" * 32
H2 = "22" * 32
T = "2025-11-20T08:30:05Z"

# One valid data object per event type (every field present, right kinds).
EXAMPLES: dict[EventType, dict[str, Any]] = {
    EventType.COUNCIL_SETUP: {"council": "hdnd-ha-noi", "name": "HĐND TP Hà Nội", "delegates": 95},
    EventType.POLL_CREATED: {"kind": "confidence_poll", "title": "Lấy phiếu", "council": "hn"},
    EventType.POLL_UPDATED: {"changes": {"title": "Lấy phiếu tín nhiệm 2025"}},
    EventType.OFFICIALS_SET: {"officials": [{"index": 0, "name": "Nguyễn Văn A"}]},
    EventType.COMMITTEE_SET: {"members": ["m1", "m2", "m3"], "threshold": 2},
    EventType.STATE_CHANGED: {
        "from_state": "draft",
        "to_state": "keygen",
        "reason": None,
        "by": {"role": "committee", "member": 1, "chair": True},
        "confirmed_by": None,
    },
    EventType.DKG_COMMITMENT: {"member": 1, "commitments": [H1, H2], "proofs": [{"c": H1}]},
    EventType.DKG_SHARE_POSTED: {"sender": 1, "recipient": 2, "ciphertext": "abcd01"},
    EventType.DKG_CONFIRMED: {"member": 2, "complaints": []},
    EventType.WITNESS_KEY: {"member": 2, "name": "member-2", "public_key": H1},
    EventType.ELECTION_KEY: {"key": H1, "fingerprint": H2, "threshold": 2, "trustees": 3},
    EventType.CREDENTIALS_ISSUED: {"batch": "b1", "count": 2, "credentials": [H1, H2]},
    EventType.CREDENTIAL_VOIDED: {"credential": H1, "reason": "spare card"},
    EventType.POLL_OPENED: {"election_fingerprint": H1, "credentials": 2, "delegates_present": 9},
    EventType.BALLOT_CAST: {"tracking_code": H1, "credential": H2},
    EventType.POLL_CLOSED: {"ballots": 1},
    EventType.TALLY: {"ballots": 1, "tally_hash": H1},
    EventType.DECRYPTION_SHARE: {"member": 1, "shares": [{"d": H1, "proof": [H2]}]},
    EventType.RESULT: {"ballots": 1, "counts": [[1, 0, 0]]},
    EventType.PUBLISHED: {"record_hash": H1, "url": None},
    EventType.KEY_ROTATED: {"old_fingerprint": H1, "new_fingerprint": H2, "reason": "scheduled"},
    EventType.ADMIN_SETTING_CHANGED: {"setting": "session_minutes", "value": 30},
    EventType.LOGIN_FAILURE_BURST: {"account": "admin", "failures": 10, "window_seconds": 300},
}


def _entry(event: EventType, data: dict[str, Any] | None = None, **kw: Any) -> Entry:
    scope = SCHEMAS[event].scope
    args: dict[str, Any] = {
        "type": event,
        "poll": None if scope is Scope.COUNCIL else "poll-7",
        "seq": 3,
        "time": T,
        "data": EXAMPLES[event] if data is None else data,
    }
    args.update(kw)
    return Entry(**args)


# --- canonical JSON ----------------------------------------------------------------------------


def test_canonical_json_golden_bytes() -> None:
    value = {
        "b": [True, False, None, 0, -7, 9007199254740991],
        "a": 'Tiếng Việt "q" \\ \n\t\x01\x7f\u2028',
        "": {},
        "\U0001f600": 1,
        "\ue000": 2,
        "A": [],
    }
    want = (
        '{"":{},"A":[],"a":"Tiếng Việt \\"q\\" \\\\ \\n\\t\\u0001\x7f\u2028",'
        '"b":[true,false,null,0,-7,9007199254740991],"\U0001f600":1,"\ue000":2}'
    ).encode()
    assert canonical_json(value) == want
    assert parse_canonical_json(want) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.0, "float 1.0"),
        (float("nan"), "float nan"),
        ({"x": [float("inf")]}, r"\$\.x\[0\]: float inf"),
        (2**53, "outside"),
        (-(2**53), "outside"),
        ({1: "a"}, "key 1 is not a string"),
        ((1, 2), "tuple is not a canonical JSON type"),
        (b"x", "bytes"),
        ("\ud800", "lone surrogate"),
    ],
)
def test_canonical_json_refuses(value: object, message: str) -> None:
    with pytest.raises(CanonicalJSONError, match=message):
        canonical_json(value)


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": 1}',
        b'{"b":1,"a":2}',
        b'{"a":1,"a":1}',
        b"1.0",
        b"1e3",
        b"NaN",
        b'"\\u0041"',
        b'"\\/"',
        b"01",
        b"-0",
        b" 1",
        b"\xff",
        b"[1,]",
    ],
)
def test_parse_canonical_json_refuses(data: bytes) -> None:
    with pytest.raises(CanonicalJSONError):
        parse_canonical_json(data)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"])), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_canonical_json_round_trips(value: object) -> None:
    data = canonical_json(value)
    assert parse_canonical_json(data) == value
    assert canonical_json(parse_canonical_json(data)) == data


# --- entries -----------------------------------------------------------------------------------


def test_entry_golden_bytes_and_leaf_hash() -> None:
    entry = _entry(EventType.BALLOT_CAST, seq=42)
    want = (
        b'{"data":{"credential":"' + H2.encode() + b'","tracking_code":"' + H1.encode() + b'"},'
        b'"poll":"poll-7","seq":42,"time":"2025-11-20T08:30:05Z","type":"ballot_cast","v":1}'
    )
    assert entry.encode() == want
    assert entry.leaf_hash() == hashlib.sha256(b"\x00" + want).digest()
    assert Entry.decode(want, expected_seq=42) == entry


def test_registry_is_complete_and_clean() -> None:
    assert set(SCHEMAS) == set(EventType) == set(EXAMPLES)
    assert len(EventType) == 23
    for event, schema in SCHEMAS.items():
        for spec in schema.fields:
            assert not any(w in spec.name for w in FORBIDDEN_WORDS), (event, spec.name)


@pytest.mark.parametrize("event", list(EventType))
def test_every_event_type_round_trips(event: EventType) -> None:
    entry = _entry(event)
    assert Entry.decode(entry.encode()) == entry
    assert entry.to_json()["type"] == event.value


@pytest.mark.parametrize("event", list(EventType))
def test_missing_and_unknown_fields_refused(event: EventType) -> None:
    data = dict(EXAMPLES[event])
    first = next(iter(data))
    missing = {k: v for k, v in data.items() if k != first}
    with pytest.raises(EntryError, match=rf"missing data fields \['{first}'\], unknown \[\]"):
        _entry(event, missing)
    with pytest.raises(EntryError, match=r"missing data fields \[\], unknown \['extra'\]"):
        _entry(event, {**data, "extra": 1})


@pytest.mark.parametrize(
    ("event", "field", "value", "message"),
    [
        (EventType.BALLOT_CAST, "tracking_code", "AB" * 32, "32 bytes as 64 lowercase hex"),
        (EventType.BALLOT_CAST, "tracking_code", H1[:62], "32 bytes"),
        (EventType.BALLOT_CAST, "credential", None, "32 bytes"),
        (EventType.POLL_CLOSED, "ballots", -1, "integer ≥ 0"),
        (EventType.POLL_CLOSED, "ballots", True, "integer ≥ 0"),
        (EventType.POLL_CLOSED, "ballots", "1", "integer ≥ 0"),
        (EventType.POLL_CREATED, "kind", "referendum", "must be one of"),
        (EventType.POLL_CREATED, "title", "", "non-empty string"),
        (EventType.DKG_SHARE_POSTED, "ciphertext", "abc", "even length"),
        (EventType.CREDENTIALS_ISSUED, "credentials", [H1, "zz"], "array of HEX32"),
        (EventType.OFFICIALS_SET, "officials", {}, "array"),
        (EventType.POLL_UPDATED, "changes", [], "object"),
        (EventType.ADMIN_SETTING_CHANGED, "value", 0.5, "float 0.5"),
    ],
)
def test_wrong_kinds_refused(event: EventType, field: str, value: object, message: str) -> None:
    with pytest.raises(EntryError, match=message):
        _entry(event, {**EXAMPLES[event], field: value})


@pytest.mark.parametrize(
    "key",
    [
        "token",
        "secret",
        "share_secret",
        "password",
        "choice",
        "plaintext",
        "Card_Token",
        "shareSecret",
        "choices",
        "passphrase",
    ],
)
def test_forbidden_names_refused_at_any_depth(key: str) -> None:
    with pytest.raises(EntryError, match=f"key '{key}' contains the forbidden word"):
        _entry(EventType.ADMIN_SETTING_CHANGED, {"setting": "s", "value": {key: 1}})
    with pytest.raises(EntryError, match="forbidden word"):
        _entry(EventType.OFFICIALS_SET, {"officials": [{"name": "A", key: "x"}]})
    with pytest.raises(EntryError, match="forbidden word"):
        _entry(EventType.POLL_CLOSED, {"ballots": 1, key: "x"})


def test_envelope_validation() -> None:
    with pytest.raises(EntryError, match="unknown event type 'ballot_spoiled'"):
        Entry(type="ballot_spoiled", poll="p", seq=0, time=T, data={})  # type: ignore[arg-type]
    with pytest.raises(EntryError, match="seq -1"):
        _entry(EventType.POLL_CLOSED, seq=-1)
    with pytest.raises(EntryError, match="seq True"):
        _entry(EventType.POLL_CLOSED, seq=True)
    with pytest.raises(EntryError, match="YYYY-MM-DDTHH:MM:SSZ"):
        _entry(EventType.POLL_CLOSED, time="2025-11-20 08:30:05")
    with pytest.raises(EntryError, match="version 2"):
        _entry(EventType.POLL_CLOSED, v=2)
    with pytest.raises(EntryError, match="poll id is required"):
        _entry(EventType.POLL_CLOSED, poll=None)
    with pytest.raises(EntryError, match="council event must have poll null"):
        _entry(EventType.COUNCIL_SETUP, poll="poll-7")
    with pytest.raises(EntryError, match="poll id 'a b' does not match"):
        _entry(EventType.POLL_CLOSED, poll="a b")
    assert _entry(EventType.KEY_ROTATED, poll=None).poll is None
    assert _entry(EventType.KEY_ROTATED, poll="poll-7").poll == "poll-7"


def test_decode_is_strict() -> None:
    good = _entry(EventType.POLL_CLOSED).encode()
    with pytest.raises(EntryError, match="not canonical"):
        Entry.decode(good.replace(b",", b", ", 1))
    with pytest.raises(EntryError, match="not exactly"):
        Entry.decode(canonical_json({**_entry(EventType.POLL_CLOSED).to_json(), "x": 1}))
    with pytest.raises(EntryError, match="must be a JSON object"):
        Entry.decode(b"[]")
    with pytest.raises(EntryError, match="entry version 2"):
        Entry.decode(canonical_json({**_entry(EventType.POLL_CLOSED).to_json(), "v": 2}))
    with pytest.raises(EntryError, match="float"):
        Entry.decode(good.replace(b'"ballots":1', b'"ballots":1.0'))
    with pytest.raises(EntryError, match="seq 3 differs from its leaf index 4"):
        Entry.decode(good, expected_seq=4)
