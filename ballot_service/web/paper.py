"""Paper counts for the secretariat and the council's counting committee: set up the list and the
committee, type the counts, then the result table, the count minutes and the draft resolution."""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from .. import db
from ..models import PaperCount, User
from ..rules.kinds import Level, PollKind
from ..rules.names import person_key
from ..services import councils, minutes, paper
from ..services.errors import ServiceError
from . import forms
from . import minutes as minutes_page
from .actions import apply
from .auth import role_required

bp = Blueprint("paper", __name__, url_prefix="/paper")

Page = Response | str | tuple[str, int]

FIGURE_LABELS = {
    "total_delegates": _l("Total number of delegates"),
    "delegates_present": _l("Delegates present"),
    "ballots_issued": _l("Ballots issued"),
    "ballots_collected": _l("Ballots collected"),
    "ballots_invalid": _l("Invalid ballots (not on the official form)"),
    "count_started": _l("Count began (HH:MM)"),
    "count_ended": _l("Count ended (HH:MM)"),
}


class PaperForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=forms.KINDS)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    session_name = StringField(_l("Session"), validators=[Optional(), Length(max=300)])
    meeting_date = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    denominator = SelectField(_l("Percentages computed on"), choices=forms.DENOMINATORS)
    chair = SelectField(_l("Chair of the counting committee"), coerce=int)
    members = SelectMultipleField(_l("Members of the counting committee"), coerce=int)


@bp.before_request
@role_required("admin", "committee")
def _only_staff() -> None:
    return None


def _user() -> User:
    user: User = current_user._get_current_object()
    return user


def _get(paper_id: int) -> PaperCount:
    item = paper.get(paper_id)
    paper.check_access(item, _user())
    return item


@bp.get("/")
def index() -> str:
    return render_template(
        "paper/index.html",
        counts=paper.listing(_user()),
        councils=paper.councils_for(_user()),
    )


@bp.route("/councils/<id:council_id>/new", methods=["GET", "POST"])
def new(council_id: int) -> Page:
    council = councils.get_council(council_id)
    paper.check_council(council, _user())  # the roster is not another council's to read
    form = PaperForm()
    delegates = sorted(council.delegates, key=lambda d: person_key(d.name))
    choices = forms.options((d.id, f"{d.number}. {d.name}") for d in delegates)
    form.chair.choices = choices
    form.members.choices = choices
    created: list[PaperCount] = []
    if form.validate_on_submit() and apply(
        lambda: created.append(
            paper.create(
                council,
                _user(),
                kind=form.kind.data or "",
                title=form.title.data or "",
                session_name=form.session_name.data or "",
                meeting_date=form.meeting_date.data,
                place=form.place.data or "",
                denominator=form.denominator.data,
                chair_id=form.chair.data,
                member_ids=list(form.members.data or []),
            )
        ),
        _("The paper count is set up; type the counts."),
        form,
    ):
        return redirect(url_for(".counts", paper_id=created[0].id))
    status = 400 if request.method == "POST" else 200
    return render_template("paper/new.html", council=council, form=form), status


def _typed(item: PaperCount) -> paper.Typed:
    kind = PollKind(item.kind)
    size = len(paper.manifest_of(item)["officials"])
    return paper.Typed(
        figures={name: request.form.get(name, "") for name in paper.FIGURES},
        count_started=request.form.get("count_started", ""),
        count_ended=request.form.get("count_ended", ""),
        rows=[
            (
                [request.form.get(f"row-{i}-{level.value}", "") for level in kind.levels],
                request.form.get(f"row-{i}-blank", ""),
            )
            for i in range(size)
        ],
    )


@bp.route("/<id:paper_id>", methods=["GET", "POST"])
def counts(paper_id: int) -> Page:
    item = _get(paper_id)
    form = FlaskForm()  # the CSRF token of the counts form
    row_errors: dict[int, list[str]] = {}
    field_errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("The page has expired. Reload it and submit again."), "error")
            status = 400
        else:
            try:
                paper.save_counts(item, _user(), _typed(item))
            except paper.CountsRejected as rejected:
                db.session.rollback()
                flash(str(rejected), "error")
                for line, message in rejected.rows:
                    row_errors.setdefault(line, []).append(message)
                field_errors = rejected.fields
                status = 400
            except ServiceError as error:
                db.session.rollback()
                flash(str(error), "error")
                status = error.status
            else:
                db.session.commit()
                flash(_("The counts are saved and the result computed."), "ok")
                return redirect(url_for(".counts", paper_id=item.id))
    return render_template(
        "paper/counts.html",
        item=item,
        form=form,
        manifest=paper.manifest_of(item),
        levels=[Level(code) for code in PollKind(item.kind).levels],
        figure_labels=FIGURE_LABELS,
        figures=paper.FIGURES,
        typed=request.form if request.method == "POST" else _saved(item),
        row_errors=row_errors,
        field_errors=field_errors,
        result=paper.result_of(item),
        percent=minutes_page.percent_of,
    ), status


def _saved(item: PaperCount) -> dict[str, str]:
    """The saved counts as the form's values (times back in local HH:MM)."""
    if item.counts is None:
        return {"total_delegates": str(item.council.total_delegates)}
    values = {name: str(item.counts[name]) for name in paper.FIGURES}
    for name in ("count_started", "count_ended"):
        values[name] = minutes_page.local_hhmm(str(item.counts[name]))
    kind = PollKind(item.kind)
    rows = cast(list[dict[str, Any]], item.counts["rows"])  # services.paper.save_counts
    for i, row in enumerate(rows):
        for level, count in zip(kind.levels, row["counts"], strict=True):
            values[f"row-{i}-{level.value}"] = str(count)
        values[f"row-{i}-blank"] = str(row["blank"])
    return values


@bp.get("/<id:paper_id>/minutes")
def minutes_view(paper_id: int) -> str:
    return minutes_page.render(minutes.build_paper(_get(paper_id)))
