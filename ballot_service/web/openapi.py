"""The JSON API's OpenAPI 3.1 description, served at /api/openapi.json and kept in
docs/openapi.json (`python -m ballot_service.web.openapi > docs/openapi.json`; a test checks
the two agree and that every JSON route of the app is described).

To describe a new endpoint, add one entry to PATHS: `operation(summary, responses, …)` with the
answer's schema (reuse or add one in SCHEMAS) and the refusals it may give. Every JSON route
may answer {"error": message} (ERROR) with the status its refusals name; a route that takes a
body also gives 400/413/415 from the common checks (api.py).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint
from werkzeug.wrappers import Response

from .api import MAX_JSON_DEPTH, json_response

bp = Blueprint("openapi", __name__)

HEX = {"type": "string", "pattern": "^([0-9a-f]{2})+$"}
HEX32 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string", "minLength": 1}},
        "description": "A refusal, its message in the session's language (vi by default).",
    },
    "Refused409": {
        "type": "object",
        "required": ["error", "receipt"],
        "properties": {
            "error": {"type": "string"},
            "receipt": {"$ref": "#/components/schemas/Receipt"},
        },
    },
    "Checkpoint": {
        "type": "object",
        "description": "A signed checkpoint in its JSON form (docs/LOG.md §5).",
        "required": ["v", "log_id", "size", "root", "time", "signature"],
        "properties": {
            "v": {"type": "integer"},
            "log_id": {"type": "string"},
            "size": {"type": "integer", "minimum": 0},
            "root": HEX32,
            "time": {"type": "string"},
            "signature": {
                "type": "object",
                "required": ["key_id", "sig"],
                "properties": {"key_id": HEX, "sig": HEX},
            },
            "cosignatures": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Receipt": {
        "type": "object",
        "description": "What the tablet keeps (docs/PROTOCOL.md §7, docs/LOG.md §3).",
        "required": [
            "tracking_code",
            "short_code",
            "log_id",
            "leaf_index",
            "leaf",
            "tree_size",
            "inclusion_proof",
            "note",
        ],
        "properties": {
            "tracking_code": HEX32,
            "short_code": {"type": "string"},
            "log_id": {"type": "string"},
            "leaf_index": {"type": "integer", "minimum": 0},
            "leaf": {"type": "string"},
            "tree_size": {"type": "integer", "minimum": 1},
            "inclusion_proof": {"type": "array", "items": HEX32},
            "note": {"type": "string"},
        },
    },
    "Ballot": {
        "type": "object",
        "description": "An encrypted ballot (docs/PROTOCOL.md §7); the service checks every "
        "point and proof.",
        "required": ["version", "election", "credential", "levels", "rows", "signature"],
        "properties": {
            "version": {"type": "integer"},
            "election": HEX,
            "credential": HEX,
            "levels": {"type": "integer"},
            "rows": {"type": "array", "items": {"type": "object"}},
            "signature": {"type": "object"},
        },
    },
}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


REFUSALS = {
    400: "Bad input",
    404: "No such poll, entry or ballot",
    409: "Refused: the card has already been used",
    413: f"The body is too large (and over {MAX_JSON_DEPTH} levels deep is 400)",
    415: "The body is not of an accepted content type",
    422: "The ballot does not verify",
    503: "Not ready (database or log key)",
}


def operation(
    summary: str,
    ok: dict[int, tuple[dict[str, Any], str]],
    refusals: tuple[int, ...] = (),
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    body_types: tuple[str, ...] = ("application/json",),
) -> dict[str, Any]:
    """One operation: its answers `ok` (status → (schema, description)) and the statuses of
    its {"error": …} refusals (a body adds the common 400/413/415)."""
    responses: dict[str, Any] = {str(s): _json(schema, text) for s, (schema, text) in ok.items()}
    statuses = set(refusals) | ({400, 413, 415} if body is not None else set())
    for status in sorted(statuses - set(ok)):
        schema = _ref("Refused409") if status == 409 else _ref("Error")
        responses[str(status)] = _json(schema, REFUSALS[status])
    found: dict[str, Any] = {"summary": summary, "responses": responses}
    if parameters:
        found["parameters"] = parameters
    if body is not None:
        found["requestBody"] = {
            "required": True,
            "content": {kind: {"schema": body} for kind in body_types},
        }
    return found


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


POLL_ID = path_param("poll_id", ID)
CHECKPOINT = {"checkpoint": _ref("Checkpoint"), "note": {"type": "string"}}


def _object(properties: dict[str, Any], *, extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "required": sorted(properties),
        "properties": properties,
        "additionalProperties": extra,
    }


PATHS: dict[str, dict[str, Any]] = {
    "/healthz": {
        "get": operation(
            "The database and the log key",
            {
                200: (
                    _object(
                        {
                            "database": {"type": "string"},
                            "log_key": {"type": "string"},
                            "status": {"enum": ["ok", "error"]},
                        }
                    ),
                    "Healthy",
                ),
                503: (
                    _object(
                        {
                            "database": {"type": "string"},
                            "log_key": {"type": "string"},
                            "status": {"enum": ["ok", "error"]},
                        }
                    ),
                    "Not ready",
                ),
            },
        )
    },
    "/setup/reach": {
        "get": operation(
            "Reachable over HTTPS (the tablet trusts the hall's CA)",
            {200: (_object({"ok": {"type": "boolean"}, "time": {"type": "integer"}}), "Reached")},
        )
    },
    "/setup/clock": {
        "post": operation(
            "A device reports its clock",
            {200: (_object({"drift_ms": {"type": "integer"}}), "The device's drift")},
            (400,),
            body=_object({"time": {"type": "integer"}}, extra=True),
            body_types=("text/plain", "application/json"),
        )
    },
    "/hall/{poll_id}/status.json": {
        "get": operation(
            "The hall display's figures (never a result)",
            {
                200: (
                    _object(
                        {
                            "state": {"type": "string"},
                            "state_label": {"type": "string"},
                            "cards_issued": {"type": "integer", "minimum": 0},
                            "ballots_cast": {"type": "integer", "minimum": 0},
                            "delegates_present": {"type": "integer", "minimum": 0},
                        }
                    ),
                    "The figures",
                )
            },
            (404,),
            parameters=[POLL_ID],
        )
    },
    "/board/api/polls/{poll_id}/checkpoint": {
        "get": operation(
            "The poll log's latest signed checkpoint",
            {
                200: (
                    _object(
                        {
                            "log_id": {"type": "string"},
                            "public_keys": {"type": "array", "items": {"type": "string"}},
                            **CHECKPOINT,
                        }
                    ),
                    "The checkpoint",
                )
            },
            (404,),
            parameters=[POLL_ID],
        )
    },
    "/board/api/polls/{poll_id}/consistency": {
        "get": operation(
            "A consistency proof from an earlier size to the latest checkpoint",
            {
                200: (
                    _object(
                        {
                            "from": {"type": "integer", "minimum": 0},
                            "to": {"type": "integer", "minimum": 0},
                            "proof": {"type": "array", "items": HEX32},
                            **CHECKPOINT,
                        }
                    ),
                    "The proof",
                )
            },
            (400, 404),
            parameters=[
                POLL_ID,
                {"name": "from", "in": "query", "required": True, "schema": {"type": "string"}},
            ],
        )
    },
    "/board/api/ballots/{tracking_code}/proof": {
        "get": operation(
            "A cast ballot's inclusion proof under the latest checkpoint",
            {
                200: (
                    _object(
                        {
                            "log_id": {"type": "string"},
                            "tracking_code": HEX32,
                            "leaf_index": {"type": "integer", "minimum": 0},
                            "leaf": {"type": "string"},
                            "tree_size": {"type": "integer", "minimum": 1},
                            "inclusion_proof": {"type": "array", "items": HEX32},
                            **CHECKPOINT,
                        }
                    ),
                    "The proof",
                )
            },
            (400, 404),
            parameters=[path_param("tracking_code", {"type": "string"})],
        )
    },
    "/board/api/key-rotations": {
        "get": operation(
            "The logged rotations of the log signing key (docs/LOG.md §8)",
            {
                200: (
                    _object(
                        {
                            "log_id": {"type": "string"},
                            "rotations": {
                                "type": "array",
                                "items": _object(
                                    {
                                        "leaf": {"type": "string"},
                                        "leaf_index": {"type": "integer"},
                                        "tree_size": {"type": "integer"},
                                        "inclusion_proof": {"type": "array", "items": HEX32},
                                        "note": {"type": "string"},
                                    }
                                ),
                            },
                        }
                    ),
                    "The rotations",
                )
            },
        )
    },
    "/board/polls/{poll_id}/entries/{number}.json": {
        "get": operation(
            "One entry of the poll's log, exactly as logged (canonical JSON, docs/LOG.md §3)",
            {200: ({"type": "object"}, "The entry")},
            (404,),
            parameters=[POLL_ID, path_param("number", ID)],
        )
    },
    "/vote/api/polls/{poll_id}/ballots": {
        "post": operation(
            "Cast a ballot (201: receipt; 200: the same ballot again, the same receipt)",
            {
                201: (
                    _object({"receipt": _ref("Receipt"), "repeated": {"type": "boolean"}}),
                    "Cast",
                ),
                200: (
                    _object({"receipt": _ref("Receipt"), "repeated": {"type": "boolean"}}),
                    "Cast before: the same receipt",
                ),
            },
            (400, 404, 409, 422),
            parameters=[POLL_ID],
            body=_ref("Ballot"),
        )
    },
    "/api/openapi.json": {
        "get": operation("This description", {200: ({"type": "object"}, "OpenAPI 3.1")})
    },
}


def document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ballot_service JSON API",
            "version": "1",
            "description": "The tablets', devices' and auditors' JSON endpoints. Refusals are "
            '{"error": message} in the session\'s language.',
        },
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/api/openapi.json")
def openapi_json() -> tuple[Response, int]:
    return json_response(document())


if __name__ == "__main__":
    print(json.dumps(document(), indent=2, ensure_ascii=False))
