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


# The moves a poll may make: state → the states it may go to next (one rule, for the service's
# lifecycle; a key ceremony that fails goes back to draft; nothing follows publication).
NEXT: dict[PollState, tuple[PollState, ...]] = {
    PollState.DRAFT: (PollState.KEY_CEREMONY,),
    PollState.KEY_CEREMONY: (PollState.READY, PollState.DRAFT),
    PollState.READY: (PollState.OPEN,),
    PollState.OPEN: (PollState.CLOSED,),
    PollState.CLOSED: (PollState.TALLIED,),
    PollState.TALLIED: (PollState.PUBLISHED,),
    PollState.PUBLISHED: (),
}
