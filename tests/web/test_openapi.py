"""The JSON API against its OpenAPI 3.1 description (web/openapi.py, docs/openapi.json).

schemathesis draws requests from the description for every operation and checks each answer:
never a 5xx, a documented status, the documented content type, a body within its schema. Every
request carries a committee member's session and its X-CSRFToken (CSRF on), and half of them name
one of the member's polls (open, key ceremony, ready), so the committee's endpoints get past the
login and the CSRF check to their own checks. The
suite runs a short mode (SCHEMATHESIS_CASES, default 220 cases over all the operations, on each
engine); the full mode of at least 1,000 cases:
    SCHEMATHESIS_CASES=1100 ./scripts/test tests/web/test_openapi.py
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import g
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ballot_service import db
from ballot_service.cardtool.cli import make_cards
from ballot_service.cardtool.files import credentials_dict, parse_request
from ballot_service.devtools import simulation
from ballot_service.models import Poll
from ballot_service.services import lifecycle, polls, voting
from ballot_service.web import openapi
from tests.helpers import ballot_for, login, make_user, open_poll_with_cards

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
CASES = int(os.environ.get("SCHEMATHESIS_CASES", "220"))
POLLS = ("poll", "ceremony", "ready")  # open (one ballot cast), key ceremony, ready for cards
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def json_operations(app: Any) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every JSON route of the app."""
    found = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "/api/" in rule.rule or rule.rule.endswith(".json") or hasattr(view, "json_accepts"):
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
                found.add((openapi_path(rule.rule), method.lower()))
    return found


def test_the_served_description_is_the_documented_one(client: Any) -> None:
    served = client.get("/api/openapi.json")
    assert served.status_code == 200
    assert served.get_json() == openapi.document()
    assert json.loads(DOCS.read_text()) == openapi.document(), (
        "docs/openapi.json is stale: python -m ballot_service.web.openapi > docs/openapi.json"
    )


def test_every_json_route_is_described(app: Any) -> None:
    """Lists the JSON routes the description lacks (add each to openapi.PATHS)."""
    described = {(path, method) for path, item in openapi.PATHS.items() for method in item}
    missing = sorted(json_operations(app) - described)
    assert not missing, f"JSON routes not in the OpenAPI description: {missing}"
    assert not described - json_operations(app), "described but not routed"


@pytest.fixture
def live_data(app: Any) -> dict[str, Any]:
    """An open poll with one ballot cast: poll 1's endpoints answer 200 as well as refusals."""
    poll, tokens, _ = open_poll_with_cards(2)
    first = ballot_for(poll, tokens[0])
    cast = voting.cast(poll, first)
    db.session.commit()
    return {
        "poll": poll.id,
        # The same committee's polls in the other states its endpoints answer in.
        "ceremony": _sibling(poll, "key_ceremony").id,
        "ready": _sibling(poll, "ready").id,
        "member": poll.trustees[0].user.username,
        "credential": first["credential"],
        "tracking_code": cast.tracking_code,
        "ballots": [
            ballot_for(poll, tokens[1], [0, 1, 2, None]),
            ballot_for(poll, tokens[1], [None, None, 0, 0]),
        ],
    }


def _sibling(poll: Poll, state: str) -> Poll:
    """Another poll of `poll`'s council and committee, brought to `state`."""
    other = polls.create_poll(poll.council, "poll", f"{poll.title} ({state})")
    polls.set_rated(other, [row.official_id for row in poll.rated])
    members = sorted(poll.trustees, key=lambda t: t.index)
    chair = next(t.user_id for t in members if t.is_chair)
    polls.set_committee(other, [t.user_id for t in members], chair, poll.threshold or 3)
    lifecycle.transition(other, "key_ceremony")
    if state == "ready":
        simulation.play_ceremony(other, secrets.token_bytes)
        lifecycle.transition(other, "ready")
    db.session.commit()
    return other


def test_schemathesis_every_operation(app: Any, live_data: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_dict(openapi.document())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {(op.path, op.method.lower()) for op in operations} == {
        (path, method) for path, item in openapi.PATHS.items() for method in item
    }
    per_operation = max(10, math.ceil(CASES / len(operations)))
    client, token = member_client(app, live_data["member"])
    seen: dict[str, set[int]] = {}

    for operation in operations:
        _fuzz(client, token, operation, per_operation, seen, live_data)
    assert set(seen) == {op.label for op in operations}
    # The committee's operations were really exercised as the member (not just refused).
    committee = [op.label for op in operations if "security" in op.definition.raw]
    assert len(committee) == 11
    for label in committee:
        assert seen[label] - {302, 401, 400, 403, 404, 413, 415}, (label, seen[label])


def member_client(app: Any, username: str) -> tuple[Any, str]:
    """A test client logged in as a committee member, with CSRF checked from now on, and the
    session's CSRF token (as the pages' <meta name="csrf-token"> gives it)."""
    client = app.test_client()
    assert login(client, username).status_code == 302
    # The tests share one app context: drop the token Flask-WTF cached in `g` before the login
    # (the login starts a new session).
    g.pop("csrf_token", None)
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/committee/")
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True))
    assert token is not None
    return client, token.group(1)


def test_live_answers_are_within_the_schema(app: Any, live_data: dict[str, Any]) -> None:
    """The answers of a real poll (the fuzzer rarely finds poll 1) against their schemas."""
    schema = schemathesis.openapi.from_dict(openapi.document())
    client = app.test_client()
    poll, code = live_data["poll"], live_data["tracking_code"]
    calls = [
        ("GET", "/healthz", {}, {}),
        ("GET", "/setup/reach", {}, {}),
        ("GET", "/hall/{poll_id}/status.json", {"poll_id": poll}, {}),
        ("GET", "/board/api/polls/{poll_id}/checkpoint", {"poll_id": poll}, {}),
        ("GET", "/board/api/polls/{poll_id}/consistency", {"poll_id": poll}, {"from": "1"}),
        ("GET", "/board/api/ballots/{tracking_code}/proof", {"tracking_code": code}, {}),
        ("GET", "/board/api/key-rotations", {}, {}),
        ("GET", "/board/polls/{poll_id}/entries/{number}.json", {"poll_id": poll, "number": 1}, {}),
        ("GET", "/api/openapi.json", {}, {}),
    ]
    for method, path, params, query in calls:
        operation = schema[path][method]
        case = operation.Case(path_parameters=params, query=query)
        response = client.open(case.formatted_path, method=method, query_string=query)
        assert response.status_code in (200, 503), (path, response.status_code)
        case.validate_response(response, checks=CHECKS)
    cast = schema["/vote/api/polls/{poll_id}/ballots"]["POST"]
    first, other = live_data["ballots"]
    for body, status in [(first, 201), (first, 200), (other, 409), ({"credential": "00"}, 422)]:
        case = cast.Case(
            path_parameters={"poll_id": poll}, body=body, media_type="application/json"
        )
        response = client.post(case.formatted_path, json=body)
        assert response.status_code == status, response.get_json()
        case.validate_response(response, checks=CHECKS)
    clock = client.post(
        "/setup/clock",
        data=b'{"time": 1700000000000}',
        content_type="text/plain",
        environ_base={"REMOTE_ADDR": "10.9.8.7"},  # a device that has not reported yet
    )
    assert clock.status_code == 200 and "drift_ms" in clock.get_json()


def test_committee_and_tablet_answers_are_within_the_schema(
    app: Any, live_data: dict[str, Any]
) -> None:
    """The committee's and the tablet's endpoints on real polls, as a member with CSRF on (and
    as nobody, and as a committee account off the poll): each answer against its schema."""
    schema = schemathesis.openapi.from_dict(openapi.document())
    anonymous, outsider = app.test_client(), app.test_client()
    make_user("outsider", "committee")
    assert login(outsider, "outsider").status_code == 302
    member, token = member_client(app, live_data["member"])
    opened, ceremony, ready = (live_data[k] for k in POLLS)
    unknown = "ab" * 32

    def check(client: Any, method: str, path: str, status: int, body: Any = None, **params: Any):
        extra = {"body": body, "media_type": "application/json"} if body is not None else {}
        case = schema[path][method].Case(path_parameters=params, **extra)
        response = client.open(
            case.formatted_path, method=method, json=body, headers={"X-CSRFToken": token}
        )
        assert response.status_code == status, (path, params, response.get_data(as_text=True))
        case.validate_response(response, checks=CHECKS)
        return response

    api = "/committee/api/polls/{poll_id}"
    check(anonymous, "GET", f"{api}/ceremony", 401, poll_id=opened)
    check(outsider, "GET", f"{api}/ceremony", 403, poll_id=opened)
    check(outsider, "GET", f"{api}/decryption", 403, poll_id=opened)
    # the member's CSRF token is no good in another session
    check(outsider, "POST", f"{api}/decryption", 400, {"shares": []}, poll_id=opened)
    for poll in (opened, ceremony, ready):
        state = check(member, "GET", f"{api}/ceremony", 200, poll_id=poll).get_json()
        assert state["me"] == 1 and len(state["members"]) == 7
        check(member, "GET", f"{api}/ceremony/shares", 200, poll_id=poll)
        check(member, "GET", f"{api}/witness", 200, poll_id=poll)
        check(member, "GET", f"{api}/decryption", 200, poll_id=poll)
        check(member, "GET", "/vote/api/polls/{poll_id}/election", 200, poll_id=poll)
    check(member, "GET", f"{api}/ceremony", 404, poll_id=2**31 - 1)
    check(member, "POST", f"{api}/ceremony/commitment", 422, {}, poll_id=ceremony)
    check(member, "POST", f"{api}/ceremony/commitment", 409, {}, poll_id=opened)
    check(member, "POST", f"{api}/ceremony/commitment", 400, [], poll_id=ceremony)
    check(member, "POST", f"{api}/ceremony/shares", 409, {"shares": []}, poll_id=ceremony)
    check(member, "POST", f"{api}/ceremony/shares", 422, {"shares": {}}, poll_id=ceremony)
    check(member, "POST", f"{api}/ceremony/confirm", 409, {"complaints": [2]}, poll_id=ceremony)
    check(member, "POST", f"{api}/ceremony/confirm", 422, {"complaints": []}, poll_id=ceremony)
    check(member, "POST", f"{api}/ceremony/confirm", 422, {"complaints": ["2"]}, poll_id=ready)
    check(member, "POST", f"{api}/witness/cosignatures", 422, {"size": "x"}, poll_id=opened)
    check(member, "POST", f"{api}/decryption", 409, {"shares": []}, poll_id=opened)
    check(member, "POST", f"{api}/decryption", 400, {"shares": 1}, poll_id=opened)
    # The card request and a batch of cards registered from it (the poll is ready).
    cards = "/committee/polls/{poll_id}/cards"
    check(member, "GET", f"{cards}/request.json", 409, poll_id=opened)
    request = check(member, "GET", f"{cards}/request.json", 200, poll_id=ready).get_json()
    made = make_cards(bytes.fromhex(request["election"]), 2)
    batch = credentials_dict(parse_request(request), [c.public for c in made])
    check(member, "POST", f"{cards}/credentials", 201, batch, poll_id=ready)
    check(member, "POST", f"{cards}/credentials", 409, batch, poll_id=ready)
    check(member, "POST", f"{cards}/credentials", 422, {**batch, "poll": opened}, poll_id=ready)
    check(member, "POST", f"{cards}/credentials", 409, batch, poll_id=opened)
    # A card's status: used (with its receipt), unknown, not a credential.
    card = "/vote/api/polls/{poll_id}/cards/{credential}"
    used = check(member, "GET", card, 200, poll_id=opened, credential=live_data["credential"])
    assert used.get_json()["status"] == "used"
    assert check(anonymous, "GET", card, 200, poll_id=opened, credential=unknown).get_json() == {
        "status": "unknown"
    }
    check(anonymous, "GET", card, 400, poll_id=opened, credential="XYZ")
    check(anonymous, "GET", card, 404, poll_id=2**31 - 1, credential=unknown)
    # A cast on a poll not open: 409 without a receipt.
    cast = check(
        anonymous,
        "POST",
        "/vote/api/polls/{poll_id}/ballots",
        409,
        live_data["ballots"][0],
        poll_id=ceremony,
    )
    assert "receipt" not in cast.get_json()
    # Closed: the decryption status carries the encrypted tally.
    lifecycle.transition(polls.get_poll(opened), "closed")
    db.session.commit()
    closed = check(member, "GET", f"{api}/decryption", 200, poll_id=opened).get_json()
    assert closed["state"] == "closed" and closed["tally"] is not None


def _fuzz(
    client: Any,
    token: str,
    operation: Any,
    examples: int,
    seen: dict[str, set[int]],
    live: dict[str, Any],
) -> None:
    """Draw `examples` requests of one operation, send each to the app, check each answer.
    Most of them name a live poll (and, half the time, its card): a drawn id rarely names a poll
    at all.
    Every request carries the member's session and CSRF token."""

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(data=st.data())
    def run(data: Any) -> None:
        case = data.draw(operation.as_strategy())
        params = case.path_parameters or {}
        # A live poll first among the choices: hypothesis draws the simplest value first (a
        # boolean's False), and with a dozen examples an operation could otherwise see no live
        # poll at all; None keeps the drawn id.
        chosen = data.draw(st.sampled_from([*POLLS, None])) if "poll_id" in params else None
        if chosen is not None:
            params["poll_id"] = live[chosen]
            if "credential" in params and data.draw(st.booleans()):
                params["credential"] = live["credential"]
        kwargs = case.as_transport_kwargs(base_url="http://localhost")
        # The session is the client's: no drawn cookie, and the login's User-Agent (a new one
        # ends a session under Flask-Login's strong protection).
        drawn = kwargs.get("headers") or {}
        headers = {k: v for k, v in drawn.items() if k.lower() not in ("cookie", "user-agent")}
        headers["X-CSRFToken"] = token
        response = client.open(
            path=case.formatted_path,
            method=case.method,
            headers=headers,
            query_string=case.query,
            data=_body(case),
        )
        seen.setdefault(operation.label, set()).add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    run()


def _body(case: Any) -> Any:
    """The drawn body as bytes of its media type (JSON for both text/plain and JSON)."""
    if case.body is None or type(case.body).__name__ == "NotSet":
        return None
    return json.dumps(case.body).encode()
