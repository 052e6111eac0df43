"""Trustee indexes are stable once chosen, and names sort in Vietnamese order (issue 14.3).

Saving only k used to renumber the committee (members re-sorted; the chair no longer member 1),
so the committee page then told a member the wrong index.
"""

from __future__ import annotations

from ballot_service import db
from ballot_service.models import Poll
from ballot_service.services import accounts, polls
from tests.helpers import PASSWORD, login, make_committee, make_council, make_user


def _seats(poll: Poll) -> list[tuple[int, int, bool]]:
    return [(t.user_id, t.index, t.is_chair) for t in db.session.get(Poll, poll.id).trustees]


def test_the_chair_is_member_1_and_the_others_keep_the_order_chosen(app):
    """issue 14.3: the chair is member 1 whatever its place in the list; the others follow in
    the order chosen."""
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, 7)
    ids = [u.id for u in members]
    polls.set_committee(poll, ids, members[3].id, 4)
    assert _seats(poll) == [(members[3].id, 1, True)] + [
        (uid, i, False) for i, uid in enumerate(ids[:3] + ids[4:], start=2)
    ]


def test_saving_only_k_renumbers_nobody(app):
    """issue 14.3: the secretariat saves the committee again with another k (the page sends the
    members in its own order): every member keeps their index."""
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, 7)
    ids = [u.id for u in members]
    polls.set_committee(poll, ids, members[5].id, 4)
    db.session.commit()
    before = _seats(poll)
    make_user("thuky", "admin")
    client = app.test_client()
    login(client, "thuky")
    response = client.post(
        f"/admin/polls/{poll.id}/committee",
        data={
            "committee-members": [str(uid) for uid in reversed(ids)],
            "committee-chair": str(members[5].id),
            "committee-threshold": "5",
        },
    )
    assert response.status_code == 302
    assert db.session.get(Poll, poll.id).threshold == 5
    assert _seats(poll) == before


def test_committee_candidates_are_listed_in_vietnamese_order(app):
    """issue 14.3: the secretariat's list of committee accounts sorts by given name, then
    family name, Đ after D."""
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    names = ["Đỗ Văn Dũng", "Nguyễn Thị Đào", "Trần Văn Dung", "Lê Thị Bình", "Phạm Văn An"]
    for i, name in enumerate(names):
        accounts.create_user(
            f"tv{i}", PASSWORD, "committee", name, delegate_id=council.delegates[10 + i].id
        )
    make_user("thuky", "admin")
    db.session.commit()
    client = app.test_client()
    login(client, "thuky")
    page = client.get(f"/admin/polls/{poll.id}").get_data(as_text=True)
    expected = ["Phạm Văn An", "Lê Thị Bình", "Trần Văn Dung", "Đỗ Văn Dũng", "Nguyễn Thị Đào"]
    positions = [page.index(f">{name}</label>") for name in expected]
    assert positions == sorted(positions)
