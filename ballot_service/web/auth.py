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
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import db
from ..models import User
from ..services import accounts
from ..services.errors import RateLimited, ServiceError

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
F = TypeVar("F", bound=Callable[..., Any])


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow a view only to logged-in users holding one of `roles` (403 otherwise)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
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
        login_user(user)
        db.session.commit()
        return redirect(_home_for(user))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    return redirect(url_for("auth.login"))
