"""Forms of early help, child in need and child protection status, and of the tasks agreed."""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import QuerySet

from accounts.models import User
from common.forms import GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from safeguarding.models import Level, PlanCategory

LEVEL_HINTS = {
    Level.EARLY_HELP: "Support agreed with the family, with a lead professional.",
    Level.CHILD_IN_NEED: "Section 17: services from the local authority.",
    Level.CHILD_PROTECTION: "Section 47: a plan agreed at a child protection conference.",
}


def _text(label: str, *, max_length: int, required: bool = False, help_text: str = "") -> Any:
    name = label[0].lower() + label[1:]
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {name}",
            "max_length": f"The {name} must be {max_length:,} characters or fewer",
        },
    )


def _long_text(label: str, *, max_length: int = 4000, required: bool = False) -> Any:
    field = _text(label, max_length=max_length, required=required)
    field.widget = forms.Textarea(attrs={"rows": 4})
    return field


class StatusForm(SubmissionTokenMixin, forms.Form):
    """A status: its level (when starting one) and what it needs.

    Early help needs its lead professional; a child protection plan its category and the
    initial conference. Those rules are the service's (``check_status``), shown on the
    questions they are about.
    """

    version = VersionField(required=False)
    level = forms.ChoiceField(
        label="Which status?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status",
            "invalid_choice": "Select one of the statuses shown",
        },
    )
    started_on = GdsDateField(label="Start date")
    lead_professional = _text(
        "Lead professional (name and agency)",
        max_length=200,
        help_text="Needed for early help.",
    )
    social_worker = _text("Social worker (name and team)", max_length=200)
    plan_category = forms.ChoiceField(
        label="Category of the child protection plan",
        required=False,
        widget=forms.RadioSelect,
        choices=PlanCategory.choices,
        error_messages={"invalid_choice": "Select one of the categories shown"},
    )
    initial_conference_on = GdsDateField(
        label="Date of the initial child protection conference",
        required=False,
        what="the date of the initial conference",
    )
    core_group = _long_text("Core group members")
    next_core_group_on = GdsDateField(
        label="Next core group meeting (optional)",
        required=False,
        what="the date of the next core group meeting",
    )
    next_review_conference_on = GdsDateField(
        label="Next review conference (optional)",
        required=False,
        what="the date of the next review conference",
    )
    notes = _long_text("Notes")

    def __init__(self, *args: Any, level: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            Choice(value, label, hint=LEVEL_HINTS[value]) for value, label in Level.choices
        ]
        layout: list[Any] = ["version", TOKEN_FIELD]
        if level is None:
            layout.append(Field.radios("level", legend_size=Size.MEDIUM))
        else:
            del self.fields["level"]
        layout += [
            Field("started_on"),
            Field.text("lead_professional"),
            Field.text("social_worker"),
        ]
        if level in (None, Level.CHILD_PROTECTION):
            layout += [
                Field.radios("plan_category", legend_size=Size.SMALL),
                Field("initial_conference_on"),
                Field.textarea("core_group", rows=3),
                Field("next_core_group_on"),
                Field("next_review_conference_on"),
            ]
        else:
            for name in (
                "plan_category",
                "initial_conference_on",
                "core_group",
                "next_core_group_on",
                "next_review_conference_on",
            ):
                del self.fields[name]
        layout.append(Field.textarea("notes", rows=4))
        self.helper = gds_helper("Save status", *layout)


class StatusEndForm(forms.Form):
    version = VersionField()
    ended_on = GdsDateField(label="End date")
    end_reason = _long_text("Why it ended", max_length=2000, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "end_reason"
        ].help_text = "For example, stepped down to child in need at the review conference."
        self.helper = gds_helper(
            "End status", "version", Field("ended_on"), Field.textarea("end_reason", rows=3)
        )


class TaskForm(SubmissionTokenMixin, forms.Form):
    version = VersionField(required=False)
    text = _text("Task", max_length=300, required=True)
    owner = forms.Field()  # replaced in __init__
    due_on = GdsDateField(label="Due date")

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = IdChoiceField(
            label="Who owns it",
            queryset=staff,
            empty_label="Select a member of staff",
            error_messages={
                "required": "Select who owns the task",
                "invalid_choice": "Select a member of staff from the list",
            },
        )
        owner.label_from_instance = lambda user: user.full_name or user.email
        self.fields["owner"] = owner
        self.helper = gds_helper(
            "Save task",
            "version",
            TOKEN_FIELD,
            Field.text("text"),
            Field.select("owner"),
            Field("due_on"),
        )


class TaskDoneForm(forms.Form):
    version = VersionField()
