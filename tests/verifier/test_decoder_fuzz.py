"""The decoders fed garbage (issue 13.6): the ballot, checkpoint, log entry and record decoders
raise only their documented errors on any input — random bytes and JSON values, and valid
objects with one field replaced, bytes flipped or cut short.

Documented: ballots MalformedInput / InvalidScalar / InvalidPoint (crypto.errors.VerificationError);
checkpoints CheckpointError; entries EntryError; records RecordError (RecordDamaged is one).
More examples with HYPOTHESIS_FUZZ_EXAMPLES (default 150 per test).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballot_service.crypto.ballot_types import Ballot
from ballot_service.crypto.ballot_verify import ReceivedBallot
from ballot_service.crypto.errors import VerificationError
from ballot_service.ledger.canonical import canonical_json
from ballot_service.ledger.checkpoint import Checkpoint, SignedCheckpoint
from ballot_service.ledger.entries import Entry
from ballot_service.ledger.errors import CheckpointError, EntryError
from ballot_service.record.codec import decode_record
from ballot_service.record.errors import RecordError

from .builder import build

# A failing record would be shown whole (100 kB): hypothesis warns about the size of that repr.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
EXAMPLES = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BUILT = build()
PARTS = BUILT.parts()
RECORD = BUILT.encode()
BALLOT = PARTS["ballots"][0]
NOTE = PARTS["log"]["checkpoints"][-1]
ENTRY = canonical_json(PARTS["log"]["entries"][-1])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=80)
    | st.sampled_from(["00" * 32, "ff" * 32, "01" + "00" * 31, "", "0x", "zz"]),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value (keys and indices)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    changed = copy.deepcopy(value)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = new
    return changed


def mutated(value: Any) -> st.SearchStrategy[Any]:
    """`value` with one node replaced by a random JSON value, or removed."""
    paths = _paths(value)

    @st.composite
    def one(draw: Any) -> Any:
        path = draw(st.sampled_from(paths))
        if path and draw(st.booleans()) and isinstance(value, dict):
            changed = copy.deepcopy(value)
            holder = changed
            for step in path[:-1]:
                holder = holder[step]
            del holder[path[-1]]
            return changed
        return _replace(value, path, draw(json_values))

    return one()


@st.composite
def damaged(draw: Any, data: bytes) -> bytes:
    """`data` with bytes flipped, inserted or cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "cut"]))
        at = draw(st.integers(0, max(0, len(out) - 1)))
        if kind == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            out = out[: draw(st.integers(0, len(out)))]
    return bytes(out)


def test_the_valid_objects_decode() -> None:
    """The fuzzers start from objects the decoders accept."""
    ReceivedBallot.from_dict(BALLOT)
    Ballot.from_dict(BALLOT)
    SignedCheckpoint.from_note(NOTE)
    Entry.decode(ENTRY)
    decode_record(RECORD)


@FUZZ
@given(st.one_of(json_values, mutated(BALLOT)))
def test_ballot_decoder(value: Any) -> None:
    for decoder in (ReceivedBallot.from_dict, Ballot.from_dict):
        with contextlib.suppress(VerificationError):
            decoder(value)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300),
        damaged(NOTE.encode()).map(lambda b: b.decode("utf-8", "replace")),
    )
)
def test_checkpoint_note_decoder(note: str) -> None:
    with contextlib.suppress(CheckpointError):
        SignedCheckpoint.from_note(note)


@FUZZ
@given(st.one_of(st.binary(max_size=300), damaged(NOTE.split("\n\n")[0].encode() + b"\n")))
def test_checkpoint_body_decoder(body: bytes) -> None:
    with contextlib.suppress(CheckpointError):
        Checkpoint.from_body(body)


@FUZZ
@given(st.one_of(json_values, mutated(SignedCheckpoint.from_note(NOTE).to_dict())))
def test_checkpoint_json_decoder(value: Any) -> None:
    with contextlib.suppress(CheckpointError):
        SignedCheckpoint.from_dict(value)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300),
        damaged(ENTRY),
        mutated(json.loads(ENTRY)).map(lambda v: json.dumps(v).encode()),
    )
)
def test_entry_decoder(data: bytes) -> None:
    with contextlib.suppress(EntryError):
        Entry.decode(data)


@FUZZ
@given(st.one_of(st.binary(max_size=600), damaged(RECORD)))
def test_record_decoder(data: bytes) -> None:
    with contextlib.suppress(RecordError):
        decode_record(data)
