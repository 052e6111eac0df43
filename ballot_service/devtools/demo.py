"""The demo council: a fictional provincial People's Council, ready for a walk-through."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from .. import db
from ..models import Council, User
from ..services import accounts, councils, polls

DEMO_COUNCIL = "Hội đồng nhân dân tỉnh Sơn Lâm (minh họa)"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Ngọc",
    "Phong",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Vân",
]

COUNCIL_BLOC = [
    ["Chủ tịch HĐND tỉnh"],
    ["Phó Chủ tịch HĐND tỉnh"],
    ["Phó Chủ tịch HĐND tỉnh"],
    ["Trưởng Ban Pháp chế HĐND tỉnh"],
    ["Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh"],
    ["Trưởng Ban Văn hóa - Xã hội HĐND tỉnh"],
    ["Trưởng Ban Dân tộc HĐND tỉnh"],
]
PC_BLOC = (
    [["Chủ tịch UBND tỉnh"]]
    + [["Phó Chủ tịch UBND tỉnh"]] * 4
    + [
        [f"Ủy viên UBND tỉnh, {title}"]
        for title in (
            "Giám đốc Sở Tài chính",
            "Giám đốc Sở Xây dựng",
            "Giám đốc Sở Nội vụ",
            "Giám đốc Sở Tư pháp",
            "Giám đốc Sở Y tế",
            "Giám đốc Sở Giáo dục và Đào tạo",
            "Giám đốc Sở Công Thương",
            "Giám đốc Sở Nông nghiệp và Môi trường",
            "Giám đốc Sở Khoa học và Công nghệ",
            "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
            "Giám đốc Sở Dân tộc và Tôn giáo",
            "Chánh Thanh tra tỉnh",
            "Chánh Văn phòng UBND tỉnh",
            "Giám đốc Công an tỉnh",
            "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
            "Giám đốc Sở Ngoại vụ",
            "Giám đốc Sở Tài nguyên",
        )
    ]
)
COMMITTEE_DELEGATES = range(40, 47)  # delegates 40..46 form the counting committee


def person(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 5]} {GIVEN[(i * 7) % 20]}"


def seed(password: str) -> bool:
    """Create the demo council, accounts and a draft poll; False when it exists already."""
    if db.session.scalar(select(Council).where(Council.name == DEMO_COUNCIL)):
        return False
    if db.session.scalar(select(User).where(User.username == "admin")) is None:
        accounts.create_user("admin", password, "admin", "Văn phòng HĐND (thư ký)")
    council = councils.create_council(DEMO_COUNCIL, "province", 50, "Hội trường tỉnh Sơn Lâm")
    for number in range(1, 51):
        councils.add_delegate(council, number, person(number), present=number != 13)
    delegates = {d.number: d for d in council.delegates}
    official_ids = []
    for order, positions in enumerate(COUNCIL_BLOC):
        official = councils.save_official(
            council,
            delegates[order + 1].name,
            positions,
            "council",
            order,
            delegate_id=delegates[order + 1].id,
        )
        official_ids.append(official.id)
    for order, positions in enumerate(PC_BLOC):
        number = order + 8
        linked = delegates[number].id if number <= 20 else None
        name = delegates[number].name if linked else person(51 + order)
        official = councils.save_official(
            council, name, positions, "peoples_committee", order, delegate_id=linked
        )
        official_ids.append(official.id)
    members = []
    for seat, number in enumerate(COMMITTEE_DELEGATES, start=1):
        username = f"kiemphieu{seat}"
        user = db.session.scalar(select(User).where(User.username == username)) or (
            accounts.create_user(
                username,
                password,
                "committee",
                delegates[number].name,
                delegate_id=delegates[number].id,
            )
        )
        members.append(user)
    if db.session.scalar(select(User).where(User.username == "kiemtoan")) is None:
        accounts.create_user("kiemtoan", password, "auditor", "Kiểm toán viên độc lập")
    poll = polls.create_poll(
        council,
        "poll",
        "Lấy phiếu tín nhiệm năm 2026",
        session_name="Kỳ họp thường lệ cuối năm 2026",
        meeting_date=date(2026, 12, 10),
    )
    polls.set_committee(poll, [u.id for u in members], members[0].id, 4)
    polls.set_rated(poll, official_ids)
    return True
