"""The election manifest: what a poll is, frozen before the key ceremony, and its fingerprint.

The manifest's whole schema lives here (docs/RECORD.md §Manifest): the typed parts below,
`check_manifest` that reads a JSON value into them, and the fingerprint that binds every proof,
credential and signature of the poll to this manifest: fingerprint =
SHA-256("ballot_service/v1/manifest" || 0x00 || canonical_json(manifest)).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, TypedDict, cast

from ..ledger.canonical import canonical_json
from ..rules.kinds import PollKind, codes
from ..rules.results import Denominator

MANIFEST_VERSION = 1
MANIFEST_TAG = b"ballot_service/v1/manifest\x00"


class ManifestCouncil(TypedDict):
    name: str
    level: str  # a rules.kinds.CouncilLevel code
    total_delegates: int


class ManifestPoll(TypedDict):
    kind: str  # a rules.kinds.PollKind code
    title: str
    session: str
    date: str  # ISO date or ""
    place: str
    denominator: str  # a rules.results.Denominator code


class ManifestOfficial(TypedDict):
    index: int  # 0, 1, … in ballot order
    name: str
    positions: list[str]
    bloc: str  # a rules.kinds.Bloc code


class NotRated(TypedDict):
    name: str
    positions: list[str]
    reason: str


class ManifestTrustee(TypedDict):
    index: int  # 1 … n
    name: str
    chair: bool


class Manifest(TypedDict):
    v: int
    poll_id: str
    council: ManifestCouncil
    poll: ManifestPoll
    levels: list[str]
    officials: list[ManifestOfficial]
    not_rated: list[NotRated]
    trustees: list[ManifestTrustee]
    threshold: int


class ManifestError(ValueError):
    """A manifest field is missing or malformed; the message names it."""


def level_codes(kind: PollKind) -> list[str]:
    """The manifest's `levels`: the kind's level codes in ballot order (PROTOCOL.md §1)."""
    return [level.value for level in kind.levels]


def build_manifest(
    *,
    poll_id: str,
    council: ManifestCouncil,
    poll: ManifestPoll,
    officials: list[ManifestOfficial],
    trustees: list[ManifestTrustee],
    threshold: int,
    not_rated: list[NotRated] | None = None,
) -> Manifest:
    """Assemble a manifest (version 1) from plain values and check it."""
    if poll["kind"] not in codes(PollKind):
        raise ManifestError(f"manifest poll.kind {poll['kind']!r} is not poll or vote")
    manifest: Manifest = {
        "v": MANIFEST_VERSION,
        "poll_id": poll_id,
        "council": council,
        "poll": poll,
        "levels": level_codes(PollKind(poll["kind"])),
        "officials": officials,
        "not_rated": not_rated or [],
        "trustees": trustees,
        "threshold": threshold,
    }
    return check_manifest(manifest)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _fields(value: object, typed: type[Any], what: str) -> Mapping[str, Any]:
    """`value` as an object with exactly the fields of the TypedDict `typed`."""
    if not isinstance(value, dict):
        raise ManifestError(f"{what} is not an object")
    keys: frozenset[str] = typed.__required_keys__
    if set(value) != keys:
        raise ManifestError(f"{what} has fields {sorted(value)}, expected {sorted(keys)}")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ManifestError(f"{what} is not a string: {value!r:.60}")
    return value


def _texts(value: object, what: str) -> None:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ManifestError(f"{what} is not a list of text")


def check_manifest(value: object) -> Manifest:
    """Check a manifest's whole shape and return it typed; ManifestError names the first bad
    field (docs/RECORD.md §Manifest)."""
    manifest = _fields(value, Manifest, "the manifest")
    if manifest["v"] != MANIFEST_VERSION:
        raise ManifestError(f"manifest version {manifest['v']!r} is not {MANIFEST_VERSION}")
    if not _text(manifest["poll_id"], "poll_id"):
        raise ManifestError("poll_id is empty")
    council = _fields(manifest["council"], ManifestCouncil, "council")
    _text(council["name"], "council.name")
    _text(council["level"], "council.level")
    if not _is_count(council["total_delegates"]):
        raise ManifestError(
            f"council.total_delegates {council['total_delegates']!r} is not a count"
        )
    poll = _fields(manifest["poll"], ManifestPoll, "poll")
    for name in ManifestPoll.__annotations__:
        _text(poll[name], f"poll.{name}")
    if poll["denominator"] not in codes(Denominator):
        raise ManifestError(
            f"poll.denominator {poll['denominator']!r} is not one of {list(codes(Denominator))}"
        )
    kind = poll["kind"]
    if kind not in codes(PollKind):
        raise ManifestError(f"manifest poll.kind {kind!r} is not poll or vote")
    if manifest["levels"] != level_codes(PollKind(kind)):
        raise ManifestError(f"manifest levels {manifest['levels']!r} do not fit kind {kind}")
    officials, trustees = manifest["officials"], manifest["trustees"]
    if not isinstance(officials, list) or not isinstance(trustees, list):
        raise ManifestError("officials and trustees must be lists")
    for i, item in enumerate(officials):
        official = _fields(item, ManifestOfficial, f"official {i}")
        _text(official["name"], f"official {i} name")
        _text(official["bloc"], f"official {i} bloc")
        _texts(official["positions"], f"official {i} positions")
    for m, item in enumerate(trustees, start=1):
        trustee = _fields(item, ManifestTrustee, f"trustee {m}")
        _text(trustee["name"], f"trustee {m} name")
        if not isinstance(trustee["chair"], bool):
            raise ManifestError(f"trustee {m} chair is not true/false")
    if not officials:
        raise ManifestError("manifest lists no official")
    for i, official in enumerate(officials):
        if not _is_count(official["index"]) or official["index"] != i:
            raise ManifestError(f"manifest official {i} has index {official['index']!r}")
    not_rated = manifest["not_rated"]
    if not isinstance(not_rated, list) or not all(
        isinstance(p, dict)
        and set(p) == NotRated.__required_keys__
        and isinstance(p["reason"], str)
        and p["reason"]
        for p in not_rated
    ):
        raise ManifestError("manifest not_rated must list {name, positions, reason} with reasons")
    if not trustees:
        raise ManifestError("manifest lists no trustee")
    for m, trustee in enumerate(trustees, start=1):
        if not _is_count(trustee["index"]) or trustee["index"] != m:
            raise ManifestError(f"manifest trustee {m} has index {trustee['index']!r}")
    k = manifest["threshold"]
    if not _is_count(k) or not 1 <= k <= len(trustees):
        raise ManifestError(f"manifest threshold {k!r} is not within 1..{len(trustees)}")
    return cast(Manifest, manifest)


def encode_manifest(manifest: Manifest) -> bytes:
    """The canonical JSON bytes of the manifest."""
    return canonical_json(manifest)


def fingerprint(manifest: Manifest) -> bytes:
    """The 32-byte election fingerprint of the manifest."""
    return hashlib.sha256(MANIFEST_TAG + encode_manifest(manifest)).digest()
