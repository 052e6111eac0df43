"""A whole poll through the services with every member's device cosigning at the key moments:
the exported record carries the cosignatures and `ballot-verify --witness` accepts it for every
member; the same record with one member's cosignature of one moment removed fails for that
member."""

from __future__ import annotations

import re

from ballot_service import db
from ballot_service.devtools import simulation
from ballot_service.models import Cosignature, Poll
from ballot_service.record.codec import encode_record, read_record
from ballot_service.services import export, lifecycle, witness
from ballot_service.verifier.cli import main as ballot_verify


def test_the_record_carries_the_members_cosignatures(app, tmp_path, capsys):
    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=5)
    poll = db.session.get(Poll, outcome.poll_id)
    keys = witness.witness_keys(poll)
    assert sorted(keys) == [1, 2, 3]
    assert db.session.query(Cosignature).count() == 3 * 4  # 3 members × 4 moments
    path = tmp_path / "poll.record"
    path.write_bytes(export.export_record(poll))
    args = [a for _m, (name, key) in keys.items() for a in ("--witness", f"{name}:{key}")]
    assert ballot_verify([str(path), "--jobs", "1", "--lang", "en", *args]) == 0
    assert "Witness cosignatures checked: 12" in capsys.readouterr().out

    record, _header = read_record(str(path))
    notes = list(record.log["checkpoints"])
    last = max(i for i, note in enumerate(notes) if "\u2014 member-2 " in note)  # the result's
    notes[last] = re.sub(r"\u2014 member-2 \S+\n", "", notes[last])
    parts = {name: getattr(record, name) for name in record.__dataclass_fields__}
    parts["log"] = dict(record.log, checkpoints=notes)
    cut = tmp_path / "cut.record"
    cut.write_bytes(encode_record(type(record)(**parts), poll.fingerprint))
    assert ballot_verify([str(cut), "--jobs", "1", "--lang", "en", *args[2:4]]) == 1
    assert "witness member-2: no cosignature after the result" in capsys.readouterr().out
    assert ballot_verify([str(cut), "--jobs", "1", "--lang", "en", *args[:2]]) == 0


def test_the_board_and_the_minutes_show_the_witnesses(app, client):
    outcome = simulation.run(delegates=3, officials=1, trustees=3, threshold=2, seed=6)
    poll = db.session.get(Poll, outcome.poll_id)
    keys = witness.witness_keys(poll)
    lifecycle.transition(poll, "published")  # public minutes: once published
    db.session.commit()
    board = client.get(f"/board/polls/{poll.id}").get_data(as_text=True)
    minutes = client.get(f"/board/polls/{poll.id}/minutes").get_data(as_text=True)
    for name, key in keys.values():
        assert name in board and key in board
        assert name in minutes and key in minutes
        assert f"\u2014 {name} " in minutes  # the final checkpoint's note carries its cosignature
    assert board.count("Lễ tạo khóa: khóa nhân chứng của một thành viên") == 3  # the log entries
