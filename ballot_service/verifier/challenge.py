"""`ballot-verify --challenge FILE`: the cast-as-intended (Benaloh) check offline
(docs/PROTOCOL.md §7, "Challenge file").

The file is an opened ballot: the ballot, its nonces r_ij, the election key K and optionally the
officials' names. The ballot's proofs are checked first (against the fingerprint the ballot
carries and K), then the nonces open every cell (α_ij = r_ij·B, β_ij − r_ij·K ∈ {O, B}); the
choices are printed per official.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..crypto.ballot_types import MAX_OFFICIALS, BallotNonces
from ..crypto.ballot_verify import ReceivedBallot, open_ballot, verify_ballot
from ..crypto.codec import expect_mapping, expect_version, point_field
from ..crypto.errors import MalformedInput, VerificationError
from ..crypto.group import Point
from ..rules.kinds import Lang, PollKind
from .errors import InputError, VerificationFailed
from .report import printable

MAX_CHALLENGE_BYTES = 8 * 1024 * 1024
MAX_NAME = 200
_KEYS = {"version", "ballot", "nonces", "election_key"}
_OPTIONAL = {"officials"}


@dataclass(frozen=True)
class Challenge:
    """A parsed challenge file (the ballot's points not yet checked)."""

    ballot: ReceivedBallot
    nonces: BallotNonces
    election_key: Point
    fingerprint: bytes
    shape: tuple[int, int]
    officials: tuple[str, ...] | None


@dataclass(frozen=True)
class Opened:
    """What a challenge opens to: the ballot's election, tracking code and choices."""

    fingerprint: str
    election_key: str
    tracking_code: str
    levels: int
    choices: tuple[int | None, ...]
    officials: tuple[str, ...] | None


def load_challenge(path: str | Path) -> Challenge:
    """Read and parse a challenge file; InputError (exit 2) names what is wrong."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_CHALLENGE_BYTES + 1)
    except OSError as error:
        raise InputError(f"challenge: cannot read {path}: {error.strerror or error}") from None
    if len(raw) > MAX_CHALLENGE_BYTES:
        raise InputError(f"challenge: larger than {MAX_CHALLENGE_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(f"challenge: not JSON ({error})") from None
    try:
        return parse_challenge(data)
    except VerificationError as error:
        raise InputError(str(error)) from None


def parse_challenge(data: object) -> Challenge:
    """Parse the challenge's JSON form (MalformedInput names the fault)."""
    what = "challenge"
    d = expect_mapping(data, what)
    present = set(d)
    if not present >= _KEYS or present - _KEYS - _OPTIONAL:
        missing, extra = sorted(_KEYS - present), sorted(present - _KEYS - _OPTIONAL)
        raise MalformedInput(f"{what}: missing fields {missing}, unexpected fields {extra}")
    expect_version(d, what)
    key = point_field(d, "election_key", what)  # a valid point ≠ O
    ballot = ReceivedBallot.from_dict(d["ballot"])
    raw = expect_mapping(d["ballot"], "ballot")  # parsed: election hex, levels int, rows list
    rows, levels = raw["rows"], raw["levels"]
    if not isinstance(rows, list) or not isinstance(levels, int):  # pragma: no cover (parsed)
        raise MalformedInput("ballot: rows or levels")
    nonces = BallotNonces.from_dict({"version": 1, "nonces": d["nonces"]})
    officials: tuple[str, ...] | None = None
    if "officials" in d:
        names = d["officials"]
        if (
            not isinstance(names, list)
            or not 1 <= len(names) <= MAX_OFFICIALS
            or not all(isinstance(n, str) and 0 < len(n) <= MAX_NAME for n in names)
        ):
            raise MalformedInput(
                f"{what}: officials: expected a list of names (1 to {MAX_NAME} characters)"
            )
        officials = tuple(names)
    fingerprint = bytes.fromhex(str(raw["election"]))
    return Challenge(ballot, nonces, key, fingerprint, (len(rows), levels), officials)


def check_challenge(challenge: Challenge) -> Opened:
    """Verify the ballot's proofs, then open it with its nonces; VerificationFailed (exit 1)
    names the first fault (the cell whose nonce does not open it)."""
    key, fingerprint = challenge.election_key, challenge.fingerprint
    officials, levels = challenge.shape
    try:
        ballot = verify_ballot(
            challenge.ballot, fingerprint, key, officials=officials, levels=levels
        )
        if challenge.officials is not None and len(challenge.officials) != len(ballot.rows):
            raise MalformedInput(
                f"challenge: {len(challenge.officials)} officials named, "
                f"the ballot has {len(ballot.rows)}"
            )
        opened = open_ballot(ballot, challenge.nonces, key)
    except VerificationError as error:
        raise VerificationFailed("challenge", str(error)) from None
    return Opened(
        fingerprint=fingerprint.hex(),
        election_key=key.hex(),
        tracking_code=ballot.tracking_code(),
        levels=ballot.levels,
        choices=opened.choices,
        officials=challenge.officials,
    )


_TEXT: Mapping[Lang, Mapping[str, str]] = {
    "vi": {
        "opened": "MỞ ĐƯỢC: phiếu mã hóa đúng các lựa chọn dưới đây (kiểm tra phiếu trước khi "
        "bỏ); phiếu này bị hủy, không được bỏ",
        "fingerprint": "Dấu vân tay cuộc bỏ phiếu",
        "key": "Khóa của cuộc bỏ phiếu",
        "compare": "Đối chiếu dấu vân tay và khóa với bản công bố trên bảng tin",
        "tracking": "Mã theo dõi",
        "row": "Dòng {i}",
        "blank": "để trống",
        "level": "mức {j}",
    },
    "en": {
        "opened": "OPENED: the ballot encrypts exactly the choices below (check my encryption); "
        "this ballot is discarded, never cast",
        "fingerprint": "Election fingerprint",
        "key": "Election key",
        "compare": "Compare the fingerprint and key with those published on the board",
        "tracking": "Tracking code",
        "row": "Row {i}",
        "blank": "blank",
        "level": "level {j}",
    },
}


def level_words(levels: int, lang: Lang) -> Sequence[str]:
    """The names of the L levels: a poll has 3, a vote 2 (rules.kinds); others are numbered."""
    for kind in PollKind:
        if len(kind.levels) == levels:
            return [level.labels.get(lang) for level in kind.levels]
    return [_TEXT[lang]["level"].format(j=j + 1) for j in range(levels)]


def render_opened(opened: Opened, lang: Lang) -> str:
    """The report: the election, the tracking code, then one line per official."""
    t = _TEXT[lang]
    words = level_words(opened.levels, lang)
    lines = [
        t["opened"],
        f"{t['fingerprint']}: {opened.fingerprint}",
        f"{t['key']}: {opened.election_key}",
        f"{t['compare']}.",
        f"{t['tracking']}: {opened.tracking_code}",
    ]
    for i, choice in enumerate(opened.choices):
        label = t["row"].format(i=i + 1)
        if opened.officials is not None:
            label += f" ({opened.officials[i]})"
        lines.append(f"{label}: {t['blank'] if choice is None else words[choice]}")
    return "".join(printable(line) + "\n" for line in lines)
