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
    "Busy429": {
        "type": "object",
        "description": "The hall casts faster than the ballots are verified: nothing was done "
        "with this ballot; send it again after `retry_after` seconds (the Retry-After header).",
        "required": ["error", "retry_after"],
        "properties": {
            "error": {"type": "string", "minLength": 1},
            "retry_after": {"type": "integer", "minimum": 1},
        },
    },
    "Refused409": {
        "type": "object",
        "description": "A refused cast: with the card's first receipt when the card has "
        "been used, without one when the poll is not open.",
        "required": ["error"],
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
    400: "Bad input (or, with a session, a missing or stale X-CSRFToken)",
    401: "No session (it ended, or the device never logged in): log in again",
    403: "Not a member of this poll's counting committee (or not a committee account)",
    404: "No such poll, entry or ballot",
    409: "Refused: the card has already been used (its first receipt), or the poll is not open",
    413: f"The body is too large (and over {MAX_JSON_DEPTH} levels deep is 400)",
    415: "The body is not of an accepted content type",
    422: "The ballot does not verify",
    429: "Too many casts at once: send the same ballot again after Retry-After seconds",
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
    committee: bool = False,
    texts: dict[int, str] | None = None,
) -> dict[str, Any]:
    """One operation: its answers `ok` (status → (schema, description)) and the statuses of
    its {"error": …} refusals (a body adds the common 400/413/415; `texts` overrides their
    descriptions). A `committee` operation needs a committee member's session (and its
    X-CSRFToken on a POST): 403 for another role, 401 without a session; its
    409 is a plain refusal (the poll's state), the cast's alone carries a receipt."""
    responses: dict[str, Any] = {str(s): _json(schema, text) for s, (schema, text) in ok.items()}
    statuses = set(refusals) | ({400, 413, 415} if body is not None else set())
    if committee:
        statuses |= {401, 403} | ({400} if body is not None else set())
    for status in sorted(statuses - set(ok)):
        plain = committee or status != 409
        schema = _ref("Error") if plain else _ref("Refused409")
        responses[str(status)] = _json(schema, (texts or {}).get(status, REFUSALS[status]))
    found: dict[str, Any] = {"summary": summary, "responses": responses}
    if committee:
        found["security"] = [{"session": [], "csrf": []} if body is not None else {"session": []}]
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


SECURITY = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": "A committee member's session, from POST /login (the form, with its "
        "csrf_token); the acting member is always the session's, never one the request names.",
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
        "description": "The session's CSRF token (the pages' <meta name=\"csrf-token\">); "
        "without it, or stale, a POST is refused with 400.",
    },
}

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INDEX = {"type": "integer", "minimum": 1}
OK_201 = {201: (_object({"ok": {"const": True}}), "Kept")}
WITNESS = _object({"name": STRING, "public_key": HEX32})
MEMBER = _object(
    {
        "index": INDEX,
        "name": STRING,
        "chair": {"type": "boolean"},
        "commitment": {"type": "boolean"},
        "shares": {"type": "boolean"},
        "confirmed": {"type": "boolean"},
        "witness": {"oneOf": [WITNESS, {"type": "null"}]},
    }
)
CEREMONY = _object(
    {
        "poll": ID,
        "state": STRING,
        "attempt": {"type": "integer", "minimum": 0},
        "fingerprint": {"oneOf": [HEX32, {"type": "null"}]},
        "threshold": INDEX,
        "me": INDEX,
        "log_id": STRING,
        "members": {"type": "array", "items": MEMBER},
        "commitments": {
            "type": "object",
            "description": "Member index → its DKG commitment (docs/PROTOCOL.md, the key "
            "ceremony), with its transport key",
            "additionalProperties": {"type": "object"},
        },
        "election_key": {"oneOf": [HEX, {"type": "null"}]},
    }
)
DECRYPTION = _object(
    {
        "poll": ID,
        "title": STRING,
        "state": STRING,
        "election": {"oneOf": [HEX32, {"type": "null"}]},
        "member": INDEX,
        "members": INDEX,
        "threshold": INDEX,
        "levels": INDEX,
        "officials": {"type": "integer", "minimum": 0},
        "posted": {"type": "array", "items": INDEX},
        "decrypted": {"type": "boolean"},
        "verification_key": {"oneOf": [HEX, {"type": "null"}]},
        "tally": {
            "oneOf": [{"type": "object"}, {"type": "null"}],
            "description": "The encrypted tally once the poll is closed: its cells per "
            "official and level",
        },
    }
)
SHARES_BODY = {
    "type": "object",
    "required": ["shares"],
    "properties": {
        "shares": {
            "type": "array",
            "items": {"type": "array", "maxItems": 8, "items": {"type": "object"}},
        }
    },
    "description": "One decryption share (with its proof) per official and level.",
}
STATE_409 = {409: "The poll's state does not allow this now, or the member has done it already"}
CEREMONY_422 = {422: "The message does not verify (a point, a proof, a signature, a seat)"}
CARD_REQUEST = _object(
    {
        "version": {"type": "integer"},
        "kind": STRING,
        "poll": ID,
        "title": STRING,
        "council": STRING,
        "url": STRING,
        "election": HEX32,
        "election_short": STRING,
        "count": {"type": "integer", "minimum": 0},
    }
)
COMMITTEE_POLL = "/committee/api/polls/{poll_id}"

COMMITTEE_PATHS: dict[str, dict[str, Any]] = {
    f"{COMMITTEE_POLL}/ceremony": {
        "get": operation(
            "The key ceremony: everyone's progress, the commitments and the witness keys",
            {200: (CEREMONY, "The ceremony")},
            (404,),
            parameters=[POLL_ID],
            committee=True,
        )
    },
    f"{COMMITTEE_POLL}/ceremony/commitment": {
        "post": operation(
            "Post the member's DKG commitment (with its transport key)",
            OK_201,
            (404, 409, 422),
            parameters=[POLL_ID],
            body={"type": "object", "description": "A DKG commitment (crypto/dkg.py)"},
            committee=True,
            texts={**STATE_409, **CEREMONY_422, 415: "Not a JSON object"},
        )
    },
    f"{COMMITTEE_POLL}/ceremony/shares": {
        "get": operation(
            "The encrypted shares addressed to the member (only its device opens them)",
            {200: (_object({"shares": {"type": "array", "items": {"type": "object"}}}), "")},
            (404,),
            parameters=[POLL_ID],
            committee=True,
        ),
        "post": operation(
            "Relay the member's encrypted shares, one to each other member",
            OK_201,
            (404, 409, 422),
            parameters=[POLL_ID],
            body={
                "type": "object",
                "required": ["shares"],
                "properties": {"shares": {"type": "array", "items": {"type": "object"}}},
            },
            committee=True,
            texts={**STATE_409, **CEREMONY_422, 415: "Not a JSON object"},
        ),
    },
    f"{COMMITTEE_POLL}/ceremony/confirm": {
        "post": operation(
            "Confirm the received shares (registering the member's witness key) or name the "
            "members whose shares fail",
            {
                201: (
                    _object({"state": STRING, "election_key": {"oneOf": [HEX, {"type": "null"}]}}),
                    "Confirmed (the key is fixed once every member has), or the complaints "
                    "kept and the poll back to draft",
                )
            },
            (404, 409, 422),
            parameters=[POLL_ID],
            body={
                "type": "object",
                "properties": {
                    "complaints": {"type": "array", "items": INDEX},
                    "witness_key": HEX32,
                },
            },
            committee=True,
            texts={**STATE_409, **CEREMONY_422, 415: "Not a JSON object"},
        )
    },
    f"{COMMITTEE_POLL}/witness": {
        "get": operation(
            "The member's witness name and logged key, and the sizes it has cosigned",
            {
                200: (
                    _object(
                        {
                            "name": NULLABLE_STRING,
                            "public_key": {"oneOf": [HEX32, {"type": "null"}]},
                            "log_id": STRING,
                            "state": STRING,
                            "cosigned": {"type": "array", "items": {"type": "integer"}},
                        }
                    ),
                    "The witness",
                )
            },
            (404,),
            parameters=[POLL_ID],
            committee=True,
        )
    },
    f"{COMMITTEE_POLL}/witness/cosignatures": {
        "post": operation(
            "Keep the member's cosignature of the checkpoint of `size` entries (docs/LOG.md)",
            OK_201,
            (404, 409, 422),
            parameters=[POLL_ID],
            body={
                "type": "object",
                "properties": {
                    "size": {"type": "integer", "minimum": 1},
                    "timestamp": {"type": "integer", "minimum": 0},
                    "signature": HEX,
                },
            },
            committee=True,
            texts={**STATE_409, **CEREMONY_422, 415: "Not a JSON object"},
        )
    },
    f"{COMMITTEE_POLL}/decryption": {
        "get": operation(
            "What the member's device needs to decrypt (the tally once closed)",
            {200: (DECRYPTION, "The decryption's status")},
            (404,),
            parameters=[POLL_ID],
            committee=True,
        ),
        "post": operation(
            "Post the member's decryption shares (the result is logged once k members have)",
            {201: (DECRYPTION, "Kept: the new status")},
            (404, 409, 422),
            parameters=[POLL_ID],
            body=SHARES_BODY,
            committee=True,
            texts={
                **STATE_409,
                400: "Not shares in the documented shape (or a missing X-CSRFToken)",
                422: "A share or its proof does not verify, or a share is missing",
            },
        ),
    },
    "/committee/polls/{poll_id}/cards/request.json": {
        "get": operation(
            "The card request for ballot-cards and the cards page (a download)",
            {200: (CARD_REQUEST, "The request")},
            (404, 409),
            parameters=[POLL_ID],
            committee=True,
            texts={409: "The poll is not ready (after the key ceremony, before it opens)"},
        )
    },
    "/committee/polls/{poll_id}/cards/credentials": {
        "post": operation(
            "Register a batch of ballot cards by their public credentials (the credentials file)",
            {
                201: (
                    _object(
                        {
                            "issued": {"type": "integer", "minimum": 0},
                            "ids": {"type": "array", "items": STRING},
                        }
                    ),
                    "Registered: the count and the cards' IDs",
                )
            },
            (404, 409, 422),
            parameters=[POLL_ID],
            body={"type": "object", "description": "A credentials file (cardtool/files.py)"},
            committee=True,
            texts={
                409: "The poll is not ready, or a card is registered already",
                422: "A file of another poll or election, or a credential that is not a point",
            },
        )
    },
}

CREDENTIAL = path_param("credential", {"type": "string"})
OFFICIAL = _object(
    {"index": {"type": "integer", "minimum": 0}, "name": STRING, "positions": {}}, extra=True
)
TABLET_PATHS: dict[str, dict[str, Any]] = {
    "/vote/api/polls/{poll_id}/election": {
        "get": operation(
            "The poll's state and, once its key is fixed, what a ballot is made for",
            {
                200: (
                    {
                        "type": "object",
                        "required": ["poll_id", "title", "state"],
                        "additionalProperties": False,
                        "properties": {
                            "poll_id": ID,
                            "title": STRING,
                            "state": STRING,
                            "fingerprint": HEX32,
                            "election_key": HEX,
                            "council": STRING,
                            "levels": {
                                "type": "array",
                                "items": _object({"code": STRING, "label": NULLABLE_STRING}),
                            },
                            "officials": {"type": "integer", "minimum": 0},
                            "blocs": {
                                "type": "array",
                                "items": _object(
                                    {
                                        "code": STRING,
                                        "label": NULLABLE_STRING,
                                        "officials": {"type": "array", "items": OFFICIAL},
                                    }
                                ),
                            },
                        },
                        "dependentRequired": {
                            "fingerprint": [
                                "election_key",
                                "council",
                                "levels",
                                "officials",
                                "blocs",
                            ]
                        },
                    },
                    "The election (public)",
                )
            },
            (404,),
            parameters=[POLL_ID],
        )
    },
    "/vote/api/polls/{poll_id}/cards/{credential}": {
        "get": operation(
            "A card's status by its public credential (public: the board lists them)",
            {
                200: (
                    {
                        "type": "object",
                        "required": ["status"],
                        "additionalProperties": False,
                        "properties": {
                            "status": {"enum": ["unknown", "voided", "used", "ok"]},
                            "receipt": _ref("Receipt"),
                        },
                        "if": {"properties": {"status": {"const": "used"}}},
                        "then": {"required": ["status", "receipt"]},
                        "else": {"not": {"required": ["receipt"]}},
                    },
                    "The card's status (used: with its first receipt)",
                )
            },
            (400, 404),
            parameters=[POLL_ID, CREDENTIAL],
            texts={400: "Not a public credential (64 lowercase hexadecimal digits)"},
        )
    },
}


def _cast_operation() -> dict[str, Any]:
    """The cast, whose 429 says when to send the ballot again."""
    found = operation(
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
    found["responses"]["429"] = _json(_ref("Busy429"), REFUSALS[429]) | {
        "headers": {"Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 1}}}
    }
    return found


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
            (400, 429),
            body=_object({"time": {"type": "integer"}}, extra=True),
            body_types=("text/plain", "application/json"),
            texts={429: "This address reported its clock less than 10 s ago (see Retry-After)"},
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
    "/vote/api/polls/{poll_id}/ballots": {"post": _cast_operation()},
    **COMMITTEE_PATHS,
    **TABLET_PATHS,
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
        "components": {"schemas": SCHEMAS, "securitySchemes": SECURITY},
    }


@bp.get("/api/openapi.json")
def openapi_json() -> tuple[Response, int]:
    return json_response(document())


if __name__ == "__main__":
    print(json.dumps(document(), indent=2, ensure_ascii=False))
