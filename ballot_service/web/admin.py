"""The secretariat's pages: council, delegates, officials, polls and accounts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import db
from ..models import Council, Poll, User
from ..rules import setup_checks
from ..rules.names import person_key, text_key
from ..services import accounts, councils, lifecycle, polls
from . import forms, moves
from .actions import apply
from .auth import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
Page = Response | str | tuple[str, int]


@bp.before_request
@role_required("admin")
def _only_admin() -> None:
    return None


def _user() -> User:
    """The logged-in account as the services take it (the acting user)."""
    user: User = current_user._get_current_object()
    return user


def invalid(form: Any) -> int:
    return 400 if request.method == "POST" else 200


@bp.get("/")
def index() -> Page:
    all_councils = sorted(db.session.scalars(select(Council)), key=lambda c: text_key(c.name))
    all_polls = db.session.scalars(select(Poll).order_by(Poll.id.desc())).all()
    return render_template("admin/index.html", councils=all_councils, polls=all_polls)


def _council_fields(form: forms.CouncilForm) -> tuple[str, str, int, str]:
    """Name, level, total delegates and place, as the council service takes them."""
    return (
        form.name.data or "",
        form.level.data or "",
        form.total_delegates.data or 0,
        form.place.data or "",
    )


@bp.route("/councils/new", methods=["GET", "POST"])
def council_new() -> Page:
    form = forms.CouncilForm()
    if form.validate_on_submit():
        created: list[Council] = []
        if apply(
            lambda: created.append(councils.create_council(*_council_fields(form))),
            _("Council created."),
            form,
        ):
            return redirect(url_for(".council", council_id=created[0].id))
    return render_template("admin/council_form.html", form=form), invalid(form)


@bp.route("/councils/<id:council_id>", methods=["GET", "POST"])
def council(council_id: int) -> Page:
    item = councils.get_council(council_id)
    form = forms.CouncilForm(obj=item)
    if form.validate_on_submit() and apply(
        lambda: councils.update_council(item, *_council_fields(form)),
        _("Council saved."),
        form,
    ):
        return redirect(url_for(".council", council_id=item.id))
    council_polls = db.session.scalars(
        select(Poll).where(Poll.council_id == item.id).order_by(Poll.id.desc())
    ).all()
    return render_template(
        "admin/council.html", council=item, form=form, polls=council_polls
    ), invalid(form)


@bp.route("/councils/<id:council_id>/delegates", methods=["GET", "POST"])
def delegates(council_id: int) -> Page:
    item = councils.get_council(council_id)
    form, upload = forms.DelegateForm(prefix="one"), forms.ImportForm(prefix="csv")
    presence = forms.PresenceForm(prefix="presence")
    presence.present.choices = forms.options((d.id, d.name) for d in item.delegates)
    if request.form.get("action") == "add" and form.validate_on_submit():
        if apply(
            lambda: councils.add_delegate(
                item, form.number.data or 0, form.name.data or "", bool(form.present.data)
            ),
            _("Delegate added."),
            form,
        ):
            return redirect(request.path)
    elif request.form.get("action") == "import" and upload.validate_on_submit():
        data = upload.file.data.read().decode("utf-8", "replace") if upload.file.data else ""
        text = data or upload.text.data or ""
        if apply(
            lambda: councils.import_delegates(item, text),
            lambda count: _("%(n)s delegates imported.", n=count),
            upload,
        ):
            return redirect(request.path)
    elif request.form.get("action") == "presence" and presence.validate_on_submit():
        if apply(
            lambda: councils.set_presence(item, set(presence.present.data or [])),
            _("Presence saved."),
        ):
            return redirect(request.path)
    elif request.method == "POST" and not request.form.get("csrf_token"):
        flash(_("The page has expired. Reload it and submit again."), "error")
    # A refused presence form comes back as the user left it, not as it is saved.
    checked = (
        set(presence.present.data or [])
        if request.form.get("action") == "presence"
        else {d.id for d in item.delegates if d.present}
    )
    return render_template(
        "admin/delegates.html",
        council=item,
        form=form,
        upload=upload,
        presence=presence,
        checked=checked,
    ), invalid(form)


@bp.route("/delegates/<id:delegate_id>", methods=["GET", "POST"])
def delegate(delegate_id: int) -> Page:
    item = councils.get_delegate(delegate_id)
    form = forms.DelegateEditForm(obj=item)
    if form.validate_on_submit() and apply(
        lambda: councils.update_delegate(item, form.number.data or 0, form.name.data or ""),
        _("Delegate saved."),
        form,
    ):
        return redirect(url_for(".delegates", council_id=item.council_id))
    removal = forms.RemoveForm(prefix="remove", formdata=None)
    return render_template(
        "admin/delegate.html", delegate=item, form=form, removal=removal
    ), invalid(form)


@bp.post("/delegates/<id:delegate_id>/remove")
def delegate_remove(delegate_id: int) -> Page:
    item = councils.get_delegate(delegate_id)
    council_id = item.council_id
    removal = forms.RemoveForm(prefix="remove")
    if removal.validate_on_submit() and apply(
        lambda: councils.remove_delegate(item),
        _("Delegate removed from the roster."),
        removal,
    ):
        return redirect(url_for(".delegates", council_id=council_id))
    form = forms.DelegateEditForm(obj=item, formdata=None)
    return render_template("admin/delegate.html", delegate=item, form=form, removal=removal), 400


def _official_form(item: Council, obj: Any = None, *, submitted: bool = True) -> forms.OfficialForm:
    form = forms.OfficialForm(obj=obj, **({} if submitted else {"formdata": None}))
    form.delegate_id.choices = forms.options(
        [(0, "—"), *((d.id, f"{d.number}. {d.name}") for d in item.delegates)]
    )
    if obj is not None and not submitted:
        form.positions.data = "\n".join(obj.positions)
        form.delegate_id.data = obj.delegate_id or 0
    return form


@bp.route("/councils/<id:council_id>/officials", methods=["GET", "POST"])
def officials(council_id: int) -> Page:
    item = councils.get_council(council_id)
    form = _official_form(item)
    if form.validate_on_submit() and apply(
        lambda: councils.save_official(
            item,
            form.name.data or "",
            (form.positions.data or "").splitlines(),
            form.bloc.data or "",
            form.order.data or 0,
            delegate_id=form.delegate_id.data or None,
        ),
        _("Official added."),
        form,
    ):
        return redirect(request.path)
    return render_template("admin/officials.html", council=item, form=form), invalid(form)


@bp.route("/officials/<id:official_id>", methods=["GET", "POST"])
def official(official_id: int) -> Page:
    item = councils.get_official(official_id)
    action = request.form.get("action")
    form = _official_form(item.council, item, submitted=action == "save")
    exclusion = forms.ExclusionForm(
        prefix="ex",
        obj=item,
        reason=item.exclusion_reason,
        **({} if action == "exclude" else {"formdata": None}),
    )
    if request.form.get("action") == "exclude" and exclusion.validate_on_submit():
        if apply(
            lambda: councils.set_exclusion(
                item, bool(exclusion.excluded.data), exclusion.reason.data or ""
            ),
            _("Saved."),
            exclusion,
        ):
            return redirect(request.path)
    elif request.form.get("action") == "save" and form.validate_on_submit():  # noqa: SIM102 - one branch per form on the page
        if apply(
            lambda: councils.save_official(
                item.council,
                form.name.data or "",
                (form.positions.data or "").splitlines(),
                form.bloc.data or "",
                form.order.data or 0,
                official=item,
                delegate_id=form.delegate_id.data or None,
            ),
            _("Saved."),
            form,
        ):
            return redirect(request.path)
    return render_template(
        "admin/official.html", official=item, form=form, exclusion=exclusion
    ), invalid(form)


@bp.route("/councils/<id:council_id>/polls/new", methods=["GET", "POST"])
def poll_new(council_id: int) -> Page:
    item = councils.get_council(council_id)
    form = forms.PollForm()
    if form.validate_on_submit():
        created: list[Poll] = []
        if apply(
            lambda: created.append(
                polls.create_poll(
                    item,
                    form.kind.data or "",
                    form.title.data or "",
                    session_name=form.session_name.data or "",
                    meeting_date=form.meeting_date.data,
                    place=form.place.data or "",
                    denominator=form.denominator.data,
                )
            ),
            _("Poll created."),
            form,
        ):
            return redirect(url_for(".poll", poll_id=created[0].id))
    return render_template("admin/poll_form.html", council=item, form=form), invalid(form)


def _committee_form(item: Poll, *, submitted: bool = False) -> forms.CommitteeForm:
    # Only the form that was posted reads the request; the others show what is saved.
    form = forms.CommitteeForm(prefix="committee", **({} if submitted else {"formdata": None}))
    users = sorted(
        db.session.scalars(select(User).where(User.role == "committee", User.active)),
        key=lambda u: person_key(u.display_name),
    )
    form.members.choices = forms.options((u.id, u.display_name) for u in users)
    form.chair.choices = forms.options((u.id, u.display_name) for u in users)
    if not submitted:
        form.members.data = [t.user_id for t in item.trustees]
        form.chair.data = next((t.user_id for t in item.trustees if t.is_chair), None)
        form.threshold.data = item.threshold
        form.second_member_confirms.data = item.second_member_confirms
    return form


def _rated_form(item: Poll, *, submitted: bool = False) -> forms.RatedForm:
    rated = forms.RatedForm(prefix="rated", **({} if submitted else {"formdata": None}))
    on_ballot = {r.official_id for r in item.rated}
    # An official excluded after being chosen stays listed (and named so) until unticked.
    rated.officials.choices = forms.options(
        (
            o.id,
            f"{o.name} — {'; '.join(o.positions)}"
            + (f" ({_('Not rated')}: {o.exclusion_reason})" if o.excluded else ""),
        )
        for o in item.council.officials
        if not o.excluded or o.id in on_ballot
    )
    if not submitted:
        rated.officials.data = [r.official_id for r in item.rated]
    return rated


def _poll_page(
    item: Poll,
    *,
    edit: forms.PollForm | None = None,
    rated: forms.RatedForm | None = None,
    committee: forms.CommitteeForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The poll's page; the form just submitted (if any) keeps its data and errors."""
    return render_template(
        "admin/poll.html",
        poll=item,
        edit=edit or forms.PollForm(prefix="edit", obj=item, formdata=None),
        rated=rated or _rated_form(item),
        committee=committee or _committee_form(item),
        move=forms.TransitionForm(prefix="move"),
        counts=polls.counts(item),
        targets=lifecycle.moves_for(item, "admin"),
        below_majority=polls.threshold_below_majority(item),
    ), status


@bp.get("/polls/<id:poll_id>")
def poll(poll_id: int) -> Page:
    return _poll_page(polls.get_poll(poll_id))


@bp.post("/polls/<id:poll_id>/details")
def poll_details(poll_id: int) -> Page:
    item = polls.get_poll(poll_id)
    edit = forms.PollForm(prefix="edit", obj=item)
    if edit.validate_on_submit() and apply(
        lambda: polls.update_poll(
            item,
            edit.title.data or "",
            edit.session_name.data or "",
            edit.meeting_date.data,
            edit.place.data or "",
            edit.denominator.data or "",
        ),
        _("Saved."),
        edit,
    ):
        return redirect(url_for(".poll", poll_id=item.id))
    return _poll_page(item, edit=edit, status=400)


@bp.post("/polls/<id:poll_id>/rated")
def poll_rated(poll_id: int) -> Page:
    item = polls.get_poll(poll_id)
    rated = _rated_form(item, submitted=True)
    if rated.validate_on_submit() and apply(
        lambda: polls.set_rated(item, list(rated.officials.data or [])),
        _("Officials rated saved."),
    ):
        return redirect(url_for(".poll", poll_id=item.id))
    return _poll_page(item, rated=rated, status=400)


def _low_threshold_refused(committee: forms.CommitteeForm) -> bool:
    """A k below a majority is saved only once the user confirms what it means."""
    k, n = committee.threshold.data, len(set(committee.members.data or []))
    if k is None or n == 0 or not setup_checks.below_majority(k, n):
        return False
    if committee.accept_below_majority.data:
        return False
    committee.accept_below_majority.errors = [
        _(
            "%(k)s of %(n)s is fewer than a majority of the committee (%(m)s): a minority of "
            "%(k)s members acting together could decrypt any single ballot, not only the count. "
            "Tick the box to confirm this is what the council decided, or raise k.",
            k=k,
            n=n,
            m=setup_checks.majority(n),
        )
    ]
    return True


@bp.post("/polls/<id:poll_id>/committee")
def poll_committee(poll_id: int) -> Page:
    item = polls.get_poll(poll_id)
    committee = _committee_form(item, submitted=True)
    if committee.validate_on_submit() and _low_threshold_refused(committee):
        return _poll_page(item, committee=committee, status=400)
    if committee.validate_on_submit() and apply(
        lambda: polls.set_committee(
            item,
            list(committee.members.data or []),
            committee.chair.data or 0,
            committee.threshold.data,
            second_member_confirms=bool(committee.second_member_confirms.data),
        ),
        _("Counting committee saved."),
        committee,
    ):
        return redirect(url_for(".poll", poll_id=item.id))
    return _poll_page(item, committee=committee, status=400)


@bp.post("/polls/<id:poll_id>/move")
def poll_move(poll_id: int) -> Page:
    item = polls.get_poll(poll_id)
    move = forms.TransitionForm(prefix="move")
    if move.validate_on_submit() and apply(
        lambda: lifecycle.request_move(
            item, move.target.data or "", _user(), seen_state=move.seen.data or None
        ),
        lambda _pending: moves.moved_message(item.state),
    ):
        return redirect(url_for(".poll", poll_id=item.id))
    return _poll_page(item, status=400)


@bp.route("/users", methods=["GET", "POST"])
def users() -> Page:
    form = forms.UserForm()
    delegates_all = [d for c in db.session.scalars(select(Council)).all() for d in c.delegates]
    form.delegate_id.choices = forms.options(
        [(0, "—"), *((d.id, f"{d.council.name}: {d.number}. {d.name}") for d in delegates_all)]
    )
    if form.validate_on_submit():

        def create() -> None:
            # The secretariat chooses a first password only: the owner sets their own at first
            # login, so nobody else knows a committee member's password.
            accounts.create_user(
                form.username.data or "",
                form.password.data or "",
                form.role.data or "",
                form.display_name.data or "",
                delegate_id=form.delegate_id.data or None,
                must_change_password=True,
            )

        if apply(create, _("Account created."), form):
            return redirect(request.path)
    everyone = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", users=everyone, form=form), invalid(form)


def _account_action(user_id: int, change: Any, done: str) -> Response:
    form = forms.ActionForm()
    user = accounts.get_user(user_id)
    if form.validate_on_submit():
        apply(lambda: change(user), done)
    return redirect(url_for(".users"))


@bp.post("/users/<id:user_id>/deactivate")
def user_deactivate(user_id: int) -> Response:
    return _account_action(
        user_id,
        lambda user: accounts.set_active(user, False, actor=current_user),
        _("The account is deactivated; its sessions have ended."),
    )


@bp.post("/users/<id:user_id>/activate")
def user_activate(user_id: int) -> Response:
    return _account_action(
        user_id,
        lambda user: accounts.set_active(user, True, actor=current_user),
        _("The account is active again."),
    )


@bp.post("/users/<id:user_id>/unlock")
def user_unlock(user_id: int) -> Response:
    return _account_action(
        user_id, accounts.unlock, _("The account's failed logins are forgotten: it may log in.")
    )
