"""Login for the secretariat, the counting committee and auditors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import (
    LoginManager,
    current_user,
    login_required,
    login_url,
    login_user,
    logout_user,
)
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .. import db
from ..models import User
from ..services import accounts
from ..services.errors import RateLimited, ServiceError
from .actions import apply
from .api import is_json_request

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
F = TypeVar("F", bound=Callable[..., Any])


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    old = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    repeat = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
    )


# Pages an account whose password someone else chose may open before it sets its own.
_BEFORE_OWN_PASSWORD = frozenset(
    {"auth.password", "auth.logout", "static", "set_language", "health.healthz"}
)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load(reference: str) -> User | None:
        return accounts.load_session_user(reference)

    @login_manager.unauthorized_handler
    def _unauthorized() -> Response:
        # A device's JSON call without a session (it ended, or never was) gets 401 with a
        # message it can show, not the login page's HTML; a page goes to the login page.
        if is_json_request():
            abort(401)
        flash(str(login_manager.login_message), login_manager.login_message_category)
        return redirect(login_url("auth.login", next_url=request.url))

    @app.before_request
    def _load_user_afresh() -> None:
        # Each request checks its session against the account (one app context may serve
        # several requests, as in the tests and the CLI: Flask-Login would reuse its user).
        g.pop("_login_user", None)

    @app.before_request
    def _own_password_first() -> Response | None:
        if request.endpoint in _BEFORE_OWN_PASSWORD:
            return None  # checked first: a stylesheet needs no database read
        if current_user.is_authenticated and current_user.must_change_password:
            return redirect(url_for("auth.password"))
        return None


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow a view only to logged-in users holding one of `roles` (403 otherwise)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            # login_required lets OPTIONS through without a login: an anonymous user has no role.
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _home_for(user: User) -> str:
    homes = {"admin": "admin.index", "committee": "committee.index", "auditor": "audit.index"}
    return url_for(homes[user.role])


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        cfg = current_app.config
        limits = (
            cfg["LOGIN_MAX_FAILURES_PER_USER"],
            cfg["LOGIN_MAX_FAILURES_PER_IP"],
            cfg["LOGIN_FAILURE_WINDOW_SECONDS"],
        )
        try:
            user = accounts.authenticate(
                form.username.data or "",
                form.password.data or "",
                request.remote_addr or "?",
                limits=limits,
            )
        except RateLimited as error:
            flash(str(error), "error")
            return render_template("auth/login.html", form=form), 429
        except ServiceError as error:
            db.session.commit()  # keep the failure: it feeds the rate limit
            flash(str(error), "error")
            return render_template("auth/login.html", form=form), 401
        _start_session(user)
        db.session.commit()
        if user.must_change_password:
            return redirect(url_for("auth.password"))
        return redirect(_home_for(user))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


def _start_session(user: User) -> None:
    """A new session for the account: nothing of the one before it (its CSRF token included)
    carries over, but the language the user chose on the login page."""
    lang = session.get("lang")
    session.clear()
    if lang is not None:
        session["lang"] = lang
    login_user(user)


@bp.post("/logout")
@login_required
def logout() -> Response:
    accounts.end_sessions(current_user)  # a copy of this session's cookie is worthless now
    db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang is not None:
        session["lang"] = lang  # the login page stays in the user's language
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Response | str | tuple[str, int]:
    """Change one's own password (required at first login for an account made by another)."""
    form = PasswordForm()
    user: User = current_user._get_current_object()
    if form.validate_on_submit() and apply(
        lambda: accounts.change_password(user, form.old.data or "", form.new.data or ""),
        str(_l("Your password is changed.")),
        form,
    ):
        _start_session(user)
        return redirect(_home_for(user))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status
