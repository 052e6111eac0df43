"""Canonical JSON: the one byte encoding of every structured value the log hashes or signs.

Rules (docs/LOG.md §Canonical JSON): UTF-8; no insignificant whitespace; object keys are strings,
unique, sorted by their UTF-16 code units (as RFC 8785 and JavaScript sort); values are only
null, true, false, integers in ±(2^53 − 1), strings, arrays and objects — **no floats** (they have
no single decimal form, and NaN/∞ are not JSON at all). Strings are escaped as JSON.stringify
does: ``\\"``, ``\\\\``, ``\\b \\f \\n \\r \\t``, other controls as ``\\u00xx``; everything else
literal. Strings with lone surrogates are refused (not valid UTF-8).
"""

from __future__ import annotations

import json
from typing import TypeAlias

from .errors import CanonicalJSONError

JSONValue: TypeAlias = "bool | int | str | list[JSONValue] | dict[str, JSONValue] | None"

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer that JavaScript (the browser verifier) represents exactly."""

MAX_DEPTH = 32


def canonical_json(value: object) -> bytes:
    """Return the canonical JSON bytes of ``value``; raise CanonicalJSONError naming the path."""
    parts: list[str] = []
    _encode(value, parts, "$", 0)
    return "".join(parts).encode("utf-8")


def _key_order(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _encode(value: object, out: list[str], path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise CanonicalJSONError(f"{path}: nested deeper than {MAX_DEPTH} levels")
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise CanonicalJSONError(f"{path}: integer {value} is outside ±(2^53 - 1)")
        out.append(str(int(value)))
    elif isinstance(value, float):
        raise CanonicalJSONError(f"{path}: float {value!r} is not allowed (integers only)")
    elif isinstance(value, str):
        out.append(_encode_str(value, path))
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out, f"{path}[{i}]", depth + 1)
        out.append("]")
    elif isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise CanonicalJSONError(f"{path}: object key {key!r} is not a string")
        out.append("{")
        for i, key in enumerate(sorted(value, key=_key_order)):
            if i:
                out.append(",")
            out.append(_encode_str(key, f"{path} key"))
            out.append(":")
            _encode(value[key], out, f"{path}.{key}", depth + 1)
        out.append("}")
    else:
        raise CanonicalJSONError(f"{path}: {type(value).__name__} is not a canonical JSON type")


def _encode_str(text: str, path: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalJSONError(f"{path}: string {text!r} has a lone surrogate") from None
    return json.dumps(text, ensure_ascii=False)


def _refuse_float(text: str) -> object:
    raise CanonicalJSONError(f"float {text} is not allowed (integers only)")


def _refuse_constant(text: str) -> object:
    raise CanonicalJSONError(f"{text} is not JSON")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, item in pairs:
        if key in result:
            raise CanonicalJSONError(f"duplicate object key {key!r}")
        result[key] = item
    return result


def parse_canonical_json(data: bytes) -> JSONValue:
    """Parse ``data`` and require it to be exactly the canonical encoding of its value."""
    try:
        text = data.decode("utf-8")
        value: JSONValue = json.loads(
            text,
            parse_float=_refuse_float,
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except CanonicalJSONError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CanonicalJSONError(f"not JSON: {exc}") from None
    if canonical_json(value) != data:
        raise CanonicalJSONError(
            f"JSON is valid but not canonical ({len(data)} bytes): {data[:80]!r}"
        )
    return value
