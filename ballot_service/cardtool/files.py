"""The card request (downloaded from the committee page) and the credentials file (uploaded to
it), docs/PROTOCOL.md §6.1. Both are JSON objects with exact keys and `version` 1.

Card request:  {"version": 1, "kind": "ballot-card-request", "poll": id, "title": str,
                "council": str, "url": "https://<hall>/vote/<poll>", "election": fp (hex),
                "election_short": short code of fp, "count": delegates present}
Credentials:   {"version": 1, "kind": "ballot-card-credentials", "poll": id,
                "election": fp (hex), "credentials": [X (hex), …]}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..crypto.ballot_types import short_code
from ..crypto.errors import MalformedInput

FORMAT_VERSION = 1
REQUEST_KIND = "ballot-card-request"
CREDENTIALS_KIND = "ballot-card-credentials"
MAX_CARDS = 5000  # services.cards.MAX_BATCH
_HEX64 = re.compile(r"[0-9a-f]{64}")
REQUEST_KEYS = (
    "version",
    "kind",
    "poll",
    "title",
    "council",
    "url",
    "election",
    "election_short",
    "count",
)
CREDENTIALS_KEYS = ("version", "kind", "poll", "election", "credentials")


@dataclass(frozen=True, slots=True)
class CardRequest:
    """What printing a poll's cards needs: the card URL without its fragment, the election
    fingerprint fp (credentials are derived from it) and what the card shows."""

    poll: int
    title: str
    council: str
    url: str
    election: bytes
    count: int

    @property
    def election_short(self) -> str:
        return short_code(self.election)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "kind": REQUEST_KIND,
            "poll": self.poll,
            "title": self.title,
            "council": self.council,
            "url": self.url,
            "election": self.election.hex(),
            "election_short": self.election_short,
            "count": self.count,
        }


def _object(data: Any, keys: tuple[str, ...], kind: str, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MalformedInput(f"{what}: expected a JSON object")
    missing = sorted(set(keys) - set(data))
    extra = sorted(set(data) - set(keys))
    if missing or extra:
        raise MalformedInput(f"{what}: missing fields {missing}, unexpected fields {extra}")
    if data["version"] != FORMAT_VERSION or isinstance(data["version"], bool):
        raise MalformedInput(f"{what}: unsupported version {data['version']!r}")
    if data["kind"] != kind:
        raise MalformedInput(f"{what}: kind {data['kind']!r}, expected {kind!r}")
    return data


def _int(data: dict[str, Any], key: str, what: str, lo: int, hi: int) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise MalformedInput(f"{what}: {key} must be a whole number from {lo} to {hi}")
    return value


def _fingerprint(data: dict[str, Any], what: str) -> bytes:
    value = data["election"]
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise MalformedInput(f"{what}: election must be 64 lowercase hex digits")
    return bytes.fromhex(value)


def parse_request(data: Any) -> CardRequest:
    """A card request from its JSON form; MalformedInput naming the field otherwise."""
    what = "card request"
    d = _object(data, REQUEST_KEYS, REQUEST_KIND, what)
    for key in ("title", "council", "url", "election_short"):
        if not isinstance(d[key], str) or not d[key].strip():
            raise MalformedInput(f"{what}: {key} must be a non-empty text")
    parts = urlsplit(d["url"])
    if (
        parts.scheme not in ("https", "http")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or not re.fullmatch(r"/vote/[0-9]+", parts.path)
    ):
        raise MalformedInput(f"{what}: url must be http(s)://<host>/vote/<poll>, got {d['url']!r}")
    request = CardRequest(
        poll=_int(d, "poll", what, 1, 2**53),
        title=d["title"],
        council=d["council"],
        url=d["url"],
        election=_fingerprint(d, what),
        count=_int(d, "count", what, 0, MAX_CARDS),
    )
    if parts.path != f"/vote/{request.poll}":
        raise MalformedInput(f"{what}: url {d['url']!r} is not the url of poll {request.poll}")
    if d["election_short"] != request.election_short:
        raise MalformedInput(f"{what}: election_short does not match the election fingerprint")
    return request


def credentials_dict(request: CardRequest, publics: list[bytes]) -> dict[str, Any]:
    """The credentials file for these public credentials X."""
    return {
        "version": FORMAT_VERSION,
        "kind": CREDENTIALS_KIND,
        "poll": request.poll,
        "election": request.election.hex(),
        "credentials": [x.hex() for x in publics],
    }


def parse_credentials(data: Any, *, poll: int, election: bytes) -> list[str]:
    """The credentials (hex, unchecked as points: the service checks them) of a credentials
    file made for this poll and election; MalformedInput naming the field otherwise."""
    what = "credentials file"
    d = _object(data, CREDENTIALS_KEYS, CREDENTIALS_KIND, what)
    if _int(d, "poll", what, 1, 2**53) != poll:
        raise MalformedInput(f"{what}: made for poll {d['poll']}, not poll {poll}")
    if _fingerprint(d, what) != election:
        raise MalformedInput(
            f"{what}: made for another election fingerprint (another key ceremony)"
        )
    items = d["credentials"]
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise MalformedInput(f"{what}: credentials must be a list of hex texts")
    if not 1 <= len(items) <= MAX_CARDS:
        raise MalformedInput(f"{what}: from 1 to {MAX_CARDS} credentials")
    return list(items)
