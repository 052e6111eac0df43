"""Strict tests on the record's JSON values (where Python would let `true == 1` pass)."""

from __future__ import annotations

from ..ledger.canonical import canonical_json
from ..ledger.errors import CanonicalJSONError


def is_nat(value: object) -> bool:
    """An integer ≥ 0 that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def same_json(a: object, b: object) -> bool:
    """Equal as JSON values: same canonical bytes (so 1 ≠ true, [1] ≠ [true])."""
    try:
        return canonical_json(a) == canonical_json(b)
    except CanonicalJSONError:
        return False
