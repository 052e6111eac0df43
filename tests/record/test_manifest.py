"""record/manifest.py: the one manifest schema (docs/RECORD.md §2) and its fingerprint."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ballot_service.record.manifest import (
    MANIFEST_TAG,
    ManifestError,
    check_manifest,
    encode_manifest,
    fingerprint,
)

from ..verifier.builder import Spec, make_manifest

BASE = make_manifest(Spec())


def changed(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    manifest = copy.deepcopy(BASE)
    holder = manifest
    for key in path[:-1]:
        holder = holder[key]
    if value is KeyError:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return manifest


def test_the_builders_manifest_passes_and_fingerprints() -> None:
    assert check_manifest(copy.deepcopy(BASE)) == BASE
    import hashlib

    assert fingerprint(BASE) == hashlib.sha256(MANIFEST_TAG + encode_manifest(BASE)).digest()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("extra",), 1, "the manifest has fields"),
        (("poll", "place"), KeyError, "poll has fields"),
        (("officials", 0, "name"), "", "official 0 name is empty"),
        (("officials", 0, "positions"), [], "official 0 positions is not a non-empty list"),
        (("officials", 0, "positions"), [""], "official 0 position is empty"),
        (("officials", 0, "bloc"), "party", "official 0 bloc 'party' is not one of"),
        (("council", "level"), "ward", "council.level 'ward' is not one of"),
        (("council", "name"), "", "council.name is empty"),
        (("council", "total_delegates"), 0, "council.total_delegates 0 is not a count ≥ 1"),
        (("poll", "title"), "", "poll.title is empty"),
        (("poll", "date"), "2026-02-30", "not a calendar date"),
        (("poll", "date"), "2026-2-3", "not a calendar date"),
        (("trustees", 1, "name"), "", "trustee 2 name is empty"),
        (("not_rated",), [{"name": "A", "positions": ["B"], "reason": ""}], "reason is empty"),
        (("threshold",), 1, "threshold k = 1"),
        (("threshold",), 4, "threshold 4 is not within 2..3"),
    ],
)
def test_each_rule_refuses(path: tuple[Any, ...], value: Any, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        check_manifest(changed(path, value))


@pytest.mark.parametrize("field", ["session", "date", "place"])
def test_session_date_and_place_may_be_empty(field: str) -> None:
    check_manifest(changed(("poll", field), ""))
