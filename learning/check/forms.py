"""The progress check at age two form: the three prime areas are required."""

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError

from children.models import Child
from common.forms import GdsDateField, gds_helper
from common.versioning import VersionField
from learning.check.selectors import CHECK_BY_MONTHS, CHECK_FROM_MONTHS


def _text(
    label: str, *, required: bool, help_text: str = "", missing: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": missing or f"Enter {label[0].lower() + label[1:]}"},
    )


class ProgressCheckForm(forms.Form):
    """Record or change the check; ``version`` 0 means a new check."""

    version = VersionField()
    completed_on = GdsDateField(label="Date of the check")
    communication_and_language = _text(
        "Communication and language",
        required=True,
        missing="Enter what you have seen of the child's communication and language",
    )
    personal_social_emotional = _text(
        "Personal, social and emotional development",
        required=True,
        missing="Enter what you have seen of the child's personal, social and emotional "
        "development",
    )
    physical_development = _text(
        "Physical development",
        required=True,
        missing="Enter what you have seen of the child's physical development",
    )
    strengths = _text("Strengths", required=True, missing="Enter the child's strengths")
    less_than_expected = _text(
        "Areas where progress is less than expected",
        required=False,
        help_text="Say what the setting and the family will do to help, and whether other "
        "professionals are involved.",
    )
    next_steps = _text("Next steps", required=True, missing="Enter the next steps")
    parent_comments = _text("Parent or carer comments", required=False)
    childs_voice = _text("The child's voice", required=False)

    def __init__(self, *args: Any, child: Child, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.today = today
        self.helper = gds_helper(
            "Save the progress check",
            "version",
            "completed_on",
            *(
                Field.textarea(name, rows=4)
                for name in (
                    "communication_and_language",
                    "personal_social_emotional",
                    "physical_development",
                    "strengths",
                    "less_than_expected",
                    "next_steps",
                    "parent_comments",
                    "childs_voice",
                )
            ),
        )

    def clean_completed_on(self) -> date:
        day: date = self.cleaned_data["completed_on"]
        if day > self.today:
            raise ValidationError("Date of the check must be today or in the past")
        if day < self.child.date_of_birth:
            raise ValidationError(
                f"Date of the check must be after {self.child.known_as}'s date of birth, "
                f"{self.child.date_of_birth:%-d %B %Y}"
            )
        months = self.child.age_in_months(day)
        if not CHECK_FROM_MONTHS <= months < CHECK_BY_MONTHS:
            raise ValidationError(
                f"{self.child.known_as} was {months} month{'s' if months != 1 else ''} old on "
                f"{day:%-d %B %Y}: the progress check at age two is done between "
                f"{CHECK_FROM_MONTHS} and {CHECK_BY_MONTHS} months"
            )
        return day


class NotDoneForm(forms.Form):
    """Record why the check was not done (``version`` 0 means nothing recorded yet)."""

    version = VersionField()
    reason = _text(
        "Why the progress check at age two was not done",
        required=True,
        help_text="For example: the family declined it, or the child joined after turning "
        "three. Say what you have agreed with the family and the health visitor.",
        missing="Enter why the progress check at age two was not done",
    )
    decided_on = GdsDateField(label="Date you recorded the reason")

    def __init__(self, *args: Any, child: Child, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.today = today
        self.helper = gds_helper(
            "Save why it was not done", "version", Field.textarea("reason", rows=5), "decided_on"
        )

    def clean_decided_on(self) -> date:
        day: date = self.cleaned_data["decided_on"]
        if day > self.today:
            raise ValidationError("Date you recorded the reason must be today or in the past")
        if day < self.child.date_of_birth:
            raise ValidationError(
                f"Date you recorded the reason must be after {self.child.known_as}'s date of "
                f"birth, {self.child.date_of_birth:%-d %B %Y}"
            )
        return day
