"""Forms of the secretariat pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..rules.kinds import Bloc, CouncilLevel, PollKind
from ..rules.results import Denominator
from ..rules.setup_checks import MIN_THRESHOLD
from ..services.labels import LABELS


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Choices for a select field, as (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


# Province and commune since the 2025 reform; district last, as a legacy choice.
LEVEL_ORDER = (CouncilLevel.PROVINCE, CouncilLevel.COMMUNE, CouncilLevel.DISTRICT)
LEVELS = options((level.value, LABELS["level"][level]) for level in LEVEL_ORDER)
BLOCS = options((bloc.value, LABELS["bloc"][bloc]) for bloc in Bloc)
KIND_CHOICES = {
    PollKind.POLL: _l("Confidence poll (3 levels)"),
    PollKind.VOTE: _l("Confidence vote (2 levels)"),
}
KINDS = options((kind.value, KIND_CHOICES[kind]) for kind in PollKind)
# The first choice leaves it to the server: rules.results.default_denominator of the kind.
DENOMINATORS = options(
    [("", _l("Default for the kind")), *((d.value, LABELS["denominator"][d]) for d in Denominator)]
)
ROLES = options(
    [
        ("admin", _l("Secretariat")),
        ("committee", _l("Counting committee member")),
        ("auditor", _l("Auditor")),
    ]
)


class CouncilForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    level = SelectField(_l("Level"), choices=LEVELS)
    total_delegates = IntegerField(
        _l("Total delegates"), validators=[DataRequired(), NumberRange(min=1, max=10000)]
    )
    place = StringField(_l("Place of meetings"), validators=[Optional(), Length(max=200)])


class DelegateForm(FlaskForm):
    number = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(min=1)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    present = BooleanField(_l("Present at the session"))


class DelegateEditForm(FlaskForm):
    number = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(min=1)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])


class RemoveForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, take this delegate off the roster"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file (number, name, present)"))
    text = TextAreaField(_l("…or paste the rows"), validators=[Optional()])
    row_errors: (
        tuple[str, ...] | list[str]
    ) = ()  # the refused lines, shown with the form (set by actions.apply)


class OfficialForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    positions = TextAreaField(_l("Positions, one per line"), validators=[DataRequired()])
    bloc = SelectField(_l("Bloc"), choices=BLOCS)
    order = IntegerField(
        _l("Order on the ballot within the bloc"),
        validators=[Optional(), NumberRange(min=0, max=1000)],
        default=0,
    )
    delegate_id = SelectField(_l("Also a delegate"), coerce=int, default=0)


class ExclusionForm(FlaskForm):
    excluded = BooleanField(_l("Not rated"))
    reason = StringField(
        _l("Reason (e.g. announced retirement, elected this year)"),
        validators=[Optional(), Length(max=500)],
    )


class PollForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=KINDS)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    session_name = StringField(_l("Session"), validators=[Optional(), Length(max=300)])
    meeting_date = DateField(_l("Date"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    denominator = SelectField(_l("Percentages computed on"), choices=DENOMINATORS)


class RatedForm(FlaskForm):
    officials = SelectMultipleField(_l("Officials rated"), coerce=int)


class CommitteeForm(FlaskForm):
    members = SelectMultipleField(_l("Members"), coerce=int)
    chair = SelectField(_l("Chair"), coerce=int)
    threshold = IntegerField(
        _l("Members needed to decrypt (k)"),
        validators=[Optional(), NumberRange(min=MIN_THRESHOLD, max=99)],
        description=_l("At least 2; left empty, a majority of the members."),
    )
    accept_below_majority = BooleanField(
        _l("I confirm: k is below a majority of the committee, as the council decided")
    )
    second_member_confirms = BooleanField(
        _l(
            "Besides the chair, any member may make the committee's moves (ready, open, close, "
            "publish) once a second member confirms"
        )
    )


class TransitionForm(FlaskForm):
    target = StringField(validators=[DataRequired(), Length(max=16)])
    # The state the page showed when it was rendered: a move from a stale page is refused.
    seen = StringField(validators=[Optional(), Length(max=16)])


class PendingMoveForm(FlaskForm):
    """Confirm or withdraw a member's request to move the poll (the CSRF token only)."""


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLES)
    password = PasswordField(
        _l("First password (the owner changes it at first login)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )
    delegate_id = SelectField(_l("Delegate (for committee members)"), coerce=int, default=0)


class ActionForm(FlaskForm):
    """A button that changes one thing (its CSRF token is all it carries)."""


class PresenceForm(FlaskForm):
    present = SelectMultipleField(_l("Present"), coerce=int)
