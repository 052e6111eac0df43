"""log_content.py, called directly: check 8, second half — the log agrees with the parts and
keeps the order of docs/RECORD.md §4 (the issue-16 rules among them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ballot_service.verifier.ballot_checks import check_ballots
from ballot_service.verifier.count_checks import check_counting
from ballot_service.verifier.errors import VerificationFailed
from ballot_service.verifier.log_checks import decode_log
from ballot_service.verifier.log_content import check_log_content

from .builder import Built, Spec, build, sign_log
from .test_setup_checks import setup

Entries = list[dict[str, Any]]


@pytest.fixture(scope="module")
def published() -> Built:
    return build(Spec(published=True, seed=7))


def content(built: Built, change: Callable[[Entries], None] | None = None) -> None:
    """Run check_log_content on the record with its log entries changed (and re-signed)."""
    parts = built.parts()
    entries = parts["log"]["entries"]
    if change is not None:
        change(entries)
        for seq, entry in enumerate(entries):
            entry["seq"] = seq
        parts["log"]["checkpoints"] = sign_log(entries, built.log_key)
    election = setup(built, parts)
    cast = check_ballots(parts["ballots"], election, jobs=1)
    verified = check_counting(
        parts["tally"],
        parts["decryption"],
        parts["result"],
        cast.sums,
        len(parts["ballots"]),
        election,
    )
    log = decode_log(parts["log"], "poll-1")
    check_log_content(log.entries, election, parts, cast, verified)


def at(entries: Entries, event: str, nth: int = 0) -> int:
    return [i for i, e in enumerate(entries) if e["type"] == event][nth]


def move(event: str, nth: int, before: str, before_nth: int = 0, after: bool = False):  # type: ignore[no-untyped-def]
    def change(entries: Entries) -> None:
        entry = entries.pop(at(entries, event, nth))
        entries.insert(at(entries, before, before_nth) + (1 if after else 0), entry)

    return change


def test_the_built_logs_agree(built: Built, published: Built) -> None:
    content(built)
    content(published)


def test_void_after_poll_closed_is_refused(built: Built) -> None:
    """issue 16.1"""
    with pytest.raises(VerificationFailed, match="credential_voided comes after poll_closed"):
        content(built, move("credential_voided", 1, "poll_closed", after=True))
    with pytest.raises(VerificationFailed, match="credential_voided comes after poll_closed"):
        content(built, move("credential_voided", 1, "result"))


def test_void_before_its_issue_is_refused(built: Built) -> None:
    """issue 16.2"""
    with pytest.raises(VerificationFailed, match="before the credential was issued"):
        content(built, move("credential_voided", 0, "credentials_issued", 1))


def test_void_before_poll_opened_or_after_it_both_pass(built: Built) -> None:
    """issue 16.1: any time before poll_closed, after its issue."""
    content(built, move("credential_voided", 1, "ballot_cast", 2))


def test_cards_before_the_election_key_are_refused(built: Built) -> None:
    """issue 16.3"""
    with pytest.raises(VerificationFailed, match="credentials_issued comes before election_key"):
        content(built, move("credentials_issued", 0, "election_key"))


def test_nothing_after_published(published: Built) -> None:
    """issue 16.5"""

    def append(entries: Entries) -> None:
        entries.append(
            {
                **entries[-1],
                "type": "state_changed",
                "data": {**entries[-2]["data"], "from_state": "published", "to_state": "draft"},
            }
        )

    with pytest.raises(VerificationFailed, match="state_changed comes after published"):
        content(published, append)


def test_a_key_ceremony_must_have_started(built: Built) -> None:
    """issue 16 (also): a log without a state_changed to key_ceremony"""

    def skip(entries: Entries) -> None:
        start = next(
            i
            for i, e in enumerate(entries)
            if e["type"] == "state_changed" and e["data"]["to_state"] == "key_ceremony"
        )
        entries.pop(start)
        ready = next(
            i
            for i, e in enumerate(entries)
            if e["type"] == "state_changed" and e["data"]["to_state"] == "ready"
        )
        entries[ready]["data"]["from_state"] = "draft"

    with pytest.raises(VerificationFailed, match="has no state_changed to key_ceremony"):
        content(built, skip)


def test_issued_count_is_the_number_listed(built: Built) -> None:
    def count(entries: Entries) -> None:
        entries[at(entries, "credentials_issued")]["data"]["count"] += 1

    with pytest.raises(VerificationFailed, match="count differs from the credentials it lists"):
        content(built, count)
