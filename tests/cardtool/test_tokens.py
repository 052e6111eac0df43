"""The card token's text form and the card ID: Python (cardtool/tokens.py) and the browser
(static/js/card_code.js) write and read them alike."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from ballot_service.cardtool.tokens import card_id, grouped, parse_token, token_text
from ballot_service.crypto.credentials import Credential
from ballot_service.crypto.errors import MalformedInput

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")
FP = bytes(range(32))
HEX = "0123456789abcdef0011223344556677"  # 16 bytes as hex: not a token text


def test_text_round_trip_and_edges() -> None:
    assert token_text(bytes(16)) == "0" * 26
    assert token_text(b"\xff" * 16) == "7" + "Z" * 25
    assert grouped("ABCDEFGHJKMNPQRSTVWXYZ0123") == "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23"
    draw = random.Random(5)
    for _ in range(200):
        token = draw.randbytes(16)
        text = token_text(token)
        assert len(text) == 26 and parse_token(text) == token
        assert parse_token(grouped(text).lower()) == token
        assert parse_token(" ".join(text)) == token
    assert parse_token("O" * 26) == bytes(16)
    assert parse_token("I" + "L" * 25) == parse_token("1" * 26)


@pytest.mark.parametrize(
    "text",
    [
        *["", "abc", "0" * 25, "0" * 27, "8" + "0" * 25, "U" * 26, "0" * 25 + "!", "Z" * 26],
        *[HEX, HEX.upper(), "0123 4567-89AB cdef 0011 2233 4455 6677", "G" * 32],  # no hex form
    ],
)
def test_a_text_that_names_no_token_is_refused(text: str) -> None:
    with pytest.raises(MalformedInput):
        parse_token(text)


def test_card_id_is_the_short_code_of_x() -> None:
    public = Credential.from_token(FP, bytes(16)).public.encode()
    assert len(card_id(public)) == 9 and card_id(public)[4] == "-"


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_browser_writes_and_reads_the_same() -> None:
    draw = random.Random(11)
    tokens = [draw.randbytes(16) for _ in range(50)] + [bytes(16), b"\xff" * 16]
    publics = [Credential.from_token(FP, t).public.encode() for t in tokens[:20]]
    typed = [grouped(token_text(t)).lower() for t in tokens[:10]]
    typed += ["O" * 26, "8" + "0" * 25, "U" * 26, "0" * 25, "il" * 13]
    typed += ["", "abc", "g" * 32, HEX, HEX.upper(), " ".join(HEX), "7" + "z" * 25, "0" * 27]
    result = subprocess.run(  # fixed argv: the node binary and our script; input on stdin
        [str(NODE), str(HERE / "card_code.mjs")],
        input=json.dumps(
            {
                "tokens": [t.hex() for t in tokens],
                "publics": [p.hex() for p in publics],
                "typed": typed,
            }
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["texts"] == [token_text(t) for t in tokens]
    assert answer["grouped"] == [grouped(token_text(t)) for t in tokens]
    assert answer["ids"] == [card_id(p) for p in publics]

    def python_reads(text: str) -> str | None:
        try:
            return parse_token(text).hex()
        except MalformedInput:
            return None

    assert answer["typed"] == [python_reads(t) for t in typed]
    assert answer["typed"][:10] == [t.hex() for t in tokens[:10]]
    assert answer["typed"][11:14] == [None, None, None]
    assert answer["typed"][15:21] == [None] * 6  # "" … and the hexadecimal forms
    assert answer["typed"][21] == "f" * 32 and answer["typed"][22] is None
