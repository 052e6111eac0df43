"""Check 8, second half: what the log says must agree with every other part, exactly.

docs/RECORD.md §3 (what the log must say about the other parts) and §4 (the order the services
write it in, so a complete log has it): the log opens with ``poll_created``; ``state_changed``
entries chain from "draft"; the last ``committee_set`` lists the manifest's trustees; the final
key ceremony (after the last change to "key_ceremony", which must exist) has one encrypted
share per ordered pair of trustees and a confirmation without complaint from each; cards are
issued after its election_key and voided before poll_closed; events come in protocol order
(election_key < credentials_issued… < poll_opened < ballot_cast… < poll_closed < tally <
decryption_share… < result < published, which follows the state_changed to published and ends
the log).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..ledger.canonical import canonical_json
from ..ledger.entries import Entry, EventType
from ..rules.states import PollState
from .ballot_checks import CastBallots, ballot_label
from .count_checks import VerifiedResult, result_counts
from .errors import VerificationFailed
from .setup_checks import Election
from .values import same_json

E = EventType


class _Log:
    """The decoded entries, indexed by type."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries
        self.of: dict[EventType, list[Entry]] = {t: [] for t in EventType}
        for entry in entries:
            self.of[entry.type].append(entry)

    def one(self, event: EventType) -> Entry:
        found = self.of[event]
        if len(found) != 1:
            raise VerificationFailed("log", f"has {len(found)} {event} entries, expected one")
        return found[0]

    def last(self, event: EventType) -> Entry:
        if not self.of[event]:
            raise VerificationFailed("log", f"has no {event} entry")
        return self.of[event][-1]


def _expect(entry: Entry, name: str, claimed: object, expected: object, part: str) -> None:
    if not same_json(claimed, expected):
        raise VerificationFailed(
            f"log entry {entry.seq}", f"{entry.type} {name} differs from {part}"
        )


def _int(entry: Entry, name: str) -> int:
    value = entry.data[name]
    if not isinstance(value, int):  # Entry has checked the kind (nat); this narrows the type
        raise VerificationFailed(f"log entry {entry.seq}", f"{entry.type} {name} is not a count")
    return value


def _list(entry: Entry, name: str) -> list[Any]:
    value = entry.data[name]
    if not isinstance(value, list):
        raise VerificationFailed(f"log entry {entry.seq}", f"{entry.type} {name} is not a list")
    return value


def _after(entry: Entry, earlier: Entry) -> None:
    if entry.seq < earlier.seq:
        raise VerificationFailed(
            f"log entry {entry.seq}",
            f"{entry.type} comes before {earlier.type} (entry {earlier.seq})",
        )


def _check_setup(log: _Log, election: Election) -> None:
    manifest = election.manifest
    first = log.entries[0] if log.entries else None
    if first is None or first.type is not E.POLL_CREATED:
        raise VerificationFailed(
            "log entry 0", "is not poll_created (services: a poll's log opens with it)"
        )
    created = log.one(E.POLL_CREATED)
    _expect(created, "kind", created.data["kind"], election.kind.log_code, "the manifest")
    state = PollState.DRAFT.value
    for entry in log.of[E.STATE_CHANGED]:
        if entry.data["from_state"] != state:
            raise VerificationFailed(
                f"log entry {entry.seq}",
                f"state_changed from {entry.data['from_state']!r}, but the poll was {state!r}",
            )
        state = str(entry.data["to_state"])
    officials = [
        {"index": o["index"], "name": o["name"], "positions": o["positions"]}
        for o in manifest["officials"]
    ]
    entry = log.last(E.OFFICIALS_SET)
    _expect(entry, "officials", entry.data["officials"], officials, "the manifest")
    entry = log.last(E.COMMITTEE_SET)
    _expect(entry, "members", entry.data["members"], manifest["trustees"], "the manifest")
    _expect(entry, "threshold", entry.data["threshold"], election.threshold, "the manifest")


def _check_ceremony(log: _Log, election: Election, dkg: Sequence[Any]) -> Entry:
    starts = [
        e.seq for e in log.of[E.STATE_CHANGED] if e.data["to_state"] == PollState.KEY_CEREMONY
    ]
    if not starts:
        raise VerificationFailed(
            "log", "has no state_changed to key_ceremony: the key ceremony never started"
        )
    start = starts[-1]
    # A ceremony may fix a key and still be sent back to draft (a setup error found before
    # the poll is made ready): only the final ceremony's key counts, and it must be the one.
    keys = [e for e in log.of[E.ELECTION_KEY] if e.seq > start]
    if len(keys) != 1:
        raise VerificationFailed(
            "log", f"the final key ceremony has {len(keys)} election_key entries, expected one"
        )
    key = keys[0]
    n = election.trustees
    commitments = [e for e in log.of[E.DKG_COMMITMENT] if e.seq > start]
    members = sorted(_int(e, "member") for e in commitments)
    if members != list(range(1, n + 1)):
        raise VerificationFailed(
            "log",
            f"the final key ceremony has dkg_commitment entries of "
            f"members {members}, expected 1..{n}",
        )
    for entry in commitments:
        item = dkg[_int(entry, "member") - 1]
        for name in ("commitments", "proofs"):
            _expect(entry, name, entry.data[name], item[name], "the dkg part")
        _after(key, entry)
    pairs = sorted(
        (_int(e, "sender"), _int(e, "recipient"))
        for e in log.of[E.DKG_SHARE_POSTED]
        if e.seq > start
    )
    want = [(s, r) for s in range(1, n + 1) for r in range(1, n + 1) if s != r]
    if pairs != want:
        raise VerificationFailed(
            "log",
            "the final key ceremony does not relay exactly one "
            "encrypted share per ordered pair of trustees",
        )
    confirmed = [e for e in log.of[E.DKG_CONFIRMED] if e.seq > start]
    if sorted(_int(e, "member") for e in confirmed) != list(range(1, n + 1)):
        raise VerificationFailed(
            "log", "the final key ceremony lacks one dkg_confirmed per trustee"
        )
    for entry in confirmed:
        _expect(entry, "complaints", entry.data["complaints"], [], "none (the key was fixed)")
        _after(key, entry)
    expected = {
        "key": election.key.hex(),
        "fingerprint": election.fingerprint.hex(),
        "threshold": election.threshold,
        "trustees": n,
    }
    for name, value in expected.items():
        _expect(key, name, key.data[name], value, "the dkg part and manifest")
    return key


def _check_credentials(
    log: _Log,
    credentials: Sequence[Any],
    voided: Sequence[Any],
    key: Entry,
    opened: Entry,
) -> None:
    """Cards exist only once the election key is fixed: every credentials_issued comes after
    the final election_key and before poll_opened; a card is voided after the entry that
    issued it and before poll_closed (docs/RECORD.md §4)."""
    closed = log.one(E.POLL_CLOSED)
    issued: list[dict[str, Any]] = []
    seen_at: dict[str, int] = {}
    for entry in log.of[E.CREDENTIALS_ISSUED]:
        listed = _list(entry, "credentials")
        _expect(entry, "count", entry.data["count"], len(listed), "the credentials it lists")
        _after(entry, key)
        _after(opened, entry)
        for text in listed:
            seen_at.setdefault(str(text), entry.seq)
            issued.append({"credential": text, "batch": entry.data["batch"]})
    if not same_json(issued, list(credentials)):
        raise VerificationFailed(
            "log", "credentials_issued entries, in order, differ from the credentials part"
        )
    voids = []
    for entry in log.of[E.CREDENTIAL_VOIDED]:
        text = str(entry.data["credential"])
        if seen_at.get(text, entry.seq) >= entry.seq:
            raise VerificationFailed(
                f"log entry {entry.seq}", "credential_voided before the credential was issued"
            )
        if entry.seq > closed.seq:
            raise VerificationFailed(
                f"log entry {entry.seq}",
                f"credential_voided comes after poll_closed (entry {closed.seq}): "
                "no card is voided once the count has started",
            )
        voids.append({"credential": text, "reason": entry.data["reason"]})
    if not same_json(voids, list(voided)):
        raise VerificationFailed(
            "log", "credential_voided entries, in order, differ from the voided part"
        )
    _expect(
        opened, "credentials", opened.data["credentials"], len(credentials), "the credentials part"
    )


def _check_ballots(log: _Log, cast: CastBallots, opened: Entry) -> Entry:
    closed = log.one(E.POLL_CLOSED)
    entries = log.of[E.BALLOT_CAST]
    for b, entry in enumerate(entries[: len(cast.tracking_codes)]):
        _after(entry, opened)
        _after(closed, entry)
        label = ballot_label(b, cast.tracking_codes[b])
        _expect(entry, "tracking code", entry.data["tracking_code"], cast.tracking_codes[b], label)
        _expect(entry, "credential", entry.data["credential"], cast.credentials[b], label)
    if len(entries) != len(cast.tracking_codes):
        raise VerificationFailed(
            "log", f"has {len(entries)} ballot_cast entries for {len(cast.tracking_codes)} ballots"
        )
    _after(closed, opened)
    _expect(closed, "ballots", closed.data["ballots"], len(cast.tracking_codes), "the ballots part")
    return closed


def _check_counting(
    log: _Log, closed: Entry, tally: Any, decryption: Sequence[Any], verified: VerifiedResult
) -> None:
    entry = log.one(E.TALLY)
    _after(entry, closed)
    _expect(entry, "ballots", entry.data["ballots"], verified.ballots, "the tally part")
    _expect(
        entry,
        "tally_hash",
        entry.data["tally_hash"],
        hashlib.sha256(canonical_json(tally)).hexdigest(),
        "the tally part's hash",
    )
    result = log.one(E.RESULT)
    shares: dict[int, object] = {}
    for share in log.of[E.DECRYPTION_SHARE]:
        _after(share, entry)
        _after(result, share)
        member = _int(share, "member")
        if member in shares:
            raise VerificationFailed(
                f"log entry {share.seq}", "decryption_share of a member who decrypted already"
            )
        shares[member] = share.data["shares"]
    posted = {item["trustee"]: item["shares"] for item in decryption}
    if sorted(shares) != sorted(posted):
        raise VerificationFailed(
            "log",
            f"decryption_share entries of members {sorted(shares)} "
            f"differ from the decryption part's {sorted(posted)}",
        )
    for member, data in shares.items():
        if not same_json(data, posted[member]):
            raise VerificationFailed(
                "log", f"decryption_share of member {member} differs from the decryption part"
            )
    _after(result, entry)
    _expect(result, "ballots", result.data["ballots"], verified.ballots, "the result part")
    _expect(
        result, "counts", result.data["counts"], result_counts(verified.rows), "the result part"
    )
    _check_publication(log, result)


def _check_publication(log: _Log, result: Entry) -> None:
    """At most one `published`, after the result, right after the state_changed to published
    (its record_hash names an earlier file, which a record cannot be checked against)."""
    published = log.of[E.PUBLISHED]
    if not published:
        return
    if len(published) != 1:
        raise VerificationFailed(
            "log", f"has {len(published)} published entries, expected at most one"
        )
    entry = published[0]
    _after(entry, result)
    if entry.seq != len(log.entries) - 1:
        raise VerificationFailed(
            f"log entry {entry.seq + 1}",
            f"{log.entries[entry.seq + 1].type} comes after published: published is the last entry",
        )
    previous = log.entries[entry.seq - 1]
    if previous.type is not E.STATE_CHANGED or previous.data["to_state"] != PollState.PUBLISHED:
        raise VerificationFailed(
            f"log entry {entry.seq}", "published does not follow the state_changed to published"
        )


def check_log_content(
    entries: Sequence[Entry],
    election: Election,
    parts: Mapping[str, Any],
    cast: CastBallots,
    verified: VerifiedResult,
) -> None:
    """Check 8 (second half): every cross-check in the module docstring, in log order of
    concepts: setup, key ceremony, credentials, ballots, counting."""
    log = _Log(entries)
    _check_setup(log, election)
    key = _check_ceremony(log, election, parts["dkg"])
    opened = log.one(E.POLL_OPENED)
    _after(opened, key)
    _expect(
        opened,
        "election_fingerprint",
        opened.data["election_fingerprint"],
        election.fingerprint.hex(),
        "the manifest",
    )
    _expect(
        opened,
        "delegates_present",
        opened.data["delegates_present"],
        verified.delegates_present,
        "the result part",
    )
    _check_credentials(log, parts["credentials"], parts["voided"], key, opened)
    closed = _check_ballots(log, cast, opened)
    _check_counting(log, closed, parts["tally"], parts["decryption"], verified)
