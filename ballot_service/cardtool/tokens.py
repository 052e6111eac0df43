"""The card token as text and the card's identifier (docs/PROTOCOL.md §6.1).

The 16-byte token t is written as 26 Crockford base32 characters (0-9, A-Z without I L O U) of
the 128-bit number t, big-endian, the first character carrying the top 3 bits (so it is 0–7).
The URL fragment carries the 26 characters; the card prints them in groups of 4 for typing.
Reading ignores case, spaces and dashes and takes I, L as 1 and O as 0; this is the token's
only text form (32 hexadecimal digits are refused). static/js/card_code.js mirrors this module.
The card identifier is the first 8 characters of the short code of X (the public credential).
"""

from __future__ import annotations

from ..crypto.ballot_types import short_code
from ..crypto.credentials import TOKEN_BYTES
from ..crypto.errors import MalformedInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_CHARS = 26
_READ = str.maketrans("ILO", "110")


def token_text(token: bytes) -> str:
    """The 26 characters of the token, as in the card's URL fragment."""
    if len(token) != TOKEN_BYTES:
        raise MalformedInput(f"card token: expected {TOKEN_BYTES} bytes, got {len(token)}")
    n = int.from_bytes(token, "big")
    return "".join(ALPHABET[(n >> (5 * (TOKEN_CHARS - 1 - k))) & 31] for k in range(TOKEN_CHARS))


def grouped(text: str) -> str:
    """The token text in groups of 4 (the last of 2), as printed for typing."""
    return "-".join(text[k : k + 4] for k in range(0, len(text), 4))


def parse_token(text: str) -> bytes:
    """The token a typed or scanned text names; MalformedInput if it names none."""
    compact = "".join(text.split()).replace("-", "").upper().translate(_READ)
    if len(compact) != TOKEN_CHARS or any(ch not in ALPHABET for ch in compact):
        raise MalformedInput(f"card token: {TOKEN_CHARS} Crockford base32 characters expected")
    n = 0
    for ch in compact:
        n = n << 5 | ALPHABET.index(ch)
    if n >> (8 * TOKEN_BYTES):
        raise MalformedInput("card token: the first character must be 0-7")
    return n.to_bytes(TOKEN_BYTES, "big")


def card_id(public: bytes) -> str:
    """The card's identifier on the sheet and the void page: short code of X, first 8 chars."""
    return short_code(public)[:9]
