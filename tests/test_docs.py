"""The docs hold together: every relative link and every repository path they name exists, and
every "§N" / "§N.M" reference names a section of the document it refers to (issue 9.5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)*)[.\s]", re.MULTILINE)
SECTION_REF = re.compile(r"§(\d+(?:\.\d+)*)")
DOC_BEFORE = re.compile(r"(?:docs/)?([A-Z]+\.md) $")
RFC_BEFORE = re.compile(r"RFC \d+ $")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
REPO_PATH = re.compile(
    r"(?<![\w/.\"-])((?:ballot_service|tests|docs|scripts)/[\w./*<>…-]*(?:\.[a-z]+|/))(?![\w/<…*-])"
)
"""A repository path with an extension or a closing slash (``ballot_service/poll/7`` and
``ballot_service/v1/manifest`` are names, not paths)."""


def sections(doc: Path) -> set[str]:
    return set(HEADING.findall(doc.read_text(encoding="utf-8")))


def references(doc: Path) -> list[tuple[Path, str, int]]:
    """(document referred to, section, line) for every § reference outside RFCs."""
    found = []
    text = doc.read_text(encoding="utf-8")
    for match in SECTION_REF.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if RFC_BEFORE.search(before):
            continue
        named = DOC_BEFORE.search(before)
        target = doc if named is None else ROOT / "docs" / named.group(1)
        found.append((target, match.group(1), text.count("\n", 0, match.start()) + 1))
    return found


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_section_reference_exists(doc: Path) -> None:
    missing = [
        f"{doc.name}:{line}: §{section} of {target.name}"
        for target, section, line in references(doc)
        if not target.exists() or section not in sections(target)
    ]
    assert not missing, missing


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_relative_link_and_named_path_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = []
    for target in LINK.findall(text):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        if not (doc.parent / target.split("#")[0]).exists():
            missing.append(f"link {target}")
    for path in REPO_PATH.findall(text):
        if any(c in path for c in "*<…") or (ROOT / path).exists():
            continue
        missing.append(f"path {path}")
    assert not missing, f"{doc.name}: {missing}"


def test_the_checker_sees_a_missing_section_and_path(tmp_path: Path) -> None:
    """The two checks above can fail: a reference to a section that is not there, a path that
    does not exist."""
    doc = tmp_path / "X.md"
    doc.write_text("## 1. One\nsee §2 and RFC 9162 §2.1; docs/LAW.md §1\n", encoding="utf-8")
    refs = references(doc)
    assert [(t.name, s) for t, s, _ in refs] == [("X.md", "2"), ("LAW.md", "1")]
    assert "2" not in sections(doc) and "1" in sections(doc)
    assert REPO_PATH.findall("read docs/NOWHERE.md, not ballot_service/v1") == ["docs/NOWHERE.md"]
