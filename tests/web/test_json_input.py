"""Bad input on every JSON route (issue 13.6): oversized bodies 413, over-deep JSON 400, wrong
content types 415, refused before any view runs, each a translated {"error": …}; a JSON route's
other HTTP errors are JSON too. The routes come from the app's url_map, so a new JSON endpoint
is covered without editing this file."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from ballot_service import db
from ballot_service.web import api
from tests.helpers import open_poll_with_cards

DEEP = 100_000  # the over-deep body


def _path(rule: Any) -> str:
    path = re.sub(r"<id:[^>]+>", "1", rule.rule)
    return re.sub(r"<[^>]+>", "x", path)


def body_routes(app: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, path, accepted types) of every JSON route that takes a body."""
    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        is_json = "/api/" in rule.rule or rule.rule.endswith(".json")
        if not (is_json or hasattr(view, "json_accepts")):
            continue
        accepts = getattr(view, "json_accepts", api.JSON_TYPES)
        for method in sorted((rule.methods or set()) & api.BODY_METHODS):
            found.append((method, _path(rule), accepts))
    return found


def _vi(client: Any, response: Any) -> str:
    assert response.is_json, (response.status_code, response.data[:80])
    assert response.headers["Cache-Control"] == "no-store"
    return str(response.get_json()["error"])


@pytest.fixture
def routes(app: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    open_poll_with_cards(1)  # poll 1 exists; its cast endpoint is live
    db.session.commit()
    found = body_routes(app)
    assert ("POST", "/vote/api/polls/1/ballots", ("application/json",)) in found
    assert any(path == "/setup/clock" for _, path, _ in found)
    return found


def test_over_deep_json_is_400_on_every_body_route(app: Any, client: Any, routes: Any) -> None:
    for nesting in ("[" * DEEP + "]" * DEEP, '{"a":' * DEEP + "1" + "}" * DEEP, "[" * DEEP):
        for method, path, accepts in routes:
            response = client.open(path, method=method, data=nesting, content_type=accepts[0])
            assert response.status_code == 400, (method, path)
            assert "lồng" in _vi(client, response)  # "nested", in Vietnamese
    just_over = "[" * (api.MAX_JSON_DEPTH + 1) + "]" * (api.MAX_JSON_DEPTH + 1)
    response = client.post("/setup/clock", data=just_over, content_type="text/plain")
    assert response.status_code == 400 and "lồng" in _vi(client, response)
    inside = '{"time": "' + "[" * 1000 + '"}'  # brackets inside a string are text
    assert client.post("/setup/clock", data=inside, content_type="text/plain").status_code == 400
    assert "lồng" not in client.post("/setup/clock", data=inside).get_json()["error"]


def test_oversized_bodies_are_413_before_reading(app: Any, client: Any, routes: Any) -> None:
    limit = min(app.config["MAX_CONTENT_LENGTH"], api.MAX_JSON_BYTES)
    for method, path, accepts in routes:
        # Only the header claims the size: the refusal must not wait for the body.
        response = client.open(
            path,
            method=method,
            data=b"{}",
            content_type=accepts[0],
            environ_overrides={"CONTENT_LENGTH": str(limit + 1)},
        )
        assert response.status_code == 413, (method, path)
        assert str(limit) in _vi(client, response)
    big = b'{"x": "' + b"a" * api.MAX_JSON_BYTES + b'"}'
    response = client.post("/vote/api/polls/1/ballots", data=big, content_type="application/json")
    assert response.status_code == 413


def test_wrong_content_types_are_415(app: Any, client: Any, routes: Any) -> None:
    for method, path, accepts in routes:
        for wrong in ("text/html", "application/x-www-form-urlencoded", "multipart/form-data"):
            if wrong in accepts:
                continue
            response = client.open(path, method=method, data=b"{}", content_type=wrong)
            assert response.status_code == 415, (method, path, wrong)
            assert "Content-Type" in _vi(client, response)
        response = client.open(path, method=method, data=b"{not json", content_type=accepts[0])
        assert response.status_code == 400, (method, path)


def test_refusals_follow_the_language(app: Any, client: Any, routes: Any) -> None:
    client.get("/lang/en")
    response = client.post("/vote/api/polls/1/ballots", data="[" * DEEP)
    assert response.status_code == 415
    assert _vi(client, response).startswith("Send JSON")
    response = client.post(
        "/vote/api/polls/1/ballots", data="[" * DEEP, content_type="application/json"
    )
    assert _vi(client, response) == "The JSON is nested too deeply (at most 32 levels)."


def test_json_routes_answer_http_errors_as_json(app: Any, client: Any) -> None:
    response = client.get("/vote/api/polls/1/ballots")  # GET on a POST route
    assert response.status_code == 405 and response.is_json
    response = client.get("/board/api/nothing-here")
    assert response.status_code == 404 and response.is_json
    response = client.get("/board/polls/999/entries/1.json")
    assert response.status_code == 404 and response.is_json
    assert not client.get("/board/nothing-here").is_json  # pages keep their HTML error page


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("[]", False),
        ("[" * 32 + "]" * 32, False),
        ("[" * 33 + "]" * 33, True),
        ('[{"a": [[]]}, {"b": "]]]]"}, "[[[["]', False),
        ('{"k": "\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', False),
        (json.dumps([[[[1]]]] * 1000), False),
    ],
)
def test_depth_counts_brackets_outside_strings_only(text: str, deep: bool) -> None:
    assert api.too_deep(text.encode()) is deep
