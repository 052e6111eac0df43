"""The web root is one folder, and packaging ships everything under it."""

from __future__ import annotations

import configparser
import fnmatch
from pathlib import Path

from ballot_service import create_app

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ballot_service"
WEB = PACKAGE / "web"


def _package_data() -> list[str]:
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    return [p.strip() for p in setup["options.package_data"]["ballot_service"].split(",")]


def _shipped(relative: str, patterns: list[str]) -> bool:
    # setuptools expands "a/**/*" recursively: any depth below a/.
    return any(
        fnmatch.fnmatch(relative, pattern.replace("/**/", "/*"))
        or fnmatch.fnmatch(relative, pattern)
        for pattern in patterns
    )


def test_templates_and_static_files_live_side_by_side_under_web(tmp_path: Path) -> None:
    assert not (PACKAGE / "templates").exists(), "templates belong under ballot_service/web/"
    app = create_app(
        {
            "TESTING": True,
            "ENGINE": object(),
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    assert Path(app.root_path, str(app.template_folder)) == WEB / "templates"
    assert Path(str(app.static_folder)) == WEB / "static"
    assert (WEB / "templates" / "base.html").is_file()


def test_packaging_ships_every_template_and_static_file() -> None:
    patterns = _package_data()
    files = [
        path.relative_to(PACKAGE).as_posix()
        for folder in (WEB / "templates", WEB / "static")
        for path in folder.rglob("*")
        if path.is_file()
    ]
    assert files
    # A file the device code adds later (web/static/js/device/…) is covered by the same pattern.
    files.append("web/static/js/device/ballot.js")
    files.append("services/common_passwords.txt")  # the password policy's bundled list
    missing = [f for f in files if not _shipped(f, patterns)]
    assert not missing, missing


def test_babel_extracts_from_the_web_templates() -> None:
    text = (ROOT / "babel.cfg").read_text()
    assert "[jinja2: ballot_service/web/templates/**.html]" in text
