"""The states a poll goes through, in order; the codes are stored, never renamed."""

from __future__ import annotations

from enum import StrEnum


class PollState(StrEnum):
    """Where a poll is in its life: prepared, keyed, voted on, counted, published."""

    DRAFT = "draft"  # the secretariat prepares the list and the committee
    KEY_CEREMONY = "key_ceremony"  # the manifest is frozen; the committee makes the key
    READY = "ready"  # the election key is fixed; ballot cards can be issued
    OPEN = "open"  # delegates cast ballots
    CLOSED = "closed"  # no more ballots; the committee decrypts the tally
    TALLIED = "tallied"  # the result is decrypted
    PUBLISHED = "published"  # the record is published
