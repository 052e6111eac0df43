"""The secretariat's pages: council, roster import, officials, polls and the state machine."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from ballot_service import db
from ballot_service.models import Delegate, LogEntry, Poll
from ballot_service.services import lifecycle, polls
from ballot_service.services.errors import Conflict, ServiceError
from tests.helpers import login, make_committee, make_council, make_officials, make_poll, make_user


@pytest.fixture
def admin(app):
    make_user("thuky", "admin")
    client = app.test_client()
    login(client, "thuky")
    return client


def _delegate_count():
    return db.session.scalar(select(func.count()).select_from(Delegate))


def test_create_council_through_the_page(admin):
    response = admin.post(
        "/admin/councils/new",
        data={"name": "HĐND xã Đông Hòa", "level": "commune", "total_delegates": "25", "place": ""},
    )
    assert response.status_code == 302
    assert "HĐND xã Đông Hòa" in admin.get(response.headers["Location"]).get_data(as_text=True)


def test_bad_council_form_is_explained(admin):
    response = admin.post(
        "/admin/councils/new", data={"name": "", "level": "galaxy", "total_delegates": "0"}
    )
    assert response.status_code == 400
    assert _delegate_count() == 0


def test_csv_import_all_good(admin, app):
    council = make_council(delegates=0, total=10)
    csv = 'số,họ tên,có mặt\n1,Nguyễn Văn A,có\n2,Trần Thị B,không\n3,"Lê Văn C",x\n'
    response = admin.post(
        f"/admin/councils/{council.id}/delegates",
        data={"action": "import", "csv-text": csv},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert [(d.number, d.present) for d in council.delegates] == [(1, True), (2, False), (3, True)]


def test_csv_import_reports_every_bad_row_and_imports_nothing(admin, app):
    council = make_council(delegates=1, total=10)
    csv = (
        "1,Trùng số,có\n"  # line 1: number 1 exists
        "x,Không phải số,có\n"  # line 2: not a number
        "5,,có\n"  # line 3: empty name
        "6,Đủ,maybe\n"  # line 4: bad presence
        "7,Tốt,vắng\n"  # line 5: fine
        "8,A,B,C\n"  # line 6: too many columns
        "9,Thiếu cột\n"  # line 7: too few columns (not an absent delegate)
    )
    before = _delegate_count()
    response = admin.post(
        f"/admin/councils/{council.id}/delegates",
        data={"action": "import", "csv-file": (io.BytesIO(csv.encode()), "roster.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for line in (1, 2, 3, 4, 6, 7):
        assert f"Dòng {line}:" in page
    assert "Dòng 5:" not in page
    assert _delegate_count() == before


def test_csv_import_refuses_more_than_the_council_has(admin, app):
    council = make_council(delegates=0, total=2)
    response = admin.post(
        f"/admin/councils/{council.id}/delegates",
        data={"action": "import", "csv-text": "1,A,có\n2,B,có\n3,C,có\n"},
    )
    assert response.status_code == 400
    assert _delegate_count() == 0


def test_official_with_several_positions_is_rated_once(admin, app):
    council = make_council()
    url = f"/admin/councils/{council.id}/officials"
    data = {
        "name": "Phạm Văn D",
        "positions": "Phó Chủ tịch HĐND\nTrưởng Ban Pháp chế",
        "bloc": "council",
        "order": "1",
        "delegate_id": "0",
    }
    assert admin.post(url, data=data).status_code == 302
    assert council.officials[0].positions == ["Phó Chủ tịch HĐND", "Trưởng Ban Pháp chế"]
    again = admin.post(url, data=data)
    assert again.status_code == 400
    assert len(council.officials) == 1


def test_exclusion_needs_a_reason(admin, app):
    council = make_council()
    official_id = make_officials(council, 1)[0]
    response = admin.post(
        f"/admin/officials/{official_id}",
        data={"action": "exclude", "ex-excluded": "y", "ex-reason": ""},
    )
    assert response.status_code == 400
    assert not council.officials[0].excluded
    response = admin.post(
        f"/admin/officials/{official_id}",
        data={"action": "exclude", "ex-excluded": "y", "ex-reason": "Đã có thông báo nghỉ hưu"},
    )
    assert response.status_code == 302
    assert council.officials[0].exclusion_reason == "Đã có thông báo nghỉ hưu"


@pytest.mark.parametrize(
    ("level", "size", "ok"),
    [
        ("province", 6, False),
        ("province", 7, True),
        ("district", 4, False),
        ("district", 5, True),
        ("commune", 2, False),
        ("commune", 3, True),
    ],
)
def test_committee_size_by_council_level(app, level, size, ok):
    council = make_council(level)
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, size)
    if ok:
        polls.set_committee(poll, [u.id for u in members], members[0].id, 2)
        assert len(poll.trustees) == size
    else:
        with pytest.raises(ServiceError, match="ít nhất"):
            polls.set_committee(poll, [u.id for u in members], members[0].id, 2)


@pytest.mark.parametrize("k", [0, 8])
def test_threshold_within_two_and_n(app, k):
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, 7)
    with pytest.raises(ServiceError):
        polls.set_committee(poll, [u.id for u in members], members[0].id, k)


def test_committee_member_cannot_be_rated(app):
    council = make_council()
    ids = make_officials(council)
    poll = polls.create_poll(council, "poll", "Thử")
    rated_delegate = council.officials[0].delegate_id
    members = [*make_committee(council, 6), make_user("clash", "committee", rated_delegate)]
    polls.set_committee(poll, [u.id for u in members], members[0].id, 4)
    with pytest.raises(ServiceError, match="Ban kiểm phiếu"):
        polls.set_rated(poll, ids)
    assert poll.rated == []


def test_excluded_official_cannot_be_rated(app):
    from ballot_service.services import councils

    council = make_council()
    ids = make_officials(council)
    councils.set_exclusion(council.officials[0], True, "Được bầu trong năm")
    poll = polls.create_poll(council, "poll", "Thử")
    with pytest.raises(ServiceError):
        polls.set_rated(poll, ids)


def test_ballot_order_council_bloc_first(app):
    council = make_council()
    from ballot_service.services import councils

    pc = councils.save_official(council, "Chủ tịch UBND", ["Chủ tịch UBND"], "peoples_committee", 0)
    hd = councils.save_official(council, "Chủ tịch HĐND", ["Chủ tịch HĐND"], "council", 5)
    poll = polls.create_poll(council, "vote", "Bỏ phiếu")
    polls.set_rated(poll, [pc.id, hd.id])
    assert [r.official.name for r in poll.rated] == ["Chủ tịch HĐND", "Chủ tịch UBND"]
    assert poll.denominator == "total_delegates"


def test_one_ballot_order_from_the_list_to_the_manifest(app):
    from ballot_service.services import councils, manifest

    council = make_council()
    # The configured order, not the titles' usual order nor the order of entry, decides.
    member = councils.save_official(council, "Vũ Thị Mai", ["Ủy viên UBND"], "peoples_committee", 0)
    pc_chair = councils.save_official(
        council, "Đặng Văn An", ["Chủ tịch UBND"], "peoples_committee", 2
    )
    head = councils.save_official(council, "Lê Văn Bình", ["Trưởng Ban Pháp chế"], "council", 1)
    chair = councils.save_official(council, "Ngô Thị Cúc", ["Chủ tịch HĐND"], "council", 3)
    poll = polls.create_poll(council, "poll", "Lấy phiếu")
    polls.set_rated(poll, [pc_chair.id, chair.id, member.id, head.id])
    assert [r.official for r in poll.rated] == [head, chair, member, pc_chair]
    members = make_committee(council)
    polls.set_committee(poll, [u.id for u in members], members[0].id, 3)
    # The secretariat then puts the People's Committee chair first: the chosen list is stale.
    councils.save_official(
        council, pc_chair.name, pc_chair.positions, "peoples_committee", 0, official=pc_chair
    )
    councils.save_official(
        council, member.name, member.positions, "peoples_committee", 1, official=member
    )
    with pytest.raises(Conflict, match="Thứ tự trên phiếu đã thay đổi"):
        lifecycle.transition(poll, "key_ceremony")
    assert poll.state == "draft" and poll.manifest is None
    polls.set_rated(poll, [r.official_id for r in poll.rated])
    lifecycle.transition(poll, "key_ceremony")
    frozen = manifest.load(poll)
    assert [(o["name"], o["bloc"], o["order"]) for o in frozen["officials"]] == [
        ("Lê Văn Bình", "council", 1),
        ("Ngô Thị Cúc", "council", 3),
        ("Đặng Văn An", "peoples_committee", 0),
        ("Vũ Thị Mai", "peoples_committee", 1),
    ]


def test_a_person_is_listed_once(app):
    council = make_council()
    ids = make_officials(council)
    for kind in ("poll", "vote"):
        poll = polls.create_poll(council, kind, "Thử")
        with pytest.raises(ServiceError, match=r"hai lần|twice"):
            polls.set_rated(poll, [ids[0], ids[0]])


def _default_choice(page: str, name: str) -> str:
    """The value a browser submits for the select `name` when the user leaves it alone."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, page
    options = re.findall(r'<option([^>]*)value="([^"]*)"', select.group(1))
    chosen = [value for attrs, value in options if "selected" in attrs]
    return chosen[0] if chosen else options[0][1]


@pytest.mark.parametrize(
    ("kind", "expected"), [("vote", "total_delegates"), ("poll", "ballots_collected")]
)
def test_default_denominator_follows_the_kind_through_the_form(admin, app, kind, expected):
    council = make_council()
    page = admin.get(f"/admin/councils/{council.id}/polls/new").get_data(as_text=True)
    response = admin.post(
        f"/admin/councils/{council.id}/polls/new",
        data={
            "kind": kind,
            "title": "Cuối năm",
            "denominator": _default_choice(page, "denominator"),
        },
    )
    assert response.status_code == 302
    poll = db.session.scalars(select(Poll).where(Poll.council_id == council.id)).one()
    assert poll.denominator == expected  # LAW.md: total delegates for a vote
    # Editing the poll and leaving the choice on the default keeps the kind's default.
    data = {"edit-title": "Cuối năm", "edit-denominator": ""}
    assert admin.post(f"/admin/polls/{poll.id}/details", data=data).status_code == 302
    assert db.session.get(Poll, poll.id).denominator == expected


def test_state_machine_checks_and_logs_each_move(app):
    poll = make_poll()
    with pytest.raises(Conflict):
        lifecycle.transition(poll, "open")
    lifecycle.transition(poll, "key_ceremony")
    assert poll.fingerprint and len(poll.fingerprint) == 64
    with pytest.raises(Conflict, match="khóa"):
        lifecycle.transition(poll, "ready")
    leaves = db.session.scalars(
        select(LogEntry.leaf)
        .where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
        .order_by(LogEntry.seq)
    ).all()
    assert b'"state_changed"' in leaves[-1] and b'"key_ceremony"' in leaves[-1]


def test_setup_is_frozen_after_draft(app):
    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    with pytest.raises(Conflict):
        polls.set_rated(poll, [poll.rated[0].official_id])


def test_transition_through_the_page(admin, app):
    poll = make_poll()
    response = admin.post(f"/admin/polls/{poll.id}/move", data={"move-target": "key_ceremony"})
    assert response.status_code == 302
    assert db.session.get(Poll, poll.id).state == "key_ceremony"
    response = admin.post(f"/admin/polls/{poll.id}/move", data={"move-target": "published"})
    assert response.status_code == 400


def test_each_poll_form_posts_to_its_own_route(admin, app):
    poll = make_poll()
    page = admin.get(f"/admin/polls/{poll.id}").get_data(as_text=True)
    for action in ("details", "rated", "committee"):
        assert f'action="/admin/polls/{poll.id}/{action}"' in page
    assert 'name="action"' not in page
    response = admin.post(
        f"/admin/polls/{poll.id}/details",
        data={"edit-title": "Lấy phiếu kỳ họp thứ 9", "edit-denominator": "total_delegates"},
    )
    assert response.status_code == 302
    assert db.session.get(Poll, poll.id).title == "Lấy phiếu kỳ họp thứ 9"
    first = poll.rated[0].official_id
    response = admin.post(f"/admin/polls/{poll.id}/rated", data={"rated-officials": [first]})
    assert response.status_code == 302
    assert [r.official_id for r in db.session.get(Poll, poll.id).rated] == [first]
    members = [t.user_id for t in poll.trustees]
    response = admin.post(
        f"/admin/polls/{poll.id}/committee",
        data={
            "committee-members": members,
            "committee-chair": members[0],
            "committee-threshold": 0,
        },
    )
    assert response.status_code == 400  # k out of range: the page again, with the error
    assert db.session.get(Poll, poll.id).threshold == 3
    assert admin.post(f"/admin/polls/{poll.id}", data={}).status_code == 405


def test_poll_page_shows_the_current_choices(admin, app):
    poll = make_poll()
    page = admin.get(f"/admin/polls/{poll.id}").get_data(as_text=True)
    for rated in poll.rated:
        box = f'name="rated-officials" value="{rated.official_id}" checked'
        assert box in page
    for trustee in poll.trustees:
        box = f'name="committee-members" value="{trustee.user_id}" checked'
        assert box in page


def test_committee_size_message_names_the_level_in_vietnamese(app):
    council = make_council("district")
    poll = polls.create_poll(council, "poll", "Thử")
    members = make_committee(council, 4)
    with pytest.raises(ServiceError) as caught:
        polls.set_committee(poll, [u.id for u in members], members[0].id, 1)
    assert "Hội đồng nhân dân cấp huyện phải có ít nhất 5 thành viên" in str(caught.value)


def test_freezing_rechecks_every_rule_on_the_current_settings(app):
    from ballot_service.services import councils

    poll = make_poll()  # province, 7 members, 4 officials rated
    councils.set_exclusion(poll.rated[0].official, True, "Nghỉ hưu")
    with pytest.raises(Conflict, match="Người 0"):
        lifecycle.transition(poll, "key_ceremony")
    councils.set_exclusion(poll.rated[0].official, False, "")
    poll.trustees.pop()  # six members left, as if a member were removed behind the pages
    db.session.flush()
    with pytest.raises(ServiceError, match="ít nhất 7"):
        lifecycle.transition(poll, "key_ceremony")
    assert poll.state == "draft"


def test_committee_members_must_be_delegates_of_the_council(app):
    council = make_council()
    poll = polls.create_poll(council, "poll", "Thử")
    members = [*make_committee(council, 6), make_user("outsider", "committee")]
    with pytest.raises(ServiceError, match="đại biểu"):
        polls.set_committee(poll, [u.id for u in members], members[0].id, 4)


def test_every_secretariat_change_is_logged(app):
    from ballot_service.models import LogEntry
    from ballot_service.services import councils

    def entries() -> int:
        return len(db.session.scalars(select(LogEntry.id)).all())

    council = make_council(delegates=0)
    steps = [
        lambda: councils.add_delegate(council, 1, "Trần Văn Một"),
        lambda: councils.import_delegates(council, "2,Lê Thị Hai,có mặt\n"),
        lambda: councils.set_presence(council, {council.delegates[0].id}),
        lambda: councils.save_official(council, "Chủ tịch", ["Chủ tịch HĐND"], "council", 0),
        lambda: councils.save_official(
            council, "Chủ tịch mới", ["Chủ tịch HĐND"], "council", 0, official=council.officials[0]
        ),
        lambda: councils.set_exclusion(council.officials[0], True, "Nghỉ hưu"),
        lambda: councils.update_council(council, council.name, "province", 30, ""),
        lambda: make_user("someone", "auditor"),
    ]
    for step in steps:
        before = entries()
        step()
        assert entries() == before + 1, step
