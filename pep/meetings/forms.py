"""Forms of meetings about a looked-after child: schedule, add, move, cancel, confirm, record.

Dates are the GOV.UK date input (``GdsDateField``), times are typed as hours and minutes
("10:30"), both in England's time. The invitees come from the team around the child
(those marked to be invited to PEPs are ticked already), the child's designated key person
(a portal user) and up to three more people typed in.
"""

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError

from children.models import Child, TeamMember
from common.forms import GdsDateField, IdMultipleChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from pep.meetings.selectors import OTHER_KINDS
from pep.meetings.services import InviteeSpec
from pep.models import Invitee

LONDON = ZoneInfo("Europe/London")
EXTRA_PEOPLE = 3
LONGEST_MEETING_HOURS = 12
_TIME = re.compile(r"\A\s*([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\s*\Z")


class TimeOfDayField(forms.CharField):
    """A time typed as hours and minutes on the 24-hour clock: "10:30" (or "10.30")."""

    def __init__(self, *, label: str, what: str, **kwargs: Any) -> None:
        self.what = what
        super().__init__(
            label=label,
            max_length=5,
            help_text="Use the 24-hour clock, for example 09:30 or 14:00",
            error_messages={"required": f"Enter the {what}"},
            **kwargs,
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # The typed value must come back as typed: no maxlength cutting it short.
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


def _text(label: str, *, required: bool, missing: str = "", help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": missing or f"Enter {label[0].lower()}{label[1:]}"},
    )


def at(day: date, moment: time) -> datetime:
    """Return the day and time in England as an aware datetime."""
    return datetime.combine(day, moment, tzinfo=LONDON)


class WhenAndWhereMixin:
    """The date, start and end times, place and video link of a meeting."""

    def when_fields(self) -> dict[str, forms.Field]:
        return {
            "date": GdsDateField(label="Date of the meeting"),
            "starts": TimeOfDayField(label="Start time", what="start time"),
            "ends": TimeOfDayField(label="End time", what="end time"),
            "location": forms.CharField(
                label="Place",
                required=False,
                max_length=200,
                help_text="For example, the setting's meeting room. Leave it blank for a "
                "meeting by video only.",
            ),
            "video_link": forms.URLField(
                label="Video link (optional)",
                required=False,
                max_length=500,
                assume_scheme="https",
                error_messages={"invalid": "Enter the video link as a web address"},
            ),
        }

    def when_layout(self) -> list[Any]:
        return [
            "date",
            Field.text("starts", field_width=Fixed.FIVE),
            Field.text("ends", field_width=Fixed.FIVE),
            Field.text("location", field_width=Fluid.TWO_THIRDS),
            Field.text("video_link", field_width=Fluid.FULL),
        ]

    def clean_when(self, cleaned: dict[str, Any]) -> None:
        form: Any = self
        day, starts, ends = cleaned.get("date"), cleaned.get("starts"), cleaned.get("ends")
        if day is not None and starts is not None and ends is not None:
            cleaned["starts_at"] = at(day, starts)
            cleaned["ends_at"] = at(day, ends)
            if ends <= starts:
                form.add_error("ends", "The end time must be after the start time")
        location = (cleaned.get("location") or "").strip()
        link = (cleaned.get("video_link") or "").strip()
        if "location" in cleaned and "video_link" in cleaned and not (location or link):
            form.add_error("location", "Enter where the meeting is, or a video link")

    def when_values(self) -> dict[str, Any]:
        form: Any = self
        data = form.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "video_link": data["video_link"],
        }


class TeamMemberChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: TeamMember) -> str:
        role = obj.get_role_display()
        if obj.organisation:
            role = f"{role}, {obj.organisation}"
        return f"{obj.name} ({role})" + ("" if obj.email else ": no email address")


class MeetingForm(SubmissionTokenMixin, WhenAndWhereMixin, forms.Form):
    """Schedule a PEP meeting, or add another meeting about the child: when, where, who."""

    def __init__(
        self,
        *args: Any,
        child: Child,
        team: list[TeamMember],
        today: date,
        other: bool,
        button: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.today = today
        self.other = other
        if other:
            self.fields["kind"] = forms.ChoiceField(
                label="What kind of meeting is it?",
                choices=[(kind.value, kind.label) for kind in OTHER_KINDS],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose what kind of meeting it is"},
            )
        self.fields.update(self.when_fields())
        self.fields["team_members"] = TeamMemberChoiceField(
            label="People from the team around the child",
            queryset=TeamMember.objects.filter(pk__in=[member.pk for member in team]),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Those marked to be invited to PEP meetings are ticked already."
            if not other
            else "",
        )
        self.fields["team_members"].choices = [
            (member.pk, self.fields["team_members"].label_from_instance(member)) for member in team
        ]
        if not self.is_bound and not other:
            self.initial.setdefault(
                "team_members", [member.pk for member in team if member.invite_to_pep]
            )
        people: list[Any] = ["team_members"]
        key_person = child.key_person
        if key_person is not None:
            self.fields["invite_key_person"] = forms.BooleanField(
                label=f"{key_person.full_name or key_person.email} (designated key person)",
                required=False,
                initial=True,
            )
            people.append(Field.checkbox("invite_key_person", small=True))
        extra: list[Any] = []
        for number in range(1, EXTRA_PEOPLE + 1):
            self.fields[f"extra_name_{number}"] = forms.CharField(
                label="Name", required=False, max_length=150
            )
            self.fields[f"extra_role_{number}"] = forms.CharField(
                label="Role", required=False, max_length=150, help_text="For example, IRO"
            )
            self.fields[f"extra_email_{number}"] = forms.EmailField(
                label="Email address",
                required=False,
                max_length=254,
                error_messages={
                    "invalid": "Enter an email address in the correct format, like "
                    "name@example.com"
                },
            )
            extra.append(
                Fieldset(
                    Field.text(f"extra_name_{number}", field_width=Fluid.TWO_THIRDS),
                    Field.text(f"extra_role_{number}", field_width=Fluid.TWO_THIRDS),
                    Field.text(f"extra_email_{number}", field_width=Fluid.TWO_THIRDS),
                    legend=f"Someone else to invite ({number} of {EXTRA_PEOPLE}, optional)",
                    legend_size=Size.SMALL,
                )
            )
        self.fields["notes"] = _text(
            "Notes (optional)",
            required=False,
            help_text="Kept with the meeting in the portal; not sent to the people invited.",
        )
        self.helper = gds_helper(
            button,
            TOKEN_FIELD,
            *([Field.radios("kind", legend_size=Size.MEDIUM)] if other else []),
            Fieldset(*self.when_layout(), legend="When and where", legend_size=Size.MEDIUM),
            Fieldset(
                HTML(
                    '<p class="govuk-hint">Everyone with an email address gets the calendar '
                    "invitation by email.</p>"
                ),
                Field.checkboxes("team_members", legend_size=Size.SMALL, small=True),
                *people[1:],
                legend="Who to invite",
                legend_size=Size.MEDIUM,
            ),
            *extra,
            Field.textarea("notes", rows=3),
        )

    def clean_date(self) -> date:
        day: date = self.cleaned_data["date"]
        if not self.other and day < self.today:
            raise ValidationError("The date of the meeting must be today or in the future")
        if day.year > self.today.year + 2:
            raise ValidationError("The date of the meeting must be within the next two years")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.clean_when(cleaned)
        for number in range(1, EXTRA_PEOPLE + 1):
            name = (cleaned.get(f"extra_name_{number}") or "").strip()
            role = (cleaned.get(f"extra_role_{number}") or "").strip()
            email = (cleaned.get(f"extra_email_{number}") or "").strip()
            if (role or email) and not name and f"extra_name_{number}" in cleaned:
                self.add_error(f"extra_name_{number}", "Enter the name of the person to invite")
            if (name or email) and not role and f"extra_role_{number}" in cleaned:
                self.add_error(f"extra_role_{number}", "Enter the role of the person to invite")
        if not self.errors and not self.invitees():
            self.add_error("team_members", "Choose at least one person to invite")
        return cleaned

    def invitees(self) -> list[InviteeSpec]:
        """Return the people chosen and typed in, as the service takes them."""
        data = self.cleaned_data
        specs = [
            InviteeSpec(
                name=member.name,
                role=member.get_role_display(),
                email=member.email,
                team_member_id=member.pk,
            )
            for member in data.get("team_members") or []
        ]
        key_person = self.child.key_person
        if key_person is not None and data.get("invite_key_person"):
            specs.append(
                InviteeSpec(
                    name=key_person.full_name or key_person.email,
                    role="Designated key person",
                    email=key_person.email,
                    user_id=key_person.pk,
                )
            )
        for number in range(1, EXTRA_PEOPLE + 1):
            name = (data.get(f"extra_name_{number}") or "").strip()
            if name:
                specs.append(
                    InviteeSpec(
                        name=name,
                        role=(data.get(f"extra_role_{number}") or "").strip(),
                        email=(data.get(f"extra_email_{number}") or "").strip(),
                    )
                )
        return specs

    def service_values(self) -> dict[str, Any]:
        """Return the cleaned form as ``meeting_schedule`` / ``other_meeting_add`` take it."""
        values = {
            **self.when_values(),
            "invitees": self.invitees(),
            "notes": self.cleaned_data["notes"],
            "submission_token": self.cleaned_data.get(TOKEN_FIELD),
        }
        if self.other:
            values["kind"] = self.cleaned_data["kind"]
        return values


class RescheduleForm(WhenAndWhereMixin, forms.Form):
    """Move the meeting: a new date, time or place, and why."""

    version = VersionField()

    def __init__(self, *args: Any, today: date, future: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.future = future
        self.fields.update(self.when_fields())
        self.fields["reason"] = _text(
            "Why is the meeting being moved?",
            required=True,
            missing="Enter why the meeting is being moved",
            help_text="Kept with the meeting in the portal; the email to the people invited "
            "gives the new time and place only.",
        )
        self.helper = gds_helper(
            "Move the meeting and tell everyone invited",
            "version",
            *self.when_layout(),
            Field.textarea("reason", rows=3),
        )

    def clean_date(self) -> date:
        day: date = self.cleaned_data["date"]
        if self.future and day < self.today:
            raise ValidationError("The date of the meeting must be today or in the future")
        if day.year > self.today.year + 2:
            raise ValidationError("The date of the meeting must be within the next two years")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.clean_when(cleaned)
        return cleaned

    def service_values(self) -> dict[str, Any]:
        return {
            **self.when_values(),
            "version": self.cleaned_data["version"],
            "reason": self.cleaned_data["reason"],
        }


class CancelForm(forms.Form):
    version = VersionField()
    reason = _text(
        "Why is the meeting cancelled?",
        required=True,
        missing="Enter why the meeting is cancelled",
        help_text="Kept with the meeting in the portal; the email to the people invited "
        "says only that it is cancelled.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Cancel the meeting and tell everyone invited",
            "version",
            Field.textarea("reason", rows=3),
        )


class ConfirmForm(forms.Form):
    version = VersionField()

    def __init__(self, *args: Any, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.button = button


ATTENDANCE_CHOICES = [(value, label) for value, label in Invitee.Attendance.choices if value]


class RecordForm(forms.Form):
    """After the meeting: the day it was held, who came, what it decided, the next PEP."""

    version = VersionField()

    def __init__(
        self,
        *args: Any,
        invitees: list[Invitee],
        today: date,
        is_pep: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.invitees = invitees
        self.is_pep = is_pep
        self.fields["held_on"] = GdsDateField(label="Date the meeting was held")
        for invitee in invitees:
            self.fields[f"attendance_{invitee.pk}"] = forms.ChoiceField(
                label=f"{invitee.name} ({invitee.role})" if invitee.role else invitee.name,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether {invitee.name} attended"},
            )
        self.fields["outcome"] = _text(
            "What was agreed",
            required=True,
            missing="Enter what was agreed at the meeting",
            help_text="For a PEP meeting, the SMART targets are recorded on the PEP itself.",
        )
        layout: list[Any] = ["version", "held_on"]
        layout.append(
            Fieldset(
                *(
                    Field.radios(f"attendance_{invitee.pk}", inline=True, legend_size=Size.SMALL)
                    for invitee in invitees
                ),
                legend="Who attended",
                legend_size=Size.MEDIUM,
            )
        )
        layout.append(Field.textarea("outcome", rows=4))
        if is_pep:
            self.fields["next_pep_on"] = GdsDateField(label="Date of the next PEP")
            layout.append("next_pep_on")
        self.helper = gds_helper("Record the meeting", *layout)

    def clean_held_on(self) -> date:
        day: date = self.cleaned_data["held_on"]
        if day > self.today:
            raise ValidationError("The date the meeting was held must be today or in the past")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        held_on, next_on = cleaned.get("held_on"), cleaned.get("next_pep_on")
        if self.is_pep and held_on and next_on and next_on <= held_on:
            self.add_error("next_pep_on", "The date of the next PEP must be after the meeting")
        return cleaned

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "held_on": data["held_on"],
            "attendance": {
                invitee.pk: data[f"attendance_{invitee.pk}"] for invitee in self.invitees
            },
            "outcome": data["outcome"],
            "next_pep_on": data.get("next_pep_on"),
        }
