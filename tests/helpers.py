"""Small builders shared by the tests (the flaskr tutorial's actions helper, grown up)."""

from __future__ import annotations

from typing import Any

from ballot_service import db
from ballot_service.models import Council, Poll, User
from ballot_service.services import accounts, councils, polls

PASSWORD = "correct horse battery"


def make_user(username: str, role: str, delegate_id: int | None = None) -> User:
    user = accounts.create_user(username, PASSWORD, role, username.title(), delegate_id=delegate_id)
    db.session.commit()  # the setup is committed (to a savepoint the test rolls back)
    return user


def make_council(level: str = "province", delegates: int = 20, total: int = 20) -> Council:
    council = councils.create_council(f"HĐND thử {level}", level, total, "Hội trường")
    for number in range(1, delegates + 1):
        councils.add_delegate(council, number, f"Đại biểu {number}", present=True)
    db.session.commit()
    return council


def make_officials(council: Council, n: int = 4) -> list[int]:
    ids = []
    for i in range(n):
        bloc = "council" if i < n // 2 else "peoples_committee"
        official = councils.save_official(
            council, f"Người {i}", [f"Chức vụ {i}"], bloc, i, delegate_id=council.delegates[i].id
        )
        ids.append(official.id)
    db.session.commit()
    return ids


def make_committee(council: Council, size: int = 7) -> list[User]:
    return [make_user(f"member{i}", "committee", council.delegates[-1 - i].id) for i in range(size)]


def make_poll(kind: str = "poll", level: str = "province") -> Poll:
    council = make_council(level)
    poll = polls.create_poll(council, kind, "Lấy phiếu thử")
    polls.set_rated(poll, make_officials(council))
    members = make_committee(council, {"province": 7, "district": 5, "commune": 3}[level])
    polls.set_committee(poll, [u.id for u in members], members[0].id, 3)
    db.session.commit()
    return poll


def open_poll_with_cards(cards_issued: int = 3) -> tuple[Poll, list[bytes], dict[int, Any]]:
    """A poll of 4 officials, committee of 7 (k = 3), keys made, cards issued, open: the poll,
    the cards' tokens and the members' secret shares."""
    from ballot_service.services import lifecycle

    poll = make_poll()
    tokens, member_secrets = ready_with_cards(poll, cards_issued)
    lifecycle.transition(poll, "open")
    db.session.commit()
    return poll, tokens, member_secrets


def ready_with_cards(poll: Poll, cards_issued: int) -> tuple[list[bytes], dict[int, Any]]:
    """Take a draft poll through its key ceremony to ready, with cards issued (committed): the
    cards' tokens and the members' secret shares."""
    import secrets

    from ballot_service.crypto.credentials import Credential, new_token
    from ballot_service.devtools import simulation
    from ballot_service.services import cards, lifecycle

    lifecycle.transition(poll, "key_ceremony")
    member_secrets = simulation.play_ceremony(poll, secrets.token_bytes)
    lifecycle.transition(poll, "ready")
    fp = bytes.fromhex(poll.fingerprint or "")
    tokens = [new_token() for _ in range(cards_issued)]
    cards.issue(poll, [Credential.from_token(fp, t).public.hex() for t in tokens])
    db.session.commit()
    return tokens, member_secrets


def ballot_for(poll: Poll, token: bytes, choices: list[int | None] | None = None) -> Any:
    """An encrypted ballot of `poll` for the card `token`, as the tablet sends it (a dict)."""
    from ballot_service.crypto.ballot_encrypt import encrypt_ballot
    from ballot_service.services import ceremony

    fp = bytes.fromhex(poll.fingerprint or "")
    choices = choices if choices is not None else [0, 1, 2, None]
    ballot, _ = encrypt_ballot(fp, ceremony.election_key(poll), token, choices, poll.levels)
    return ballot.to_dict()


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"username": username, "password": password})
