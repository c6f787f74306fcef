"""The form of a financial year's EYPP and DAF rates."""

from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Fixed
from django import forms

from common.forms import gds_helper
from common.versioning import VersionField

MOST_HOURLY = Decimal("20.00")
MOST_DAF = Decimal("10000.00")


def _lower_first(label: str) -> str:
    """Return the label to follow "the": "funded hours a year", but "EYPP hourly rate"."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _money(
    label: str, *, most: Decimal, required: bool = True, what: str = ""
) -> forms.DecimalField:
    what = what or _lower_first(label)
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=most,
        # A text box, not type="number": what is typed comes back with the error, never lost.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as an amount in pounds, like 1.92",
            "min_value": f"The {what} must be more than £0",
            "max_value": f"The {what} must be £{most:,} or less",
            "max_digits": f"The {what} must be £{most:,} or less",
            "max_whole_digits": f"The {what} must be £{most:,} or less",
            "max_decimal_places": f"Enter the {what} in pounds and pence, like 1.92",
        },
    )


def _hours(label: str, *, least: int, most: int, hint: str) -> forms.IntegerField:
    what = _lower_first(label)
    return forms.IntegerField(
        label=label,
        min_value=least,
        max_value=most,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a whole number",
            "min_value": f"The {what} must be at least {least}",
            "max_value": f"The {what} must be at most {most}",
        },
    )


class RatesForm(forms.Form):
    """A financial year's EYPP hourly rate, hours caps and DAF amount, and whether confirmed."""

    version = VersionField()
    hourly_rate = _money("EYPP hourly rate", most=MOST_HOURLY)
    rate_confirmed = forms.BooleanField(
        label="The EYPP rate is confirmed",
        required=False,
        help_text="Leave unticked while the rate is provisional: pages say so.",
    )
    annual_hours = _hours(
        "Funded hours a year that attract EYPP",
        least=1,
        most=1140,
        hint="570 hours: 15 hours a week for 38 weeks.",
    )
    weekly_hours = _hours(
        "Funded hours a week that attract EYPP",
        least=1,
        most=30,
        hint="15: only the first 15 hours a week count, not extra working-parent hours.",
    )
    daf_amount = _money(
        "Disability Access Fund a year (optional)",
        most=MOST_DAF,
        required=False,
        what="Disability Access Fund amount",
    )
    daf_confirmed = forms.BooleanField(
        label="The Disability Access Fund amount is confirmed", required=False
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, where the figure comes from or what is still to be confirmed.",
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["daf_amount"].error_messages["required"] = "Enter the DAF amount"
        self.helper = gds_helper(
            "Save rates",
            "version",
            Field.text("hourly_rate", field_width=Fixed.FIVE),
            Field.checkbox("rate_confirmed", small=True),
            Field.text("annual_hours", field_width=Fixed.FIVE),
            Field.text("weekly_hours", field_width=Fixed.TWO),
            Field.text("daf_amount", field_width=Fixed.TEN),
            Field.checkbox("daf_confirmed", small=True),
            Field.text("note"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        annual, weekly = cleaned.get("annual_hours"), cleaned.get("weekly_hours")
        if annual and weekly and annual < weekly:
            self.add_error(
                "annual_hours",
                "The funded hours a year must be at least the funded hours a week",
            )
        return cleaned
