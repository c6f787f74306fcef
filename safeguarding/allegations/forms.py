"""Forms of allegations against staff: recording one, and the LADO, Ofsted and outcome."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db.models import QuerySet

from accounts.models import User
from common.forms import GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from safeguarding.models import Allegation

LONG_TEXT = 5000


def _text(label: str, *, required: bool, what: str, rows: int = 4, help_text: str = "") -> Any:
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


def _line(label: str, *, required: bool, what: str, max_length: int) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
        },
    )


class AllegationForm(SubmissionTokenMixin, forms.Form):
    """An allegation against a member of staff, as it was made."""

    staff_member = forms.Field()  # replaced in __init__
    received_on = GdsDateField(
        label="Date the allegation was made", what="the date the allegation was made"
    )
    made_by = _line("Who made it", required=True, what="who made the allegation", max_length=200)
    summary = _text("The allegation", required=True, what="the allegation", rows=6)
    serious_harm = forms.TypedChoiceField(
        label="Is it an allegation of serious harm or abuse?",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes"), ("no", "No")],
        help_text="Ofsted must be told of an allegation of serious harm or abuse as soon as "
        "possible, and within 14 days.",
        error_messages={
            "required": "Select whether it is an allegation of serious harm or abuse",
            "invalid_choice": "Select yes or no",
        },
    )
    immediate_actions = _text(
        "Actions taken (optional)", required=False, what="the actions taken", rows=4
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = IdChoiceField(
            label="Which member of staff is the allegation about?",
            queryset=staff,
            empty_label="Select a member of staff",
            error_messages={
                "required": "Select the member of staff the allegation is about",
                "invalid_choice": "Select a member of staff from the list",
            },
        )
        field.label_from_instance = lambda user: user.full_name or user.email
        self.fields["staff_member"] = field
        self.helper = gds_helper(
            "Record the allegation",
            TOKEN_FIELD,
            Field.select("staff_member"),
            Field("received_on"),
            Field.text("made_by"),
            Field.textarea("summary", rows=6),
            Field.radios("serious_harm", legend_size=Size.SMALL, inline=True),
            Field.textarea("immediate_actions", rows=4),
        )


class AllegationChangeForm(forms.Form):
    """The LADO's referral and advice, Ofsted's notification and the outcome."""

    version = VersionField()
    lado_referred_on = GdsDateField(
        label="Date referred to the LADO (optional)",
        required=False,
        what="the date referred to the LADO",
    )
    lado_reference = _line(
        "LADO reference (optional)", required=False, what="the LADO reference", max_length=60
    )
    lado_advice = _text("The LADO's advice (optional)", required=False, what="the LADO's advice")
    ofsted_notified_on = GdsDateField(
        label="Date Ofsted was notified (optional)",
        required=False,
        what="the date Ofsted was notified",
    )
    ofsted_reference = _line(
        "Ofsted reference (optional)", required=False, what="the Ofsted reference", max_length=60
    )
    result = forms.ChoiceField(
        label="Outcome (optional)",
        widget=forms.RadioSelect,
        required=False,
        choices=Allegation.Result.choices,
        error_messages={"invalid_choice": "Select one of the outcomes shown"},
    )
    result_on = GdsDateField(
        label="Date of the outcome (optional)", required=False, what="the date of the outcome"
    )
    result_notes = _text(
        "Notes on the outcome (optional)", required=False, what="the notes on the outcome"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save the allegation",
            "version",
            Fieldset(
                Field("lado_referred_on"),
                Field.text("lado_reference"),
                Field.textarea("lado_advice", rows=4),
                legend="Local authority designated officer (LADO)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("ofsted_notified_on"),
                Field.text("ofsted_reference"),
                legend="Ofsted",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("result", legend_size=Size.SMALL),
                Field("result_on"),
                Field.textarea("result_notes", rows=4),
                legend="Outcome",
                legend_size=Size.MEDIUM,
            ),
        )
