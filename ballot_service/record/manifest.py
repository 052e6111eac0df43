"""The election manifest: what a poll is, frozen before the key ceremony, and its fingerprint.

The fingerprint binds every proof, credential and signature of the poll to this manifest
(docs/RECORD.md §Manifest): fingerprint = SHA-256("ballot_service/v1/manifest" || 0x00 ||
canonical_json(manifest)).
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..ledger.canonical import canonical_json

MANIFEST_VERSION = 1
MANIFEST_TAG = b"ballot_service/v1/manifest\x00"
LEVEL_CODES = {"poll": ["high", "confidence", "low"], "vote": ["confidence", "no_confidence"]}


class ManifestError(ValueError):
    """A manifest field is missing or malformed; the message names it."""


def build_manifest(
    *,
    poll_id: str,
    council: dict[str, Any],
    poll: dict[str, Any],
    officials: list[dict[str, Any]],
    trustees: list[dict[str, Any]],
    threshold: int,
    not_rated: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Assemble a manifest (version 1) from plain values and check it."""
    manifest = {
        "v": MANIFEST_VERSION,
        "poll_id": poll_id,
        "council": council,
        "poll": poll,
        "levels": LEVEL_CODES[poll["kind"]],
        "officials": officials,
        "not_rated": not_rated or [],
        "trustees": trustees,
        "threshold": threshold,
    }
    check_manifest(manifest)
    return manifest


def check_manifest(manifest: dict[str, Any]) -> None:
    """Check the shape of a manifest; raise ManifestError naming the first bad field."""
    if manifest.get("v") != MANIFEST_VERSION:
        raise ManifestError(f"manifest version {manifest.get('v')!r} is not {MANIFEST_VERSION}")
    kind = manifest.get("poll", {}).get("kind")
    if kind not in LEVEL_CODES:
        raise ManifestError(f"manifest poll.kind {kind!r} is not poll or vote")
    if manifest.get("levels") != LEVEL_CODES[kind]:
        raise ManifestError(f"manifest levels {manifest.get('levels')!r} do not fit kind {kind}")
    officials = manifest.get("officials")
    if not isinstance(officials, list) or not officials:
        raise ManifestError("manifest lists no official")
    for i, official in enumerate(officials):
        if official.get("index") != i:
            raise ManifestError(f"manifest official {i} has index {official.get('index')!r}")
    not_rated = manifest.get("not_rated")
    if not isinstance(not_rated, list) or not all(
        isinstance(p, dict)
        and set(p) == {"name", "positions", "reason"}
        and isinstance(p["reason"], str)
        and p["reason"]
        for p in not_rated
    ):
        raise ManifestError("manifest not_rated must list {name, positions, reason} with reasons")
    trustees = manifest.get("trustees")
    if not isinstance(trustees, list) or not trustees:
        raise ManifestError("manifest lists no trustee")
    for i, trustee in enumerate(trustees, start=1):
        if trustee.get("index") != i:
            raise ManifestError(f"manifest trustee {i} has index {trustee.get('index')!r}")
    k = manifest.get("threshold")
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(trustees):
        raise ManifestError(f"manifest threshold {k!r} is not within 1..{len(trustees)}")


def encode_manifest(manifest: dict[str, Any]) -> bytes:
    """The canonical JSON bytes of the manifest."""
    return canonical_json(manifest)


def fingerprint(manifest: dict[str, Any]) -> bytes:
    """The 32-byte election fingerprint of the manifest."""
    return hashlib.sha256(MANIFEST_TAG + encode_manifest(manifest)).digest()
