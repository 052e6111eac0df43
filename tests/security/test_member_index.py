"""Security regression suite, the committee's powers: a member's index m is their seat
(issue 10.4).

The attack: `ceremony.post_commitment`, `post_shares` and `confirm` took the index from the
caller, so whoever posted first took seat m.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ballot_service import db
from ballot_service.crypto import dkg
from ballot_service.crypto.share_transport import TransportKeyPair
from ballot_service.models import CeremonyMessage
from ballot_service.services import ceremony, lifecycle
from ballot_service.services.errors import Forbidden, ServiceError
from tests.helpers import make_poll, make_user


def _messages() -> int:
    return db.session.scalar(select(func.count()).select_from(CeremonyMessage)) or 0


def _commitment(poll, index: int) -> dict:
    poly = dkg.Polynomial.generate(poll.threshold)
    fp = bytes.fromhex(poll.fingerprint)
    return dkg.make_commitment(fp, index, poly, TransportKeyPair.generate().public).to_dict()


def test_a_member_cannot_take_another_seat(app):
    """issue 10.4: member 2 posting commitments made for seat 1 is refused; seat 1 stays free
    for its member, and each posts under the index of their own seat."""
    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    seat = {t.index: t.user for t in poll.trustees}
    with pytest.raises(ServiceError):
        ceremony.post_commitment(poll, seat[2], _commitment(poll, 1))
    assert _messages() == 0
    ceremony.post_commitment(poll, seat[1], _commitment(poll, 1))
    ceremony.post_commitment(poll, seat[2], _commitment(poll, 2))
    assert sorted(ceremony.commitments(poll)) == [1, 2]


def test_an_account_off_the_committee_has_no_seat(app):
    """issue 10.4: a committee account that is not on this poll's committee posts nothing."""
    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    stranger = make_user("stranger", "committee", poll.council.delegates[5].id)
    for post in (
        lambda: ceremony.post_commitment(poll, stranger, _commitment(poll, 1)),
        lambda: ceremony.post_shares(poll, stranger, []),
        lambda: ceremony.confirm(poll, stranger, []),
    ):
        with pytest.raises(Forbidden):
            post()
    assert _messages() == 0
