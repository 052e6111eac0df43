"""The draft resolution (.docx) of a decrypted poll: who may download it, and what it says."""

from __future__ import annotations

import io
from fractions import Fraction

from docx import Document
from werkzeug.security import generate_password_hash

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import Trustee, User
from ballot_service.rules.formatting import format_percent
from ballot_service.rules.kinds import Bloc
from ballot_service.services import minutes, polls
from tests.helpers import PASSWORD, login, make_poll, make_user


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


def test_draft_resolution_of_a_decrypted_poll(app, client):
    poll = polls.get_poll(
        simulation.run(delegates=7, officials=4, trustees=3, threshold=2, seed=3).poll_id
    )
    make_user("vanphong", "admin")
    login(client, "vanphong")
    assert "resolution" in client.get(f"/admin/polls/{poll.id}").get_data(as_text=True)
    response = client.get(f"/resolution/polls/{poll.id}.docx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = _text(response.data)
    data = minutes.build(poll)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "NGHỊ QUYẾT" in text
    assert "Căn cứ Nghị quyết số 96/2023/QH15" in text and "Căn cứ Biên bản kiểm phiếu" in text
    assert "bằng phiếu điện tử" in text
    assert f"số phiếu thu vào: {data.result['ballots_collected']}" in text
    positions = []
    for row in data.result["officials"]:
        # every person, with each level's count and percentage filled in
        positions.append(text.index(f". {row['name']}, "))
        for count, share in zip(row["counts"], row["percentages"], strict=True):
            assert f": {count} phiếu (chiếm {format_percent(Fraction(share), 'vi')} " in text
    assert positions == sorted(positions)  # in ballot order
    blocs = {o["bloc"] for o in data.manifest["officials"]}
    if blocs == {b.value for b in Bloc}:
        assert text.index("I. KHỐI HỘI ĐỒNG NHÂN DÂN") < text.index("II. KHỐI ỦY BAN NHÂN DÂN")
    assert text.index("Điều 1.") < min(positions) and max(positions) < text.index("Điều 2.")


def test_who_may_download_it(app, client):
    poll = polls.get_poll(
        simulation.run(delegates=5, officials=2, trustees=3, threshold=2, seed=8).poll_id
    )
    seat = db.session.query(Trustee).filter_by(poll_id=poll.id).first()
    member = db.session.get(User, seat.user_id)
    member.password_hash = generate_password_hash(PASSWORD, method="scrypt:4096:8:1")
    member.must_change_password = False
    db.session.commit()
    draft = make_poll()  # not decrypted: no minutes, no resolution yet
    make_user("kiemtoan", "auditor")
    make_user("other", "committee")
    make_user("vanphong", "admin")
    for name, path, status in (
        ("kiemtoan", f"/resolution/polls/{poll.id}.docx", 403),
        ("other", f"/resolution/polls/{poll.id}.docx", 403),
        ("vanphong", f"/resolution/polls/{draft.id}.docx", 409),
    ):
        client.post("/logout")
        login(client, name)
        assert client.get(path).status_code == status, name
    client.post("/logout")
    assert client.get(f"/resolution/polls/{poll.id}.docx").status_code in (302, 401)
    response = client.post("/login", data={"username": member.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/resolution/polls/{poll.id}.docx").status_code == 200
