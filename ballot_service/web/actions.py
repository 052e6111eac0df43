"""Running one service call from a view: commit at the request boundary, or explain the error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash
from flask_babel import gettext as _

from .. import db
from ..services.errors import RowErrors, ServiceError


def apply(action: Callable[[], Any], done: str | Callable[[Any], str], form: Any = None) -> bool:
    """Run one service call; commit on success, roll back and show the error otherwise.

    `done` is the message shown on success, or a function of the call's result giving it.
    """
    try:
        result = action()
    except ServiceError as error:
        db.session.rollback()
        if form is not None and error.field and hasattr(form, error.field):
            getattr(form, error.field).errors = [*getattr(form, error.field).errors, str(error)]
        flash(str(error), "error")
        if isinstance(error, RowErrors):
            lines = [_("Line %(line)s: %(message)s", line=n, message=m) for n, m in error.rows]
            if form is not None:  # listed next to the form the user is looking at
                form.row_errors = lines
            else:
                for line in lines:
                    flash(line, "error")
        return False
    db.session.commit()
    flash(done(result) if callable(done) else done, "ok")
    return True
