"""Security regression suite, the committee's powers: the decryption threshold k (issue 10.1).

With k = 1 every member's share is the whole election secret and opens any single ballot.
"""

from __future__ import annotations

import pytest

from ballot_service import db
from ballot_service.models import Poll
from ballot_service.rules.setup_checks import ThresholdOutOfRange, check_threshold, majority
from ballot_service.services import polls
from ballot_service.services.errors import ServiceError
from tests.helpers import login, make_committee, make_council, make_user


def _draft(size: int = 7):
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, size)
    db.session.commit()
    return poll, members


def test_rules_refuse_k_1():
    """issue 10.1: the setup rules refuse k = 1, whatever n."""
    for n in (1, 3, 7):
        with pytest.raises(ThresholdOutOfRange):
            check_threshold(1, n)
    check_threshold(2, 7)


def test_service_refuses_k_1(app):
    """issue 10.1: the service refuses a committee with k = 1 and keeps nothing of it."""
    poll, members = _draft()
    with pytest.raises(ServiceError, match="Ngưỡng giải mã"):
        polls.set_committee(poll, [u.id for u in members], members[0].id, 1)
    db.session.rollback()
    assert db.session.get(Poll, poll.id).threshold is None
    assert db.session.get(Poll, poll.id).trustees == []


def test_admin_form_refuses_k_1(app, client):
    """issue 10.1: the secretariat's poll form refuses k = 1 (400, nothing saved)."""
    poll, members = _draft()
    make_user("thuky", "admin")
    login(client, "thuky")
    response = client.post(
        f"/admin/polls/{poll.id}/committee",
        data={
            "committee-members": [str(u.id) for u in members],
            "committee-chair": str(members[0].id),
            "committee-threshold": "1",
        },
    )
    assert response.status_code == 400
    assert db.session.get(Poll, poll.id).threshold is None


def test_default_is_a_majority_and_below_it_warns(app, client):
    """issue 10.1: without k the service takes a majority; a k below a majority is allowed
    with a warning on the page."""
    poll, members = _draft()
    polls.set_committee(poll, [u.id for u in members], members[0].id)
    assert poll.threshold == majority(7) == 4
    assert not polls.threshold_below_majority(poll)
    polls.set_committee(poll, [u.id for u in members], members[0].id, 2)
    db.session.commit()
    assert polls.threshold_below_majority(poll)
    make_user("thuky", "admin")
    login(client, "thuky")
    page = client.get(f"/admin/polls/{poll.id}").get_data(as_text=True)
    assert "ít hơn quá nửa số thành viên" in page
