"""The election manifest: what a poll is, frozen before the key ceremony, and its fingerprint.

The manifest's whole schema lives here (docs/RECORD.md §2, manifest): the typed parts below,
`check_manifest` that reads a JSON value into them, and the fingerprint that binds every proof,
credential and signature of the poll to this manifest: fingerprint =
SHA-256("ballot_service/v1/manifest" || 0x00 || canonical_json(manifest)).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict, cast

from ..ledger.canonical import canonical_json
from ..rules.errors import RuleViolation
from ..rules.kinds import Bloc, CouncilLevel, PollKind, codes
from ..rules.officials import Official
from ..rules.results import Denominator
from ..rules.setup_checks import MIN_THRESHOLD, check_ballot_order

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
    order: int  # the configured order within the bloc (rules.setup_checks.ballot_order)


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


def _text(value: object, what: str, *, empty: bool = False) -> str:
    """A string, non-empty unless ``empty`` (docs/RECORD.md §2: only poll.session, poll.date
    and poll.place may be "")."""
    if not isinstance(value, str):
        raise ManifestError(f"{what} is not a string: {value!r:.60}")
    if not value and not empty:
        raise ManifestError(f"{what} is empty")
    return value


def _texts(value: object, what: str) -> None:
    """A non-empty list of non-empty strings (an official's or an excluded person's positions)."""
    if not isinstance(value, list) or not value:
        raise ManifestError(f"{what} is not a non-empty list of text")
    for text in value:
        _text(text, f"{what[: -len('positions')]}position")


def _code(value: str, allowed: frozenset[str] | tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ManifestError(f"{what} {value!r:.40} is not one of {sorted(allowed)}")


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: str) -> None:
    """``""`` (no date set) or a real calendar date YYYY-MM-DD."""
    if not value:
        return
    match = _DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError("not YYYY-MM-DD")
        date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ManifestError(f"poll.date {value!r:.40} is not a calendar date ({error})") from None


def check_manifest(value: object) -> Manifest:
    """Check a manifest's whole shape and return it typed; ManifestError names the first bad
    field (docs/RECORD.md §2, manifest)."""
    manifest = _fields(value, Manifest, "the manifest")
    if manifest["v"] != MANIFEST_VERSION:
        raise ManifestError(f"manifest version {manifest['v']!r} is not {MANIFEST_VERSION}")
    if not _text(manifest["poll_id"], "poll_id"):
        raise ManifestError("poll_id is empty")
    council = _fields(manifest["council"], ManifestCouncil, "council")
    _text(council["name"], "council.name")
    _code(_text(council["level"], "council.level"), codes(CouncilLevel), "council.level")
    if not _is_count(council["total_delegates"]) or council["total_delegates"] < 1:
        raise ManifestError(
            f"council.total_delegates {council['total_delegates']!r:.20} is not a count ≥ 1"
        )
    poll = _fields(manifest["poll"], ManifestPoll, "poll")
    for name in ManifestPoll.__annotations__:
        _text(poll[name], f"poll.{name}", empty=name in ("session", "date", "place"))
    _date(poll["date"])
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
        _code(_text(official["bloc"], f"official {i} bloc"), codes(Bloc), f"official {i} bloc")
        if not _is_count(official["order"]):
            raise ManifestError(f"official {i} order {official['order']!r:.20} is not a count")
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
    try:
        check_ballot_order(
            [
                Official(o["index"], o["name"], tuple(o["positions"]), Bloc(o["bloc"]), o["order"])
                for o in officials
            ]
        )
    except RuleViolation as violation:
        raise ManifestError(f"manifest officials: {violation}") from None
    not_rated = manifest["not_rated"]
    if not isinstance(not_rated, list):
        raise ManifestError("manifest not_rated is not a list")
    for i, item in enumerate(not_rated):
        person = _fields(item, NotRated, f"not_rated {i}")
        _text(person["name"], f"not_rated {i} name")
        _texts(person["positions"], f"not_rated {i} positions")
        _text(person["reason"], f"not_rated {i} reason")
    if not trustees:
        raise ManifestError("manifest lists no trustee")
    for m, trustee in enumerate(trustees, start=1):
        if not _is_count(trustee["index"]) or trustee["index"] != m:
            raise ManifestError(f"manifest trustee {m} has index {trustee['index']!r}")
    k = manifest["threshold"]
    if _is_count(k) and k < MIN_THRESHOLD:
        raise ManifestError(
            f"threshold k = {k}: with k = 1 any single member's share is the whole election "
            f"secret and opens any ballot; k must be at least {MIN_THRESHOLD}"
        )
    if not _is_count(k) or not k <= len(trustees):
        raise ManifestError(
            f"manifest threshold {k!r} is not within {MIN_THRESHOLD}..{len(trustees)}"
        )
    return cast(Manifest, manifest)


def encode_manifest(manifest: Manifest) -> bytes:
    """The canonical JSON bytes of the manifest."""
    return canonical_json(manifest)


def fingerprint(manifest: Manifest) -> bytes:
    """The 32-byte election fingerprint of the manifest."""
    return hashlib.sha256(MANIFEST_TAG + encode_manifest(manifest)).digest()
