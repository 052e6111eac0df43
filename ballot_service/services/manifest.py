"""Freezing a poll's manifest when the key ceremony starts."""

from __future__ import annotations

import json

from ..models import Poll
from ..record import manifest as record_manifest
from ..record.manifest import Manifest


def build(poll: Poll) -> Manifest:
    council = poll.council
    return record_manifest.build_manifest(
        poll_id=f"poll-{poll.id}",
        council={
            "name": council.name,
            "level": council.level,
            "total_delegates": council.total_delegates,
        },
        poll={
            "kind": poll.kind,
            "title": poll.title,
            "session": poll.session_name,
            "date": poll.meeting_date.isoformat() if poll.meeting_date else "",
            "place": poll.place,
            "denominator": poll.denominator,
        },
        officials=[
            {
                "index": i,
                "name": r.official.name,
                "positions": list(r.official.positions),
                "bloc": r.official.bloc,
                "order": r.official.order,
            }
            for i, r in enumerate(poll.rated)
        ],
        not_rated=[
            {"name": o.name, "positions": list(o.positions), "reason": o.exclusion_reason}
            for o in poll.council.officials
            if o.excluded
        ],
        trustees=[
            {"index": t.index, "name": t.user.display_name, "chair": t.is_chair}
            for t in poll.trustees
        ],
        threshold=poll.threshold or 0,
    )


def freeze(poll: Poll) -> None:
    """Store the manifest and its fingerprint; nothing of the setup may change after this."""
    manifest = build(poll)
    poll.manifest = record_manifest.encode_manifest(manifest).decode("utf-8")
    poll.fingerprint = record_manifest.fingerprint(manifest).hex()


def load(poll: Poll) -> Manifest:
    if poll.manifest is None:
        raise ValueError(f"poll {poll.id} has no frozen manifest")
    return record_manifest.check_manifest(json.loads(poll.manifest))
