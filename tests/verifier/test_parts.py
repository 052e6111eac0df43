"""Every mutation of a part (manifest, DKG, credentials, ballots, tally, decryption, result)
is rejected with exit 1 and a message naming the failure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot_service.crypto.ballot_encrypt import encrypt_ballot
from ballot_service.crypto.credentials import new_token
from ballot_service.crypto.group import Point

from .builder import PART_NAMES, Built, stream
from .conftest import Run, encode

_HEX = re.compile(r"(?:[0-9a-f]{2}){4,}")


def hex_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every hex string (≥ 4 bytes) inside a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from hex_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from hex_paths(item, (*path, i))
    elif isinstance(value, str) and _HEX.fullmatch(value):
        yield path


def flip(parts: dict[str, Any], path: tuple[Any, ...], position: int) -> None:
    """Change one hex digit (to the next one) at ``position`` of the string at ``path``."""
    *head, last = path
    holder = parts
    for key in head:
        holder = holder[key]
    text = holder[last]
    position %= len(text)
    digit = format((int(text[position], 16) + 1) % 16, "x")
    holder[last] = text[:position] + digit + text[position + 1 :]


def new_ballot(built: Built, token: bytes, choices: list[int | None]) -> dict[str, Any]:
    """A correctly encrypted, proved and signed ballot with the card ``token``."""
    key = Point.from_hex(_election_key(built))
    ballot, _ = encrypt_ballot(
        bytes.fromhex(built.fingerprint), key, token, choices, 3, rng=stream(99, "forged ballot")
    )
    return ballot.to_dict()


def _election_key(built: Built) -> str:
    return next(
        e["data"]["key"] for e in built.record.log["entries"] if e["type"] == "election_key"
    )


def check(run: Run, data: bytes, *expected: str) -> str:
    code, out = run(data)
    assert code == 1, out
    assert out.startswith("INVALID: "), out
    for text in expected:
        assert text in out, out
    return out


def test_every_hex_field_of_one_ballot(built: Built, run: Run) -> None:
    paths = list(hex_paths(built.record.ballots[2]))
    assert len(paths) == 1 + 1 + 2 + 3 * (3 * (2 + 4) + 4)  # election, X, σ, rows
    for number, path in enumerate(paths):
        parts = built.parts()
        flip(parts, ("ballots", 2, *path), 13 * number)  # low, middle and high digits
        out = check(run, encode(built, parts), "INVALID: ballot 2")
        if path[0] == "rows":  # the signature over the body is checked first
            assert re.search(r"signature: challenge mismatch|official \d", out), out


def test_a_sample_of_other_ballots_fields(built: Built, run: Run) -> None:
    for b in (0, 5):
        for path in list(hex_paths(built.record.ballots[b]))[::7]:
            parts = built.parts()
            flip(parts, ("ballots", b, *path), 17)
            check(run, encode(built, parts), f"INVALID: ballot {b}")


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_hex_digit_anywhere(built: Built, run: Run, data: st.DataObject) -> None:
    part = data.draw(
        st.sampled_from([p for p in PART_NAMES if list(hex_paths(getattr(built.record, p)))])
    )
    paths = list(hex_paths(getattr(built.record, part)))
    path = data.draw(st.sampled_from(paths))
    position = data.draw(st.integers(min_value=0, max_value=127))
    parts = built.parts()
    flip(parts, (part, *path), position)
    check(run, encode(built, parts))


def test_manifest_edit_changes_the_fingerprint(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["manifest"]["officials"][1]["name"] = "Người khác"
    check(run, encode(built, parts), "manifest: fingerprint")


def test_manifest_officials_out_of_ballot_order(built: Built, run: Run) -> None:
    # The one ballot order (rules.setup_checks.ballot_order): council bloc first, then the
    # People's Committee bloc, each in the configured order.
    parts = built.parts()
    officials = parts["manifest"]["officials"]
    officials[0]["order"], officials[1]["order"] = officials[1]["order"], officials[0]["order"]
    check(run, encode(built, parts), "manifest: manifest officials: row 1", "not the ballot order")
    parts = built.parts()
    officials = parts["manifest"]["officials"]
    officials[0]["bloc"] = "peoples_committee"  # the council bloc must come first
    check(run, encode(built, parts), "manifest: manifest officials: row 1")


def test_manifest_codes_are_the_rules_codes(built: Built, run: Run) -> None:
    for path, value, expected in [
        (("council", "level"), "galaxy", "council.level 'galaxy' is not one of"),
        (("officials", 0, "bloc"), "senate", "official 0 bloc 'senate' is not one of"),
        (("poll", "denominator"), "present", "poll.denominator 'present' is not one of"),
        (("officials", 1, "order"), -1, "official 1 order -1 is not a count"),
    ]:
        parts = built.parts()
        holder = parts["manifest"]
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = value
        check(run, encode(built, parts), f"manifest: {expected}")


def test_dkg_commitment_of_another_trustee(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["dkg"][0], parts["dkg"][1] = parts["dkg"][1], parts["dkg"][0]
    check(run, encode(built, parts), "dkg commitment 1: is trustee 2's")


def test_duplicate_credential_and_voided_unknown(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["credentials"].append(dict(parts["credentials"][0]))
    check(run, encode(built, parts), "credential 8: repeats credential 0")
    parts = built.parts()
    parts["voided"][0]["credential"] = "58" + "66" * 31  # B: a valid point, never issued
    check(run, encode(built, parts), "voided credential 0", "is not an issued credential")


def test_tally_cell_changed(built: Built, run: Run) -> None:
    parts = built.parts()
    cells = parts["tally"]["cells"]
    cells[0][1], cells[1][0] = cells[1][0], cells[0][1]
    check(run, encode(built, parts), "tally official 0 level 1: differs from the sum")


def test_decryption_share_changed(built: Built, run: Run) -> None:
    parts = built.parts()
    flip(parts, ("decryption", 1, "shares", 1, 0, "proof", "response"), 5)
    check(
        run,
        encode(built, parts),
        "decryption share of trustee 2, official 1 level 0",
        "challenge mismatch",
    )
    parts = built.parts()
    share = parts["decryption"][0]["shares"][2][2]
    parts["decryption"][0]["shares"][2][2] = parts["decryption"][0]["shares"][2][1]
    parts["decryption"][0]["shares"][2][1] = share
    check(run, encode(built, parts), "decryption share of trustee 1, official 2 level 1")


def test_too_few_or_repeated_trustees_decrypting(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["decryption"] = parts["decryption"][:1]
    check(run, encode(built, parts), "decryption: 1 trustees decrypted, 2 are needed")
    parts = built.parts()
    parts["decryption"][1] = parts["decryption"][0]
    check(run, encode(built, parts), "decryption of trustee 1", "out of order or repeated")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("counts", lambda row: [row["counts"][0] + 1, *row["counts"][1:]], "counts is"),
        ("blank", lambda row: row["blank"] + 1, "blank is"),
        ("percentages", lambda row: ["99.99", *row["percentages"][1:]], "percentages is"),
        ("band", lambda row: "must_propose_dismissal", "band is"),
        ("name", lambda row: "Người khác", "name is"),
    ],
)
def test_result_row_field_changed(
    built: Built, run: Run, field: str, value: Any, message: str
) -> None:
    parts = built.parts()
    row = parts["result"]["officials"][1]
    row[field] = value(row)
    check(run, encode(built, parts), f"result official 1: {message}")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ballots_collected", 7),
        ("ballots_valid", 5),
        ("total_delegates", 9),
        ("n", 8),
        ("denominator", "total_delegates"),
        ("delegates_present", 99),
        ("ballots_valid", True),
    ],
)
def test_result_session_field_changed(built: Built, run: Run, field: str, value: Any) -> None:
    parts = built.parts()
    parts["result"][field] = value
    check(run, encode(built, parts), "result: ")


def test_percentage_rounding_is_half_up(built: Built, run: Run) -> None:
    parts = built.parts()
    rows = parts["result"]["officials"]
    assert any("16.67" in row["percentages"] for row in rows)  # 1/6 = 16.666…
    for row in rows:
        row["percentages"] = [p.replace("16.67", "16.66") for p in row["percentages"]]
    check(run, encode(built, parts), "percentages is")


def test_duplicated_ballot(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["ballots"].append(parts["ballots"][0])
    check(run, encode(built, parts), "INVALID: ballot 6 (tracking code", "already cast ballot 0")


def test_dropped_ballot(built: Built, run: Run) -> None:
    parts = built.parts()
    del parts["ballots"][3]
    check(run, encode(built, parts), "tally: counts 6 ballots, the record has 5")


def test_two_ballots_with_one_credential(built: Built, run: Run) -> None:
    parts = built.parts()
    token = built.tokens[built.cast_order[0]]
    parts["ballots"][1] = new_ballot(built, token, built.choices[1])
    check(run, encode(built, parts), "INVALID: ballot 1 (tracking code", "already cast ballot 0")


def test_ballot_by_unregistered_credential(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["ballots"][4] = new_ballot(built, new_token(rng=stream(7, "card")), built.choices[4])
    check(run, encode(built, parts), "INVALID: ballot 4", "was never issued")


def test_ballot_by_voided_credential(built: Built, run: Run) -> None:
    parts = built.parts()
    parts["ballots"][4] = new_ballot(built, built.tokens[-1], built.choices[4])
    check(run, encode(built, parts), "INVALID: ballot 4", "was voided (thẻ dự phòng")
