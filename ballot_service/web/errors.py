"""Error pages in the user's language; a service refusal never shows a stack trace."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .. import db
from ..services.errors import ServiceError
from .api import error_response, is_json_request


def init_app(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service(error: ServiceError) -> Any:
        db.session.rollback()
        if is_json_request():
            return error_response(error.status, str(error))
        return render_template(
            "errors/error.html", title=_("Refused"), message=str(error)
        ), error.status

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> Any:
        if is_json_request():
            return error_response(400, _("The page has expired. Reload it and submit again."))
        return render_template(
            "errors/error.html",
            title=_("The page has expired"),
            message=_("The page has expired. Reload it and submit again."),
        ), 400

    @app.errorhandler(InternalServerError)
    def _internal(_error: InternalServerError) -> Any:
        # The failed request may have left the session unusable (a flush that failed): the
        # error page itself reads the database (the logged-in user), so start clean.
        db.session.rollback()
        if is_json_request():
            return error_response(500, _("The request could not be handled."))
        return render_template(
            "errors/error.html",
            title=_("Error"),
            message=_("The request could not be handled."),
        ), 500

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        titles = {
            401: _("Not logged in"),
            403: _("Not allowed"),
            404: _("Not found"),
            405: _("Not allowed"),
            413: _("Too large"),
            429: _("Too many requests"),
            400: _("Bad request"),
        }
        messages = {
            401: _("You are not logged in, or your session has ended: log in again."),
            403: _("Your account may not open this page."),
            404: _("There is no such page."),
            413: _("The upload is too large."),
            429: _("Too many requests. Wait a little and try again."),
        }
        code = error.code or 500
        if is_json_request():  # a JSON client gets {"error": …} in its language
            own = error.description != type(error).description  # raised with a message
            fallback = messages.get(code, titles.get(code, _("Error")))
            return error_response(code, str(error.description if own else fallback))
        return render_template(
            "errors/error.html",
            title=titles.get(code, _("Error")),
            message=messages.get(code, _("The request could not be handled.")),
        ), code
