"""Checks 1–3: the manifest and its fingerprint F, the DKG (election key K, VK_m), credentials.

What these checks establish is gathered in :class:`Election`, which every later check reads.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..crypto import dkg
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..record import manifest as record_manifest
from ..record.manifest import Manifest
from ..rules.kinds import Level, PollKind
from ..rules.results import Denominator
from .errors import VerificationFailed


@dataclass(frozen=True)
class Election:
    """What the manifest, the DKG and the credentials fix for every later check."""

    manifest: Manifest
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


def check_manifest(value: object, header_fingerprint: object) -> tuple[Manifest, bytes]:
    """Check 1: the manifest's shape (record/manifest.py); F = its fingerprint = record.json's
    fingerprint. Returns the typed manifest and F."""
    try:
        manifest = record_manifest.check_manifest(value)
    except record_manifest.ManifestError as error:
        raise VerificationFailed("manifest", str(error)) from None
    fingerprint = record_manifest.fingerprint(manifest)
    if not isinstance(header_fingerprint, str) or not hmac.compare_digest(
        header_fingerprint, fingerprint.hex()
    ):
        raise VerificationFailed(
            "manifest",
            f"fingerprint {fingerprint.hex()} differs from "
            f"record.json's {header_fingerprint!r:.70}",
        )
    return manifest, fingerprint


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
    value: object,
    header: Mapping[str, Any],
    dkg_part: Sequence[Any],
    credentials: Sequence[Any],
    voided: Sequence[Any],
) -> Election:
    """Checks 1–3 in order; return what they establish."""
    manifest, fingerprint = check_manifest(value, header.get("fingerprint"))
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
