"""values.py: strict JSON value tests."""

from __future__ import annotations

from ballot_service.verifier.values import is_nat, same_json


def test_is_nat() -> None:
    assert is_nat(0) and is_nat(2**60)
    assert not any(is_nat(v) for v in (-1, True, False, 1.0, "1", None))


def test_same_json() -> None:
    assert same_json({"a": [1, "x"]}, {"a": [1, "x"]})
    assert not same_json(1, True) and not same_json([1], [True])
    assert not same_json(1.5, 1.5)  # not canonical JSON: never "the same"
