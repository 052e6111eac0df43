"""What a name may hold: no control, format (bidi) or separator characters.

Names (council, delegate, official, position, poll title, account) are shown on pages, printed
in the minutes and by `ballot-verify` on a terminal. A control character (ESC, BEL, NUL, …) can
rewrite a terminal's screen, and a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 …) can make
one row read as another; none has a place in a Vietnamese or English name, so they are refused
where names are entered.
"""

from __future__ import annotations

import unicodedata

# Cc control, Cf format (the bidi controls U+200E/F, U+202A–E, U+2066–9, U+061C; zero-width
# characters), Cs lone surrogates, Co private use, Zl/Zp line and paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def unsafe_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, as "U+XXXX", or None when all are allowed.

    With `multiline`, line breaks (LF, CR) are allowed, as in a list of positions.
    """
    for char in text:
        if multiline and char in "\n\r":
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None
