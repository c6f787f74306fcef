"""Forms of agency working: a visitor signed in and out, and information shared.

Dates are the GOV.UK date input; times are typed as hours and minutes on the 24-hour clock
("14:30"), in England's time. The child and the member of staff supervising the visitor
are chosen from the setting's own, as the door gives them.
"""

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.models import User
from children.models import Child
from common.audit_filters import ANY, FilterDateField
from common.audit_filters import IdChoiceField as FilterIdField
from common.forms import GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from safeguarding.models import InformationShare

LONDON = ZoneInfo("Europe/London")
_TIME = re.compile(r"\A\s*([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\s*\Z")
LONG_TEXT = 5000


def at(day: date, moment: time) -> datetime:
    """Return the day and time in England as an aware datetime."""
    return datetime.combine(day, moment, tzinfo=LONDON)


class TimeOfDayField(forms.CharField):
    """A time typed as hours and minutes on the 24-hour clock: "10:30" (or "10.30")."""

    def __init__(self, *, label: str, what: str, required: bool = True) -> None:
        self.what = what
        super().__init__(
            label=label,
            required=required,
            max_length=5,
            help_text="Use the 24-hour clock, for example 09:30 or 14:00",
            error_messages={"required": f"Enter the {what}"},
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # What was typed comes back as typed: no maxlength cutting it short.
        attrs.pop("maxlength", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def clean(self, value: Any) -> time | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            self.validate(text)
            return None
        found = _TIME.match(text) if len(text) <= 10 else None
        if found is None:
            raise ValidationError(
                f"Enter the {self.what} as hours and minutes on the 24-hour clock, like 14:30"
            )
        return time(int(found.group(1)), int(found.group(2)))


def _text(label: str, *, required: bool, what: str, rows: int = 3, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {LONG_TEXT:,} characters or fewer",
        },
    )


def _line(label: str, *, required: bool, what: str, max_length: int = 150) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
        },
    )


def child_field(children: QuerySet[Child]) -> IdChoiceField:
    field = IdChoiceField(
        label="Which child is the visit about?",
        queryset=children,
        empty_label="Select a child",
        error_messages={
            "required": "Select the child the visit is about",
            "invalid_choice": "Select a child from the list",
        },
    )
    field.label_from_instance = str
    return field


def supervisor_field(staff: QuerySet[User]) -> IdChoiceField:
    field = IdChoiceField(
        label="Supervised by",
        queryset=staff,
        empty_label="Select who supervises the visitor",
        help_text="A visitor is never left unsupervised with a child: name the member of "
        "staff who stays with them.",
        error_messages={
            "required": "Select the member of staff supervising the visitor: a visitor is "
            "never left unsupervised",
            "invalid_choice": "Select a member of staff from the list",
        },
    )
    field.label_from_instance = lambda user: user.full_name or user.email
    return field


class VisitForm(SubmissionTokenMixin, forms.Form):
    """Sign a professional from another agency in: who, which child, when, supervised by."""

    visitor_name = _line("Visitor's name", required=True, what="the visitor's name")
    agency = _line("Agency", required=True, what="the agency")
    visitor_role = _line("Role (optional)", required=False, what="the role")
    identity_checked = forms.BooleanField(
        label="I checked the visitor's identity badge", required=False
    )
    child = forms.Field()  # replaced in __init__
    purpose = _text("Purpose of the visit (optional)", required=False, what="the purpose")
    arrived_on = GdsDateField(label="Date of the visit", what="the date of the visit")
    arrived_time = TimeOfDayField(label="Time in", what="time in")
    supervised_by = forms.Field()  # replaced in __init__

    def __init__(
        self, *args: Any, children: QuerySet[Child], staff: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"] = child_field(children)
        self.fields["supervised_by"] = supervisor_field(staff)
        self.helper = gds_helper(
            "Sign the visitor in",
            TOKEN_FIELD,
            Field.text("visitor_name"),
            Field.text("agency"),
            Field.text("visitor_role"),
            Field.checkbox("identity_checked"),
            Field.select("child"),
            Field.textarea("purpose", rows=3),
            Field("arrived_on"),
            Field.text("arrived_time", field_width=Fixed.FIVE),
            Field.select("supervised_by"),
        )


class VisitChangeForm(forms.Form):
    """The time the visitor left, and notes of the visit."""

    version = VersionField()
    left_on = GdsDateField(
        label="Date signed out (optional)", required=False, what="the date signed out"
    )
    left_time = TimeOfDayField(label="Time out (optional)", what="time out", required=False)
    notes = _text("Notes (optional)", required=False, what="the notes", rows=5)

    def __init__(self, *args: Any, arrived_at: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrived_at = arrived_at
        self.helper = gds_helper(
            "Save the visit",
            "version",
            Field("left_on"),
            Field.text("left_time", field_width=Fixed.FIVE),
            Field.textarea("notes", rows=5),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        left_on, left_time = cleaned.get("left_on"), cleaned.get("left_time")
        if "left_on" in self.errors or "left_time" in self.errors:
            return cleaned
        if left_on and left_time is None:
            self.add_error("left_time", "Enter time out, or leave the date signed out empty")
        elif left_time is not None and not left_on:
            self.add_error("left_on", "Enter the date signed out, or leave time out empty")
        elif left_on and left_time is not None:
            left_at = at(left_on, left_time)
            if left_at < self.arrived_at:
                arrived = self.arrived_at.astimezone(LONDON)
                self.add_error(
                    "left_time",
                    f"Time out must be the same as or after time in "
                    f"({arrived:%H:%M} on {arrived:%-d %B %Y})",
                )
        return cleaned

    @property
    def left_at(self) -> datetime | None:
        left_on = self.cleaned_data.get("left_on")
        left_time = self.cleaned_data.get("left_time")
        return at(left_on, left_time) if left_on and left_time is not None else None


Direction = InformationShare.Direction
Consent = InformationShare.Consent


class ShareForm(SubmissionTokenMixin, forms.Form):
    """Information we shared with another agency, or another agency shared with us."""

    version = VersionField(required=False)
    direction = forms.ChoiceField(
        label="Which way was the information shared?",
        widget=forms.RadioSelect,
        choices=Direction.choices,
        error_messages={
            "required": "Select which way the information was shared",
            "invalid_choice": "Select one of the choices shown",
        },
    )
    what = _text("What was shared", required=True, what="what was shared", rows=4)
    agency = _line("Agency", required=True, what="the agency")
    person = _line("Name and role (optional)", required=False, what="the name and role")
    shared_on = GdsDateField(label="Date shared", what="the date shared")
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        widget=forms.RadioSelect,
        required=False,
        choices=InformationShare.LawfulBasis.choices,
        error_messages={"invalid_choice": "Select one of the lawful bases shown"},
    )
    consent = forms.ChoiceField(
        label="Consent",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select one of the choices shown"},
    )
    override_reason = _text(
        "Why it was shared without consent",
        required=False,
        what="why it was shared without consent",
        help_text="Needed when consent was refused or not sought: for example, seeking it "
        "would have put the child at risk of harm.",
    )
    onward_consent = forms.BooleanField(
        label="The agency agreed that it may be shared onward", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].choices = [
            Choice(Consent.GIVEN, "Consent sought and given"),
            Choice(Consent.REFUSED, "Consent sought and refused"),
            Choice(Consent.NOT_SOUGHT, "Consent not sought"),
        ]
        self.helper = gds_helper(
            "Save information sharing",
            "version",
            TOKEN_FIELD,
            Field.radios("direction", legend_size=Size.MEDIUM),
            Field.textarea("what", rows=4),
            Field.text("agency"),
            Field.text("person"),
            Field("shared_on"),
            Fieldset(
                Field.radios("lawful_basis", legend_size=Size.SMALL),
                Field.radios("consent", legend_size=Size.SMALL),
                Field.textarea("override_reason", rows=3),
                legend="If we shared the information",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("onward_consent"),
                legend="If it was shared with us",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        direction = cleaned.get("direction")
        if direction == Direction.SHARED:
            if not cleaned.get("lawful_basis") and "lawful_basis" not in self.errors:
                self.add_error("lawful_basis", "Select the lawful basis for sharing")
            consent = cleaned.get("consent")
            if not consent and "consent" not in self.errors:
                self.add_error("consent", "Select whether consent was sought and given")
            elif (
                consent in (Consent.REFUSED, Consent.NOT_SOUGHT)
                and not cleaned.get("override_reason", "").strip()
                and "override_reason" not in self.errors
            ):
                self.add_error("override_reason", "Enter why it was shared without consent")
            cleaned["onward_consent"] = False
            if consent == Consent.GIVEN:
                cleaned["override_reason"] = ""
        elif direction == Direction.RECEIVED:
            cleaned["lawful_basis"] = ""
            cleaned["consent"] = ""
            cleaned["override_reason"] = ""
        return cleaned


class VisitFilterForm(forms.Form):
    """Filter the visit log by child and by the dates of the visits; all optional."""

    child = FilterIdField(label="Child", invalid="Choose a child from the list")
    date_from = FilterDateField(label="From", what="The from date")
    date_to = FilterDateField(label="To", what="The to date")

    def __init__(self, data: Any = None, *, children: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["child"].choices = [(ANY, "Any child"), *children]
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            Field.select("child"),
            Fieldset(
                Field("date_from"),
                Field("date_to"),
                legend="Date of the visit",
                legend_size=Size.SMALL,
            ),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """Return the chosen filters of a valid form (none if unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            "child_id": self.cleaned_data.get("child"),
            "day_from": self.cleaned_data.get("date_from"),
            "day_to": self.cleaned_data.get("date_to"),
        }
