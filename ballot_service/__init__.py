"""ballot_service: end-to-end verifiable confidence polls and votes for People's Councils.

Importing the package loads nothing but this module, so the pure packages (crypto, ledger,
record, rules, verifier) and `ballot-verify` run without Flask or SQLAlchemy installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: validated config, unbound extensions, one blueprint per audience."""
    from flask import Flask

    from . import config as config_module
    from . import db

    # One web root: ballot_service/web/ holds the blueprints, templates/ and static/.
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="web/templates",
        static_folder="web/static",
    )
    app.config.from_mapping(test_config or {})
    settings = config_module.load(app.config, app.instance_path, app.root_path, test_config or {})
    app.extensions["ballot_settings"] = settings
    if "ENGINE" not in app.config:
        db.bind(db.make_engine(settings.database_url))

    from .web import init_web

    init_web(app)

    from . import cli

    cli.init_app(app)
    return app
