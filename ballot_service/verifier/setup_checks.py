"""Checks 1–3: the manifest and its fingerprint F, the DKG (election key K, VK_m), credentials.

What these checks establish is gathered in :class:`Election`, which every later check reads.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..crypto import dkg
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..record import manifest as record_manifest
from ..rules.kinds import Bloc, CouncilLevel, Level, PollKind
from ..rules.results import Denominator
from .errors import VerificationFailed
from .values import is_nat

_MANIFEST_KEYS = {
    "v",
    "poll_id",
    "council",
    "poll",
    "levels",
    "officials",
    "not_rated",
    "trustees",
    "threshold",
}
_COUNCIL_KEYS = {"name", "level", "total_delegates"}
_POLL_KEYS = {"kind", "title", "session", "date", "place", "denominator"}
_OFFICIAL_KEYS = {"index", "name", "positions", "bloc"}
_TRUSTEE_KEYS = {"index", "name", "chair"}
_NOT_RATED_KEYS = {"name", "positions", "reason"}


@dataclass(frozen=True)
class Election:
    """What the manifest, the DKG and the credentials fix for every later check."""

    manifest: Mapping[str, Any]
    fingerprint: bytes
    poll_id: str
    kind: PollKind
    levels: tuple[Level, ...]
    official_names: tuple[str, ...]
    trustees: int
    threshold: int
    total_delegates: int
    denominator: Denominator
    key: Point
    verification_keys: Mapping[int, Point]
    credentials: tuple[str, ...]
    voided: Mapping[str, str]

    @property
    def officials(self) -> int:
        """K, the number of officials (rows of a ballot)."""
        return len(self.official_names)


def _keys(value: object, keys: set[str], what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise VerificationFailed("manifest", f"{what} is not an object")
    if set(value) != keys:
        raise VerificationFailed(
            "manifest", f"{what} has fields {sorted(value)}, expected {sorted(keys)}"
        )
    return value


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _text(value: object, what: str, *, empty: bool = False) -> str:
    """A string; non-empty unless ``empty`` (docs/RECORD.md §2: "text" is never empty)."""
    if not isinstance(value, str):
        raise VerificationFailed("manifest", f"{what} is not a string: {value!r:.60}")
    if not value and not empty:
        raise VerificationFailed("manifest", f"{what} is empty")
    return value


def _one_of(value: str, allowed: Sequence[str], what: str) -> None:
    codes = [str(code) for code in allowed]
    if value not in codes:
        raise VerificationFailed("manifest", f"{what} {value!r:.40} is not one of {codes}")


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
        raise VerificationFailed(
            "manifest", f"poll.date {value!r:.40} is not a calendar date ({error})"
        ) from None


def _positions(value: object, what: str) -> None:
    if not isinstance(value, list) or not value:
        raise VerificationFailed("manifest", f"{what} positions is not a non-empty list")
    for position in value:
        _text(position, f"{what} position")


def check_manifest(manifest: Mapping[str, Any], header_fingerprint: object) -> bytes:
    """Check 1: the manifest's shape; F = its fingerprint = record.json's fingerprint."""
    _keys(manifest, _MANIFEST_KEYS, "the manifest")
    if not _text(manifest["poll_id"], "poll_id"):
        raise VerificationFailed("manifest", "poll_id is empty")
    council = _keys(manifest["council"], _COUNCIL_KEYS, "council")
    _text(council["name"], "council.name")
    _one_of(_text(council["level"], "council.level"), list(CouncilLevel), "council.level")
    total = council["total_delegates"]
    if not is_nat(total) or total < 1:
        raise VerificationFailed(
            "manifest", f"council.total_delegates {total!r:.20} is not a count ≥ 1"
        )
    poll = _keys(manifest["poll"], _POLL_KEYS, "poll")
    for name in ("kind", "title", "denominator"):
        _text(poll[name], f"poll.{name}")
    for name in ("session", "date", "place"):
        _text(poll[name], f"poll.{name}", empty=True)
    _date(poll["date"])
    _one_of(poll["denominator"], list(Denominator), "poll.denominator")
    officials, trustees = manifest["officials"], manifest["trustees"]
    if not isinstance(officials, list) or not isinstance(trustees, list):
        raise VerificationFailed("manifest", "officials and trustees must be lists")
    for i, official in enumerate(officials):
        item = _keys(official, _OFFICIAL_KEYS, f"official {i}")
        _text(item["name"], f"official {i} name")
        _one_of(_text(item["bloc"], f"official {i} bloc"), list(Bloc), f"official {i} bloc")
        _positions(item["positions"], f"official {i}")
    not_rated = manifest["not_rated"]
    if not isinstance(not_rated, list):
        raise VerificationFailed("manifest", "not_rated must be a list")
    for i, person in enumerate(not_rated):
        item = _keys(person, _NOT_RATED_KEYS, f"not_rated {i}")
        _text(item["name"], f"not_rated {i} name")
        _positions(item["positions"], f"not_rated {i}")
        _text(item["reason"], f"not_rated {i} reason")
    for m, trustee in enumerate(trustees, start=1):
        item = _keys(trustee, _TRUSTEE_KEYS, f"trustee {m}")
        _text(item["name"], f"trustee {m} name")
        if not isinstance(item["chair"], bool):
            raise VerificationFailed("manifest", f"trustee {m} chair is not true/false")
    threshold = manifest["threshold"]
    if is_nat(threshold) and threshold < 2:
        raise VerificationFailed(
            "manifest",
            f"threshold k = {threshold}: with k = 1 any single member's share is the whole "
            "election secret and opens any ballot; k must be at least 2",
        )
    try:
        record_manifest.check_manifest(dict(manifest))
    except record_manifest.ManifestError as error:
        raise VerificationFailed("manifest", str(error)) from None
    fingerprint = record_manifest.fingerprint(dict(manifest))
    if not isinstance(header_fingerprint, str) or not hmac.compare_digest(
        header_fingerprint, fingerprint.hex()
    ):
        raise VerificationFailed(
            "manifest",
            f"fingerprint {fingerprint.hex()} differs from "
            f"record.json's {header_fingerprint!r:.70}",
        )
    return fingerprint


def check_dkg(
    items: Sequence[Any],
    fingerprint: bytes,
    *,
    trustees: int,
    threshold: int,
) -> tuple[Point, dict[int, Point]]:
    """Check 2: one verified commitment per trustee 1..n, in order; K and every VK_m."""
    if len(items) != trustees:
        raise VerificationFailed("dkg", f"{len(items)} commitments for {trustees} trustees")
    messages = []
    for m, item in enumerate(items, start=1):
        what = f"dkg commitment {m}"
        try:
            message = dkg.DkgCommitment.from_dict(item)
            if message.trustee != m:
                raise VerificationFailed(what, f"is trustee {message.trustee}'s, expected {m}")
            dkg.verify_commitment(message, fingerprint, trustees=trustees, threshold=threshold)
        except VerificationError as error:
            raise VerificationFailed(what, str(error)) from None
        messages.append(message)
    try:
        key = dkg.election_key(messages)
    except VerificationError as error:
        raise VerificationFailed("dkg", str(error)) from None
    return key, {m: dkg.verification_key(m, messages) for m in range(1, trustees + 1)}


def check_credentials(
    credentials: Sequence[Any],
    voided: Sequence[Any],
) -> tuple[tuple[str, ...], dict[str, str]]:
    """Check 3: every public credential a valid point ≠ O, no duplicate; voided ⊆ credentials."""
    seen: dict[str, int] = {}
    for c, item in enumerate(credentials):
        what = f"credential {c}"
        if not isinstance(item, dict) or set(item) != {"credential", "batch"}:
            raise VerificationFailed(what, "is not {credential, batch}")
        if not isinstance(item["batch"], str) or not item["batch"]:
            raise VerificationFailed(what, f"batch {item['batch']!r} is not a non-empty string")
        text = item["credential"]
        try:
            Point.from_hex(text, what="public credential")
        except VerificationError as error:
            raise VerificationFailed(what, str(error)) from None
        if text in seen:
            raise VerificationFailed(what, f"repeats credential {seen[text]} ({text[:12]}…)")
        seen[text] = c
    void: dict[str, str] = {}
    for v, item in enumerate(voided):
        what = f"voided credential {v}"
        if not isinstance(item, dict) or set(item) != {"credential", "reason"}:
            raise VerificationFailed(what, "is not {credential, reason}")
        if not isinstance(item["reason"], str) or not item["reason"]:
            raise VerificationFailed(what, "has no reason")
        text = item["credential"]
        if not isinstance(text, str) or text not in seen:
            raise VerificationFailed(what, f"{text!r:.20}… is not an issued credential")
        if text in void:
            raise VerificationFailed(what, f"{text[:12]}… is voided twice")
        void[text] = item["reason"]
    return tuple(seen), void


def check_setup(
    manifest: Mapping[str, Any],
    header: Mapping[str, Any],
    dkg_part: Sequence[Any],
    credentials: Sequence[Any],
    voided: Sequence[Any],
) -> Election:
    """Checks 1–3 in order; return what they establish."""
    fingerprint = check_manifest(manifest, header.get("fingerprint"))
    n, k = len(manifest["trustees"]), manifest["threshold"]
    key, vks = check_dkg(dkg_part, fingerprint, trustees=n, threshold=k)
    issued, void = check_credentials(credentials, voided)
    kind = PollKind(manifest["poll"]["kind"])
    return Election(
        manifest=manifest,
        fingerprint=fingerprint,
        poll_id=manifest["poll_id"],
        kind=kind,
        levels=kind.levels,
        official_names=tuple(o["name"] for o in manifest["officials"]),
        trustees=n,
        threshold=k,
        total_delegates=manifest["council"]["total_delegates"],
        denominator=Denominator(manifest["poll"]["denominator"]),
        key=key,
        verification_keys=vks,
        credentials=issued,
        voided=void,
    )
