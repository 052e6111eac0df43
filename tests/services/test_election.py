"""A whole election through the services, and every kind of bad input refused with nothing lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ballot_service import db
from ballot_service.crypto.credentials import Credential, new_token
from ballot_service.crypto.threshold import make_decryption_share
from ballot_service.devtools import simulation
from ballot_service.models import Ballot, LogEntry
from ballot_service.services import cards, ceremony, counting, lifecycle, polls, voting
from ballot_service.services.errors import Conflict, NotFound, ServiceError
from tests.helpers import ballot_for, make_poll, open_poll_with_cards


def _log_types(poll) -> list[str]:
    import json

    leaves = db.session.scalars(
        select(LogEntry.leaf)
        .where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
        .order_by(LogEntry.seq)
    ).all()
    return [json.loads(leaf)["type"] for leaf in leaves]


def _seats(poll) -> dict:
    """Each member's account by seat: the services take the acting member, never an index."""
    return {t.index: t.user for t in poll.trustees}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _ready_poll():
    """A commune council's poll (committee of 3) with its key fixed, ready for ballot cards."""
    poll = make_poll(level="commune")
    lifecycle.transition(poll, "key_ceremony")
    simulation.play_ceremony(poll, __import__("secrets").token_bytes)
    lifecycle.transition(poll, "ready")
    return poll


@pytest.fixture
def open_poll(app):
    """A poll of 4 officials, committee of 7 (k = 3), keys made, 3 cards issued, open."""
    return open_poll_with_cards()


def _ballot(poll, token, choices=None):
    return ballot_for(poll, token, choices)


@pytest.mark.parametrize(("absent", "kind"), [(0, "poll"), (1, "vote")])
def test_simulated_election_decrypts_what_was_chosen(app, absent, kind):
    outcome = simulation.run(
        delegates=6, officials=3, trustees=3, threshold=2, absent=absent, kind=kind, seed=7
    )
    assert outcome.decrypted == outcome.chosen
    poll = polls.get_poll(outcome.poll_id)
    assert poll.state == "tallied"
    types = _log_types(poll)
    for event in (
        "poll_created",
        "officials_set",
        "committee_set",
        "dkg_commitment",
        "dkg_share_posted",
        "dkg_confirmed",
        "election_key",
        "credentials_issued",
        "credential_voided",
        "poll_opened",
        "ballot_cast",
        "poll_closed",
        "tally",
        "decryption_share",
        "result",
    ):
        assert event in types, event
    assert types.count("ballot_cast") == 6
    assert types.count("decryption_share") == 3 - absent


def test_cast_and_receipt(app, open_poll):
    poll, tokens, _ = open_poll
    receipt = voting.cast(poll, _ballot(poll, tokens[0]))
    db.session.commit()
    assert voting.find_receipt(receipt.tracking_code).id == receipt.id
    assert _log_types(poll)[-1] == "ballot_cast"


def test_reused_card_is_refused_and_the_first_receipt_shown(app, open_poll):
    poll, tokens, _ = open_poll
    first = voting.cast(poll, _ballot(poll, tokens[0]))
    db.session.commit()
    with pytest.raises(voting.AlreadyVoted) as caught:
        voting.cast(poll, _ballot(poll, tokens[0], [None, None, None, 0]))
    assert caught.value.receipt.tracking_code == first.tracking_code
    db.session.rollback()
    assert _count(Ballot) == 1


@pytest.mark.parametrize("field", ["alpha", "beta", "proof", "row", "signature"])
def test_forged_ballot_is_refused_and_nothing_is_stored(app, open_poll, field):
    poll, tokens, _ = open_poll
    body = _ballot(poll, tokens[1])
    cell = body["rows"][1]["cells"][2]
    if field in ("alpha", "beta"):
        other = _ballot(poll, tokens[2])["rows"][1]["cells"][2]
        cell[field] = other[field]  # a valid point, but not the one proven
    elif field == "proof":
        cell["proof"]["responses"][0] = cell["proof"]["responses"][1]
    elif field == "row":
        body["rows"][0]["proof"]["challenges"].reverse()
    else:
        body["signature"]["response"] = body["signature"]["challenge"]
    entries = _count(LogEntry)
    with pytest.raises(ServiceError):
        voting.cast(poll, body)
    db.session.rollback()
    assert _count(Ballot) == 0
    assert _count(LogEntry) == entries


def test_two_marks_in_a_row_cannot_be_proven(app, open_poll):
    poll, tokens, _ = open_poll
    body = _ballot(poll, tokens[1], [0, 0, 0, 0])
    other = _ballot(poll, tokens[1], [1, 1, 1, 1])  # same card: a row with marks at 0 and 1
    body["rows"][0]["cells"][1] = other["rows"][0]["cells"][1]
    with pytest.raises(ServiceError):
        voting.cast(poll, body)


def test_malformed_and_foreign_ballots(app, open_poll):
    poll, tokens, _ = open_poll
    for body in ({}, {"version": 1}, "not a ballot", {**_ballot(poll, tokens[0]), "levels": 9}):
        with pytest.raises(ServiceError):
            voting.cast(poll, body)  # type: ignore[arg-type]
    stranger = _ballot(poll, new_token())  # a card that was never issued
    with pytest.raises(NotFound):
        voting.cast(poll, stranger)


def test_voided_card_cannot_vote(app, open_poll):
    poll, tokens, _ = open_poll
    public = Credential.from_token(bytes.fromhex(poll.fingerprint), tokens[2]).public.hex()
    cards.void(poll, public, "thẻ hỏng")
    with pytest.raises(Conflict):
        voting.cast(poll, _ballot(poll, tokens[2]))
    with pytest.raises(Conflict):
        cards.void(poll, public, "lần nữa")


def test_used_card_cannot_be_voided(app, open_poll):
    poll, tokens, _ = open_poll
    voting.cast(poll, _ballot(poll, tokens[0]))
    public = Credential.from_token(bytes.fromhex(poll.fingerprint), tokens[0]).public.hex()
    with pytest.raises(Conflict):
        cards.void(poll, public, "muộn")


@pytest.mark.parametrize(
    "bad",
    [
        "00" * 32,  # not a point
        "01" + "00" * 31,  # the identity
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
        "ed" + "ff" * 30 + "7f",  # non-canonical
        "zz" * 32,
        "abcd",
    ],
)
def test_bad_credentials_are_refused_all_or_nothing(app, bad):
    from ballot_service.models import Credential as CredentialRow

    poll = _ready_poll()
    good = Credential.from_token(bytes.fromhex(poll.fingerprint), new_token()).public.hex()
    with pytest.raises(ServiceError):
        cards.issue(poll, [good, bad])
    assert _count(CredentialRow) == 0


def test_duplicate_credentials_are_refused(app):
    poll = _ready_poll()
    good = Credential.from_token(bytes.fromhex(poll.fingerprint), new_token()).public.hex()
    with pytest.raises(ServiceError):
        cards.issue(poll, [good, good])
    cards.issue(poll, [good])
    with pytest.raises(Conflict):
        cards.issue(poll, [good])


def test_casting_needs_an_open_poll(app, open_poll):
    poll, tokens, _ = open_poll
    lifecycle.transition(poll, "closed")
    with pytest.raises(Conflict):
        voting.cast(poll, _ballot(poll, tokens[0]))


def test_decryption_needs_k_members_and_valid_shares(app, open_poll):
    poll, tokens, member_secrets = open_poll
    voting.cast(poll, _ballot(poll, tokens[0]))
    lifecycle.transition(poll, "closed")
    fp = bytes.fromhex(poll.fingerprint)
    cells = counting.tally_ciphertexts(poll)
    seat = _seats(poll)

    def shares(member, secret):
        return [
            [
                make_decryption_share(fp, member, secret, cell, official=i, level=j).to_dict()
                for j, cell in enumerate(row)
            ]
            for i, row in enumerate(cells)
        ]

    with pytest.raises(ServiceError):  # member 1's shares made with member 2's secret
        counting.post_decryption(poll, seat[1], shares(1, member_secrets[2]))
    counting.post_decryption(poll, seat[1], shares(1, member_secrets[1]))
    counting.post_decryption(poll, seat[2], shares(2, member_secrets[2]))
    with pytest.raises(Conflict):  # k = 3: two members are not enough
        lifecycle.decrypt(poll)
    with pytest.raises(Conflict):
        counting.post_decryption(poll, seat[2], shares(2, member_secrets[2]))
    counting.post_decryption(poll, seat[5], shares(5, member_secrets[5]))
    result = lifecycle.decrypt(poll)
    assert [row["counts"] for row in result["officials"]] == [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [0, 0, 0],
    ]
    assert [row["blank"] for row in result["officials"]] == [0, 0, 0, 1]
    assert poll.state == "tallied"


def test_ceremony_refuses_bad_messages(app):
    from ballot_service.crypto import dkg
    from ballot_service.crypto.share_transport import TransportKeyPair

    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    fp = bytes.fromhex(poll.fingerprint)
    poly = dkg.Polynomial.generate(poll.threshold)
    seat = _seats(poll)
    message = dkg.make_commitment(fp, 1, poly, TransportKeyPair.generate().public).to_dict()
    forged = {**message, "proofs": list(reversed(message["proofs"]))}
    with pytest.raises(ServiceError):
        ceremony.post_commitment(poll, seat[1], forged)
    with pytest.raises(ServiceError):  # signed for member 1, posted as member 2
        ceremony.post_commitment(poll, seat[2], message)
    ceremony.post_commitment(poll, seat[1], message)
    with pytest.raises(Conflict):
        ceremony.post_commitment(poll, seat[1], message)
    with pytest.raises(Conflict):  # shares only once every commitment is in
        ceremony.post_shares(poll, seat[1], [])


def test_a_complaint_restarts_the_ceremony(app):
    poll = make_poll()
    lifecycle.transition(poll, "key_ceremony")
    from ballot_service.crypto import dkg
    from ballot_service.crypto.share_transport import TransportKeyPair, encrypt_share

    fp, n, k = bytes.fromhex(poll.fingerprint), len(poll.trustees), poll.threshold
    seat = _seats(poll)
    polys = {i: dkg.Polynomial.generate(k) for i in range(1, n + 1)}
    keys = {i: TransportKeyPair.generate() for i in range(1, n + 1)}
    for i in range(1, n + 1):
        ceremony.post_commitment(
            poll, seat[i], dkg.make_commitment(fp, i, polys[i], keys[i].public).to_dict()
        )
    for i in range(1, n + 1):
        ceremony.post_shares(
            poll,
            seat[i],
            [
                encrypt_share(fp, i, keys[i], m, keys[m].public, polys[i].evaluate(m)).to_dict()
                for m in range(1, n + 1)
                if m != i
            ],
        )
    lifecycle.confirm_shares(poll, seat[2], [1])
    assert poll.state == "draft"
    assert poll.election_key is None
    assert _log_types(poll)[-2:] == ["dkg_confirmed", "state_changed"]


def test_no_token_or_secret_ever_reaches_the_log(app, open_poll):
    import json

    from ballot_service.models import Ballot as BallotRow

    poll, tokens, member_secrets = open_poll
    for token in tokens[:2]:
        voting.cast(poll, _ballot(poll, token))
    fp = bytes.fromhex(poll.fingerprint)
    forbidden = [t.hex() for t in tokens]
    forbidden += [Credential.from_token(fp, t).secret.hex() for t in tokens]
    forbidden += [s.hex() for s in member_secrets.values()]
    stored = [bytes(leaf).decode() for leaf in db.session.scalars(select(LogEntry.leaf))]
    stored += [json.dumps(b.body) for b in db.session.scalars(select(BallotRow))]
    for text in stored:
        for secret in forbidden:
            assert secret not in text


def test_published_hash_is_the_record_downloaded_at_the_result(app):
    import hashlib
    import json

    from ballot_service.services import export

    outcome = simulation.run(delegates=4, officials=2, trustees=3, threshold=2, seed=2)
    poll = polls.get_poll(outcome.poll_id)
    downloaded = hashlib.sha256(export.export_record(poll)).hexdigest()
    lifecycle.transition(poll, "published")
    last = db.session.scalars(
        select(LogEntry.leaf)
        .where(LogEntry.log_id == f"ballot_service/poll/{poll.id}")
        .order_by(LogEntry.seq.desc())
    ).first()
    entry = json.loads(last)
    assert entry["type"] == "published"
    assert entry["data"]["record_hash"] == downloaded
