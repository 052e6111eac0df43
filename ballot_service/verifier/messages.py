"""The verifier's reasons in Vietnamese or English (issue 14.15).

The checks, and the crypto, ledger and record errors they report, build their English messages
from the templates of ``catalogue.CATALOGUE``. ``explain`` finds the templates a message was
built from and gives their stable codes and the message in the language asked, so the core
keeps one plain English message (its logs and tests read it) and the verifier prints either.

A message is one template, or ``OBJECT: MESSAGE`` (the object that failed, e.g. "ballot 3
(tracking code 3f2a…)", then why), nested as deep as the layers that added a prefix.
Placeholders in a template:
* ``{reason}`` and ``{object}``: themselves a message of the catalogue, translated in turn;
* ``{field}``: a field's name, translated when the catalogue has it, else copied;
* a name in ``NUMBERS``: decimal digits, copied;
* any other name: a value from the record or the system (hex, names, JSON, an OS error),
  copied as it is.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from ..rules.kinds import Lang
from .catalogue import CATALOGUE

NESTED = frozenset({"reason", "object"})
TERMS = frozenset({"field"})
FREE = frozenset({"cause", "text", "value", "operands"})
"""Free text from outside (an OS or JSON parser error, a value as found)."""
WORDS = frozenset(
    {
        "event",
        "earlier",
        "key_id",
        "code",
        "credential",
        "fp",
        "hex",
        "attr",
        "option",
        "type",
        "name",
    }
)
"""One word: an event type, a key id, hex."""
HEX = frozenset({"key_id", "code", "fp", "hex"})
NUMBERS = frozenset(
    {"i", "j", "m", "n", "c", "v", "k", "size", "seq", "index", "first", "last", "limit"}
)
UNKNOWN = "unknown"
"""The code of a message no template explains (never expected: the tests look for it)."""


@dataclass(frozen=True)
class Template:
    code: str
    en: str
    vi: str
    head: str
    """The literal text before the first placeholder."""
    slots: tuple[tuple[str, str], ...]
    """(placeholder, literal text after it), in order."""

    def text(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Explained:
    """A message explained: the codes of its templates (outermost first) and its text."""

    codes: tuple[str, ...]
    text: str


def _compile(code: str, en: str, vi: str) -> Template:
    head, slots, name = "", [], None
    for literal, field, _, _ in string.Formatter().parse(en):
        if name is None:
            head += literal
        else:
            slots[-1] = (name, slots[-1][1] + literal)
        if field is not None:
            name = field
            slots.append((field, ""))
    return Template(code, en, vi, head, tuple(slots))


def _literal(template: Template) -> int:
    return len(template.head) + sum(len(after) for _, after in template.slots)


TEMPLATES: tuple[Template, ...] = tuple(
    sorted((_compile(*entry) for entry in CATALOGUE), key=lambda t: -_literal(t))
)
"""Most specific first: where two templates fit, the one with more literal text explains."""
_BY_CODE = {t.code: t for t in TEMPLATES}


def placeholders(template: str) -> set[str]:
    """The placeholder names of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _value(name: str, value: str, lang: Lang) -> tuple[str, tuple[str, ...]] | None:
    if name in NESTED:
        found = _explain(value, lang)
        return None if found is None else (found.text, found.codes)
    if name in TERMS:
        term = _whole(value, lang)
        if term is None:  # a name from the record, never a message of its own
            return None if _holds_message(value) else (value, ())
        return term.text, term.codes
    if name in NUMBERS and not value.isdigit():
        return None
    if name in WORDS and (not value or any(c.isspace() for c in value)):
        return None
    if name in HEX and any(c not in "0123456789abcdef" for c in value):
        return None
    if name not in FREE and _holds_message(value):
        return None
    return value, ()


def _holds_message(value: str) -> bool:
    """A value of the record never ends a message's object ("…: why") or holds one."""
    return ": " in value or value.endswith(":")


def _bind(
    template: Template, text: str, lang: Lang
) -> tuple[dict[str, str], tuple[str, ...]] | None:
    """The placeholders' values when ``text`` is ``template`` filled in, else None."""
    if not text.startswith(template.head):
        return None

    def slots(k: int, pos: int) -> tuple[dict[str, str], tuple[str, ...]] | None:
        if k == len(template.slots):
            return ({}, ()) if pos == len(text) else None
        name, after = template.slots[k]
        last = k == len(template.slots) - 1
        if after == "" or last:
            ends = [len(text) - len(after)] if text.endswith(after) else []
        else:
            ends = []
            at = text.find(after, pos + 1)
            while at != -1:
                ends.append(at)
                at = text.find(after, at + 1)
        if name in TERMS:  # a field the catalogue names wins over a longer or shorter guess
            ends.sort(key=lambda end: (_whole(text[pos:end], lang) is None, -end))
        for end in ends:
            if end <= pos:
                continue
            value = _value(name, text[pos:end], lang)
            if value is None:
                continue
            rest = slots(k + 1, end + len(after))
            if rest is not None:
                return {name: value[0], **rest[0]}, value[1] + rest[1]
        return None

    return slots(0, len(template.head))


@lru_cache(maxsize=4096)
def _whole(text: str, lang: Lang) -> Explained | None:
    """``text`` as one template of the catalogue (the most specific that fits)."""
    for template in TEMPLATES:
        bound = _bind(template, text, lang)
        if bound is not None:
            values, codes = bound
            return Explained((template.code, *codes), template.text(lang).format(**values))
    return None


@lru_cache(maxsize=4096)
def _explain(text: str, lang: Lang) -> Explained | None:
    whole = _whole(text, lang)
    if whole is not None:
        return whole
    at = text.rfind(": ")
    while at != -1:  # the longest object first: "signature: challenge" is a field, not a file
        head = _whole(text[:at], lang)
        if head is not None:
            rest = _explain(text[at + 2 :], lang)
            if rest is not None:
                return Explained(head.codes + rest.codes, f"{head.text}: {rest.text}")
        at = text.rfind(": ", 0, at)
    return None


def explain(message: str, lang: Lang) -> Explained:
    """``message`` in ``lang`` with the codes of its templates; a message no template explains
    keeps its English text under the code ``unknown``."""
    found = _explain(message, lang)
    if found is None:
        return Explained((UNKNOWN,), message)
    return found


def phrase(code: str, lang: Lang, **values: object) -> str:
    """The template ``code`` filled in, in ``lang`` (for the verifier's own lines)."""
    return _BY_CODE[code].text(lang).format(**values)
