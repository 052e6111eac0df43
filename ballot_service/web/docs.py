"""The protocol documents (docs/*.md) as pages of the site, so the board can link them.

Only the named documents are served, as plain text inside a page (escaped by the template: no
Markdown rendering, no HTML from the file ever reaches the browser) or as text/plain.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, render_template
from werkzeug.wrappers import Response

bp = Blueprint("docs", __name__, url_prefix="/docs")

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
DOCUMENTS = ("PROTOCOL", "RECORD", "LOG", "LAW")  # an allow-list: never a path from the URL


def _text(name: str) -> str:
    if name not in DOCUMENTS:
        abort(404)
    path = DOCS_DIR / f"{name}.md"
    if not path.is_file():
        abort(404)
    return path.read_text("utf-8")


@bp.get("/")
def index() -> str:
    return render_template(
        "docs/index.html", names=[n for n in DOCUMENTS if (DOCS_DIR / f"{n}.md").is_file()]
    )


@bp.get("/<name>")
def page(name: str) -> str:
    return render_template("docs/page.html", name=name, text=_text(name))


@bp.get("/<name>.md")
def raw(name: str) -> Response:
    return Response(_text(name), mimetype="text/plain; charset=utf-8")
