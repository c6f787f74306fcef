"""Forms of EYPP grounds and DAF awards: the evidence seen, by whom and when."""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms
from django.db.models import QuerySet

from accounts.models import User
from common.forms import GdsDateField, IdChoiceField, gds_helper
from common.submissions import SubmissionTokenMixin
from common.versioning import VersionField
from eypp import rules
from eypp.models import Basis

BASIS_HINTS = {
    Basis.ECONOMIC: "Income support, income-based JSA, income-related ESA, support under "
    "part VI of the Immigration and Asylum Act, guaranteed Pension Credit, Child Tax Credit "
    "only (income up to £16,190), Working Tax Credit run-on, or Universal Credit (net "
    "earnings under £7,400).",
    Basis.LEFT_CARE: "Left care in England or Wales through adoption, a special guardianship "
    "order or a child arrangements order: see the parent's declaration and a copy of the order.",
}


def _hours_field() -> forms.DecimalField:
    return forms.DecimalField(
        label="Funded hours claimed a week",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=30,
        help_text="Only the first 15 hours a week attract EYPP.",
        # A text box, not type="number": what is typed comes back with the error, never lost.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the funded hours claimed a week",
            "invalid": "Enter the funded hours claimed a week as a number, like 15",
            "min_value": "The funded hours claimed a week must be at least 0.5",
            "max_value": "The funded hours claimed a week must be 30 or fewer",
            "max_digits": "The funded hours claimed a week must be 30 or fewer",
            "max_decimal_places": "Enter the funded hours to one decimal place, like 15.5",
            "max_whole_digits": "The funded hours claimed a week must be 30 or fewer",
        },
    )


def _seen_by_field(staff: QuerySet[User]) -> IdChoiceField:
    field = IdChoiceField(
        label="Seen by",
        queryset=staff,
        required=False,
        empty_label="Select who saw the evidence",
        error_messages={"invalid_choice": "Select a member of staff from the list"},
    )
    field.label_from_instance = lambda user: user.full_name or user.email
    return field


class GroundForm(SubmissionTokenMixin, forms.Form):
    """A ground recorded by the setting. Looked-after grounds follow the child's record.

    ``fixed`` (a ground that follows the record) leaves only the evidence and the hours
    to change.
    """

    version = VersionField(required=False)
    basis = forms.ChoiceField(
        label="On what grounds is the child eligible?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the grounds on which the child is eligible",
            "invalid_choice": "Select one of the grounds shown",
        },
    )
    evidence = forms.CharField(
        label="Evidence seen",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the parent declaration and a copy of the adoption order.",
        error_messages={
            "required": "Enter the evidence seen",
            "max_length": "The evidence seen must be 2,000 characters or fewer",
        },
    )
    evidence_seen_by = forms.Field(required=False)  # replaced in __init__
    evidence_seen_on = GdsDateField(label="Date the evidence was seen", what="the date seen")
    eligible_from = GdsDateField(label="Eligible from")
    eligible_to = GdsDateField(
        label="Eligible to (optional)",
        required=False,
        what="the date eligible to",
        help_text="Leave empty while the child is still eligible. For example, 31 3 2027",
    )
    hours_per_week = forms.Field()  # replaced in __init__

    def __init__(
        self, *args: Any, staff: QuerySet[User], fixed: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed = fixed
        self.fields["evidence_seen_by"] = _seen_by_field(staff)
        self.fields["hours_per_week"] = _hours_field()
        # A looked-after ground is never typed: it follows the child's record.
        self.fields["basis"].choices = [
            Choice(value, label, hint=BASIS_HINTS.get(value, ""))
            for value, label in Basis.choices
            if value != Basis.LOOKED_AFTER
        ]
        layout: list[Any] = ["version"]
        if fixed:
            # The basis and dates follow the child's record: not asked.
            for name in ("basis", "eligible_from", "eligible_to"):
                del self.fields[name]
        else:
            layout.append(Field.radios("basis", legend_size=Size.MEDIUM))
        layout += [
            Field.textarea("evidence", rows=3),
            Field.select("evidence_seen_by"),
            Field("evidence_seen_on"),
        ]
        if not fixed:
            layout += [Field("eligible_from"), Field("eligible_to")]
        layout.append(Field.text("hours_per_week", field_width=Fixed.FIVE))
        if fixed:
            # Evidence may be added later to a ground the record opened.
            self.fields["evidence"].required = False
            self.fields["evidence_seen_on"].required = False
        self.helper = gds_helper("Save ground", *layout)


class GroundEndForm(forms.Form):
    """End a ground: the last day eligible and why."""

    version = VersionField()
    eligible_to = GdsDateField(label="Last day eligible", what="the last day eligible")
    reason = forms.CharField(
        label="Why it ends",
        max_length=200,
        help_text="For example, the family no longer receives the benefit.",
        error_messages={
            "required": "Enter why the ground ends",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "End ground", "version", Field("eligible_to"), Field.text("reason")
        )


class DafForm(SubmissionTokenMixin, forms.Form):
    """The Disability Access Fund for one financial year at the setting the family chose."""

    version = VersionField(required=False)
    starts_in = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={
            "required": "Select the financial year",
            "invalid_choice": "Select one of the financial years shown",
        },
    )
    family_chose = forms.BooleanField(
        label="The family chose this setting to receive the Disability Access Fund this year",
        help_text="It is paid once a year to the one setting the family chooses, and does not "
        "move if the child changes setting during the year.",
        error_messages={"required": "Confirm that the family chose this setting for the year"},
    )
    evidence = forms.CharField(
        label="Evidence seen",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the Disability Living Allowance award letter.",
        error_messages={
            "required": "Enter the evidence of Disability Living Allowance seen",
            "max_length": "The evidence seen must be 2,000 characters or fewer",
        },
    )
    evidence_seen_by = forms.Field(required=False)  # replaced in __init__
    evidence_seen_on = GdsDateField(label="Date the evidence was seen", what="the date seen")

    def __init__(self, *args: Any, staff: QuerySet[User], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_seen_by"] = _seen_by_field(staff)
        self.fields["starts_in"].choices = [
            (year, rules.financial_year_label(year)) for year in years
        ]
        self.helper = gds_helper(
            "Save Disability Access Fund",
            "version",
            Field.radios("starts_in", legend_size=Size.MEDIUM, inline=True),
            Field.checkbox("family_chose"),
            Field.textarea("evidence", rows=3),
            Field.select("evidence_seen_by"),
            Field("evidence_seen_on"),
        )
