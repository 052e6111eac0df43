"""The Vietnamese catalogue covers every string the code marks for translation.

Re-extracts the messages from the source (as scripts/i18n does) into a temporary .pot, then checks
the committed vi catalogue against it: every msgid translated, none fuzzy, placeholders kept, and
the compiled catalogue loadable. No database. When a test here fails, run `scripts/i18n`, translate
the msgids it lists in ballot_service/translations/vi/LC_MESSAGES/messages.po, and run it again.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "ballot_service" / "translations"
VI_PO = TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po"
VI_MO = VI_PO.with_suffix(".mo")
HINT = f"run scripts/i18n and translate these in {VI_PO.relative_to(ROOT)}"

# %(name)s, %(count)d, … — the named placeholders gettext's python-format uses.
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")

Key = tuple[str, str | None]  # (msgid, msgctxt)


def _forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _key(message: Message) -> Key:
    return (_forms(message.id)[0], message.context)


def _show(key: Key) -> str:
    msgid, context = key
    text = msgid.replace("\n", "\\n")
    return f"[{context}] {text}" if context else text


def _placeholders(value: str | tuple[str, ...] | list[str] | None) -> set[str]:
    return {name for form in _forms(value) for name in PLACEHOLDER.findall(form)}


def _messages(catalog: Catalog) -> dict[Key, Message]:
    return {_key(m): m for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, Message]:
    """The messages the source marks today, extracted exactly as scripts/i18n extracts them."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    with pot.open("rb") as handle:
        messages = _messages(read_po(handle))
    assert messages, "extraction found no message: is babel.cfg still at the repository root?"
    return messages


@pytest.fixture(scope="module")
def vietnamese() -> Catalog:
    with VI_PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def test_every_message_has_a_vietnamese_translation(
    extracted: dict[Key, Message], vietnamese: Catalog
) -> None:
    translated = _messages(vietnamese)
    missing, fuzzy = [], []
    for key in extracted:
        message = translated.get(key)
        if message is None or not all(s.strip() for s in _forms(message.string) or ("",)):
            missing.append(_show(key))
        elif message.fuzzy:
            fuzzy.append(_show(key))
    problems = [f"untranslated: {m}" for m in missing] + [f"fuzzy: {m}" for m in fuzzy]
    assert not problems, (
        f"{len(missing)} untranslated and {len(fuzzy)} fuzzy Vietnamese messages ({HINT}):\n  "
        + "\n  ".join(problems)
    )


def test_translations_keep_the_placeholders(vietnamese: Catalog) -> None:
    wrong = []
    for key, message in _messages(vietnamese).items():
        if not any(s.strip() for s in _forms(message.string)):
            continue  # reported by the test above
        expected, found = _placeholders(message.id), _placeholders(message.string)
        if expected != found:
            wrong.append(
                f"{_show(key)}\n    expected {sorted(expected)}, found {sorted(found)}"
                f" in: {_forms(message.string)[0]}"
            )
    assert not wrong, "translations whose %(name)s placeholders differ from the msgid:\n  " + (
        "\n  ".join(wrong)
    )


def test_the_catalogue_is_well_formed(vietnamese: Catalog) -> None:
    assert str(vietnamese.locale) == "vi"
    assert not vietnamese.fuzzy, f"the catalogue header is marked fuzzy ({VI_PO.name})"
    errors = [
        f"{_show(_key(m))}: {e}"
        for m, found in [(m, m.check(vietnamese)) for m in vietnamese if m.id]
        for e in found
    ]
    assert not errors, "Babel's checks failed:\n  " + "\n  ".join(errors)


def test_the_catalogue_compiles_and_loads(vietnamese: Catalog) -> None:
    buffer = BytesIO()
    write_mo(buffer, vietnamese)
    buffer.seek(0)
    compiled = read_mo(buffer)
    assert compiled.get("Bulletin board").string == "Bảng tin công khai"
    # The committed .mo (compiled by scripts/i18n, and by scripts/run and scripts/test on start)
    # must load through Flask-Babel's own loader and agree with the .po.
    translations = Translations.load(str(TRANSLATIONS), ["vi"], "messages")
    assert isinstance(translations, Translations), f"{VI_MO} did not load"
    stale = [
        _show(_key(m))
        for m in vietnamese
        if m.id
        and isinstance(m.id, str)
        and not m.context
        and m.string
        and not m.fuzzy
        and translations.gettext(m.id) != m.string
    ]
    assert not stale, f"{VI_MO.name} is older than the .po; run scripts/i18n:\n  " + (
        "\n  ".join(stale)
    )
    assert (
        translations.gettext("Line %(line)s: %(message)s") % {"line": 3, "message": "x"}
        == "Dòng 3: x"
    )


def test_no_translation_carries_an_english_sentence(vietnamese: Catalog) -> None:
    """Found in review: two Vietnamese strings ended with another message's English sentence
    glued on (a merge gone wrong), shown as is on the tablet set-up page."""
    sentences = {
        str(m.id)
        for m in vietnamese
        if m.id and isinstance(m.id, str) and len(m.id) >= 25 and " " in m.id
    }
    glued = [
        (str(m.id)[:50], english[:50])
        for m in vietnamese
        if m.id
        for text in _forms(m.string)
        for english in sentences
        if english != m.id and english in text
    ]
    assert not glued, glued
