"""Security regression suite, the committee's powers: one delegate, one seat (issue 10.2).

The attack: several accounts linked to one delegate were accepted as 3 of 7 seats, so one person
reached k = 3 and a "7-member" committee had 5 people.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ballot_service import db
from ballot_service.models import User
from ballot_service.services import accounts, polls
from ballot_service.services.errors import Conflict, ServiceError
from tests.helpers import PASSWORD, login, make_committee, make_council, make_user


def _accounts_of(delegate_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.delegate_id == delegate_id)
        )
        or 0
    )


def test_a_second_account_for_a_delegate_is_refused(app):
    """issue 10.2: the accounts service refuses a second account linked to the same delegate."""
    council = make_council()
    delegate = council.delegates[0]
    make_user("seat1", "committee", delegate.id)
    for name in ("seat2", "seat3"):
        with pytest.raises(Conflict, match="đã có tài khoản"):
            accounts.create_user(name, PASSWORD, "committee", name, delegate_id=delegate.id)
        db.session.rollback()
    assert _accounts_of(delegate.id) == 1


def test_the_database_holds_one_account_per_delegate(app):
    """issue 10.2: the unique index (migration 0002) refuses a second link even past the
    service."""
    council = make_council()
    delegate = council.delegates[0]
    first = make_user("seat1", "committee", delegate.id)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            User(
                username="seat2",
                display_name="Seat 2",
                password_hash=first.password_hash,
                role="committee",
                delegate_id=delegate.id,
            )
        )
        db.session.flush()
    assert _accounts_of(delegate.id) == 1


def test_the_secretariat_form_refuses_a_second_account(app, client):
    """issue 10.2: the same through the secretariat's accounts page (400, clear message)."""
    council = make_council()
    delegate = council.delegates[0]
    make_user("seat1", "committee", delegate.id)
    make_user("thuky", "admin")
    login(client, "thuky")
    response = client.post(
        "/admin/users",
        data={
            "username": "seat2",
            "display_name": "Seat 2",
            "role": "committee",
            "password": "another long password",
            "delegate_id": str(delegate.id),
        },
    )
    assert response.status_code == 400
    assert "đã có tài khoản" in response.get_data(as_text=True)
    assert _accounts_of(delegate.id) == 1


def test_a_committee_of_one_delegate_twice_is_refused(app):
    """issue 10.2: the committee check refuses two members who are one delegate (a second
    line behind the index, for the committee the manifest freezes)."""
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, 7)
    twin = User(
        username="twin",
        display_name="Twin",
        password_hash="x",
        role="committee",
        delegate_id=members[0].delegate_id,
    )  # never stored: the index would refuse it
    with pytest.raises(ServiceError, match="cùng một đại biểu"):
        polls._check_committee(poll, [*members[1:], members[0], twin], 4)
