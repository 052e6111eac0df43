"""The key ceremony's JSON API: each member acts as its own seat only, and the devices' steps
(played here with the pure crypto the browser and ballot-trustee mirror) fix the election key."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballot_service import db
from ballot_service.crypto import dkg
from ballot_service.crypto.share_transport import TransportKeyPair, encrypt_share
from ballot_service.crypto.witness_key import witness_seed
from ballot_service.ledger import checkpoint as cp
from ballot_service.models import Cosignature, LogEntry, Poll
from ballot_service.services import lifecycle, witness
from tests.helpers import login, make_poll


def _ceremony_poll() -> Poll:
    poll = make_poll(level="commune")  # 3 members, k = 3
    lifecycle.transition(poll, "key_ceremony")
    db.session.commit()
    return poll


def _clients(app, poll):
    out = {}
    for t in poll.trustees:
        client = app.test_client()
        login(client, t.user.username)
        out[t.index] = client
    return out


def _commit(client, poll, index, fp, k, polys, transport):
    message = dkg.make_commitment(fp, index, polys[index], transport[index].public)
    return client.post(
        f"/committee/api/polls/{poll.id}/ceremony/commitment", json=message.to_dict()
    )


def test_a_member_cannot_act_for_another(app):
    poll = _ceremony_poll()
    fp, k = bytes.fromhex(poll.fingerprint), poll.threshold
    clients = _clients(app, poll)
    polys = {i: dkg.Polynomial.generate(k) for i in (1, 2, 3)}
    transport = {i: TransportKeyPair.generate() for i in (1, 2, 3)}
    # member 1 posts commitments made for seat 2: refused, nothing kept
    forged = dkg.make_commitment(fp, 2, polys[2], transport[2].public)
    refused = clients[1].post(
        f"/committee/api/polls/{poll.id}/ceremony/commitment", json=forged.to_dict()
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"].rstrip(".").endswith(" 2")  # names seat 2
    state = clients[1].get(f"/committee/api/polls/{poll.id}/ceremony").get_json()
    assert state["me"] == 1 and state["commitments"] == {}
    assert _commit(clients[1], poll, 1, fp, k, polys, transport).status_code == 201
    again = _commit(clients[1], poll, 1, fp, k, polys, transport)
    assert again.status_code == 409
    # shares before every commitment is in: 409
    early = clients[1].post(f"/committee/api/polls/{poll.id}/ceremony/shares", json={"shares": []})
    assert early.status_code == 409
    for i in (2, 3):
        assert _commit(clients[i], poll, i, fp, k, polys, transport).status_code == 201
    # member 1 sends shares signed as member 3: refused
    shares_as_3 = [
        encrypt_share(fp, 3, transport[3], m, transport[m].public, polys[3].evaluate(m)).to_dict()
        for m in (1, 2)
    ]
    bad = clients[1].post(
        f"/committee/api/polls/{poll.id}/ceremony/shares", json={"shares": shares_as_3}
    )
    assert bad.status_code == 422
    # an outsider (another committee account, not on this poll) gets 403 everywhere
    from tests.helpers import make_user

    make_user("outsider", "committee", poll.council.delegates[10].id)
    outsider = app.test_client()
    login(outsider, "outsider")
    assert outsider.get(f"/committee/api/polls/{poll.id}/ceremony").status_code == 403
    assert outsider.get(f"/committee/api/polls/{poll.id}/ceremony/shares").status_code == 403
    assert (
        outsider.post(
            f"/committee/api/polls/{poll.id}/ceremony/commitment", json=forged.to_dict()
        ).status_code
        == 403
    )
    # confirming before receiving shares: 409
    some_key = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    early_confirm = clients[2].post(
        f"/committee/api/polls/{poll.id}/ceremony/confirm",
        json={"complaints": [], "witness_key": some_key},
    )
    assert early_confirm.status_code == 409


def test_the_whole_ceremony_through_the_api_fixes_the_key_and_logs_witness_keys(app):
    poll = _ceremony_poll()
    fp, k, n = bytes.fromhex(poll.fingerprint), poll.threshold, 3
    clients = _clients(app, poll)
    polys = {i: dkg.Polynomial.generate(k) for i in (1, 2, 3)}
    transport = {i: TransportKeyPair.generate() for i in (1, 2, 3)}
    for i in (1, 2, 3):
        assert _commit(clients[i], poll, i, fp, k, polys, transport).status_code == 201
    for i in (1, 2, 3):
        shares = [
            encrypt_share(
                fp, i, transport[i], m, transport[m].public, polys[i].evaluate(m)
            ).to_dict()
            for m in (1, 2, 3)
            if m != i
        ]
        answer = clients[i].post(
            f"/committee/api/polls/{poll.id}/ceremony/shares", json={"shares": shares}
        )
        assert answer.status_code == 201, answer.get_json()
    state = clients[2].get(f"/committee/api/polls/{poll.id}/ceremony").get_json()
    published = {int(m): dkg.DkgCommitment.from_dict(c) for m, c in state["commitments"].items()}
    keys = {}
    for m in (1, 2, 3):
        mine = clients[m].get(f"/committee/api/polls/{poll.id}/ceremony/shares").get_json()
        assert sorted(s["sender"] for s in mine["shares"]) == [i for i in (1, 2, 3) if i != m]
        assert all(s["recipient"] == m for s in mine["shares"])
        secret = dkg.combine_received_shares({i: polys[i].evaluate(m) for i in (1, 2, 3)}, n)
        assert secret * dkg.BASE == dkg.verification_key(m, list(published.values()))
        keys[m] = Ed25519PrivateKey.from_private_bytes(witness_seed(fp, m, secret))
        public = keys[m].public_key().public_bytes_raw().hex()
        # a confirmation without a witness key is refused and changes nothing
        assert (
            clients[m]
            .post(f"/committee/api/polls/{poll.id}/ceremony/confirm", json={"complaints": []})
            .status_code
            == 422
        )
        answer = clients[m].post(
            f"/committee/api/polls/{poll.id}/ceremony/confirm",
            json={"complaints": [], "witness_key": public},
        )
        assert answer.status_code == 201, answer.get_json()
    db.session.expire_all()
    item = db.session.get(Poll, poll.id)
    assert item.election_key is not None
    logged = {m: key for m, (_name, key) in witness.witness_keys(item).items()}
    assert logged == {m: k.public_key().public_bytes_raw().hex() for m, k in keys.items()}
    types = [LogEntry.leaf for LogEntry in db.session.query(LogEntry).all()]
    assert sum(b'"witness_key"' in leaf for leaf in types) == 3

    # member 1 cosigns the election key's checkpoint; member 2 cannot post it as member 1's
    head = clients[1].get(f"/board/api/polls/{poll.id}/checkpoint").get_json()
    signed = cp.SignedCheckpoint.from_note(head["note"])
    now = datetime.now(UTC)
    by_1 = cp.cosign_checkpoint(signed.checkpoint, keys[1], name="member-1", time=now)
    body = {
        "size": signed.checkpoint.size,
        "timestamp": by_1.timestamp,
        "signature": by_1.signature.hex(),
    }
    url = f"/committee/api/polls/{poll.id}/witness/cosignatures"
    assert clients[2].post(url, json=body).status_code == 422  # checked against member 2's key
    assert clients[1].post(url, json=body).status_code == 201
    assert clients[1].post(url, json=body).status_code == 409
    forged = dict(body, signature="00" * 64)
    assert clients[3].post(url, json=forged).status_code == 422
    assert db.session.query(Cosignature).count() == 1
    note = clients[1].get(f"/board/api/polls/{poll.id}/checkpoint").get_json()["note"]
    assert "\u2014 member-1 " in note
    mine = clients[1].get(f"/committee/api/polls/{poll.id}/witness").get_json()
    assert mine["name"] == "member-1" and mine["cosigned"] == [signed.checkpoint.size]


def test_a_bad_share_is_named_and_the_ceremony_starts_again(app):
    from ballot_service.crypto.group import Scalar
    from ballot_service.trustee.ceremony import _receive

    poll = _ceremony_poll()
    fp, k = bytes.fromhex(poll.fingerprint), poll.threshold
    clients = _clients(app, poll)
    polys = {i: dkg.Polynomial.generate(k) for i in (1, 2, 3)}
    transport = {i: TransportKeyPair.generate() for i in (1, 2, 3)}
    for i in (1, 2, 3):
        assert _commit(clients[i], poll, i, fp, k, polys, transport).status_code == 201
    for i in (1, 2, 3):
        shares = [
            encrypt_share(
                fp,
                i,
                transport[i],
                m,
                transport[m].public,
                # member 3 sends member 1 a value off its polynomial
                polys[i].evaluate(m) + Scalar(1) if (i, m) == (3, 1) else polys[i].evaluate(m),
            ).to_dict()
            for m in (1, 2, 3)
            if m != i
        ]
        clients[i].post(f"/committee/api/polls/{poll.id}/ceremony/shares", json={"shares": shares})
    state = clients[1].get(f"/committee/api/polls/{poll.id}/ceremony").get_json()
    published = {int(m): dkg.DkgCommitment.from_dict(c) for m, c in state["commitments"].items()}
    mine = clients[1].get(f"/committee/api/polls/{poll.id}/ceremony/shares").get_json()["shares"]
    received, complaints = _receive(mine, fp, 1, transport[1], published)
    assert complaints == [3] and sorted(received) == [2]
    answer = clients[1].post(
        f"/committee/api/polls/{poll.id}/ceremony/confirm", json={"complaints": complaints}
    )
    assert answer.status_code == 201 and answer.get_json()["state"] == "draft"
    db.session.expire_all()
    assert db.session.get(Poll, poll.id).state == "draft"


def test_a_ceremony_post_that_is_not_a_json_object_is_refused_as_bad_input(app):
    """JSON of the wrong shape is bad input (400); another content type is 415."""
    poll = _ceremony_poll()
    client = _clients(app, poll)[1]
    url = f"/committee/api/polls/{poll.id}/ceremony/commitment"
    assert client.post(url, data="commitment", content_type="text/plain").status_code == 415
    for body in ("[1, 2]", '"commitment"', "7", "null"):
        refused = client.post(url, data=body, content_type="application/json")
        assert refused.status_code == 400, body
        assert refused.get_json()["error"]
    state = client.get(f"/committee/api/polls/{poll.id}/ceremony").get_json()
    assert state["commitments"] == {}  # nothing kept
