"""Vietnamese order of names: the collation key for every list of names the service sorts.

Vietnamese lists (rolls of delegates, lists of candidates) sort people by **given name** (the
last word), then family name (the first word), then the middle names, in the Vietnamese
alphabet

    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y

(f, j, w, z, which appear in foreign names, keep their Latin places), so Đ comes after D and
not after Z, and Ă, Â after A. Tone marks only break ties between otherwise equal names, in the
dictionary order of tones: none, huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ) (in a person's
name, within the given name before the family name is looked at). Letters are
compared one by one (digraphs such as ch, ng, th are not letters of their own). Case does not
matter; non-letters sort before letters.
"""

from __future__ import annotations

import unicodedata

__all__ = ["NameKey", "person_key", "text_key"]

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Combining marks that make a letter of its own (ă â ê ô ơ ư) stay with the letter; these five
# are tones.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

Letters = tuple[tuple[int, int], ...]
PartKey = tuple[Letters, tuple[int, ...]]
NameKey = tuple[tuple[PartKey, ...], str]


def _split(text: str) -> tuple[Letters, tuple[int, ...]]:
    """(letters as (class, rank) pairs, tones) of one piece of text."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        parts = unicodedata.normalize("NFD", char)
        tone = next((_TONES[m] for m in parts if m in _TONES), 0)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        if base in _RANK:
            letters.append((1, _RANK[base]))
        else:
            letters.append((0, ord(base[0]) if base else 0))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def text_key(text: str) -> NameKey:
    """The Vietnamese order of a text as written (a council's name, a title)."""
    return (_split(text.strip()),), text


def person_key(name: str) -> NameKey:
    """The Vietnamese order of a person's full name: given name, then family name, then the
    middle names, each compared in full (tones included) before the next ("Trần Văn Dung"
    before "Đỗ Văn Dũng"; "Nguyễn Văn An" before "Lê Thị Anh")."""
    words = name.split()
    if len(words) < 2:
        return text_key(name)
    parts = (words[-1], words[0], " ".join(words[1:-1]))
    return tuple(_split(part) for part in parts), name
