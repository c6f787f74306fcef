"""The impact review form: each line's outcome and spend, the difference made, the evidence.

The evidence is chosen from what the child's records already say (``evidence_for``): the
choices are built from rows already loaded, so the form makes no query of its own. Text a
person typed (a need, an action) reaches labels and hints escaped: the GOV.UK templates
print them as given.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape

from common.versioning import VersionField
from eypp import rules
from eypp.impact.selectors import Evidence, excerpt
from eypp.models import MAX_LINE_COST, LineOutcome, PlanLine

TEXT_LIMIT = 5000
NOTES_LIMIT = 2000
_DIGITS = re.compile(r"[0-9]{1,7}(\.[0-9]{1,2})?")

COMPLETE = "complete"  # the name of the button that records the review


class SpentField(forms.CharField):
    """An amount in pounds and pence, typed; blank is None, never negative nor absurd."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        super().__init__(label="Amount actually spent", required=False, max_length=20, **kwargs)
        self.what = what
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        self.error_messages["max_length"] = f"The amount spent on {what} must be a number"

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        not_a_number = f"The amount spent on {self.what} must be a number, like 110.00"
        text = text.replace("£", "", 1).strip()
        negative = text.startswith("-")
        digits = text.removeprefix("-").strip().replace("£", "", 1).replace(",", "")
        if not _DIGITS.fullmatch(digits):
            raise ValidationError(not_a_number)
        try:
            amount = Decimal(digits)
        except InvalidOperation:
            raise ValidationError(not_a_number) from None
        if negative and amount:
            raise ValidationError(f"The amount spent on {self.what} cannot be negative")
        if amount > MAX_LINE_COST:
            raise ValidationError(
                f"The amount spent on {self.what} must be {rules.money(MAX_LINE_COST)} or less"
            )
        return rules.pounds(amount)


def _text(label: str, *, help_text: str = "", limit: int = TEXT_LIMIT, rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label} must be {limit:,} characters or fewer"},
    )


def line_fields(line: PlanLine) -> tuple[str, str, str]:
    return f"outcome_{line.pk}", f"spent_{line.pk}", f"notes_{line.pk}"


class ImpactReviewForm(forms.Form):
    """Record how each line went and what it cost, what difference it made, and the evidence.

    ``completing`` (the "Record the review" button) asks for every line's outcome and spend
    and the difference made; a draft may leave any of them for later, but a line's outcome
    and spend are given together.
    """

    summary = _text(
        "What difference the funding made",
        help_text="For the child: what they can do now that they could not before.",
        rows=5,
    )
    next_steps = _text(
        "What this means for the next plan and PEP",
        help_text="What to carry on, change or stop.",
    )
    observations = forms.MultipleChoiceField(
        label="Observations that show the difference",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the observations shown"},
    )
    judgements = forms.MultipleChoiceField(
        label="Tracker judgements that show the difference",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the tracker judgements shown"},
    )
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        lines: list[PlanLine],
        evidence: Evidence,
        completing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.completing = completing
        self.fields["observations"].choices = [
            (str(item.pk), item.label) for item in evidence.observations
        ]
        self.fields["judgements"].choices = [
            (str(item.pk), item.label) for item in evidence.judgements
        ]
        if not evidence.observations:
            self.fields[
                "observations"
            ].help_text = "No published observations of the child fall within the plan's period."
        if not evidence.judgements:
            self.fields[
                "judgements"
            ].help_text = "No tracker judgements of the child were made within the plan's period."
        fieldsets = []
        for number, line in enumerate(lines, start=1):
            outcome, spent, notes = line_fields(line)
            what = f"need {number}"
            self.fields[outcome] = forms.ChoiceField(
                label="Outcome",
                required=False,
                choices=LineOutcome.Outcome.choices,
                widget=forms.RadioSelect,
                help_text=escape(
                    f"Planned: {excerpt(line.action, length=200)} "
                    f"({rules.money(line.cost)}). Intended impact: "
                    f"{excerpt(line.intended_impact, length=200)}"
                ),
                error_messages={"invalid_choice": f"Select the outcome of {what}"},
            )
            self.fields[spent] = SpentField(
                what=what,
                help_text=f"In pounds, for example 110.00. Planned: {rules.money(line.cost)}.",
            )
            self.fields[notes] = _text("Notes", limit=NOTES_LIMIT, rows=3)
            fieldsets.append(
                Fieldset(
                    Field.radios(outcome, legend_size=Size.SMALL, small=True),
                    Field.text(spent, field_width=10),
                    Field.textarea(notes, rows=3),
                    legend=escape(
                        f"Need {number}, {line.area.name}: {excerpt(line.need, length=120)}"
                    ),
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *fieldsets,
            Field.textarea("summary", rows=5),
            Field.textarea("next_steps", rows=4),
            Field.checkboxes("observations", legend_size=Size.MEDIUM, small=True),
            Field.checkboxes("judgements", legend_size=Size.MEDIUM, small=True),
            "version",
            Submit("save", "Save as a draft", css_class="govuk-button--secondary"),
            Submit(COMPLETE, "Record the review"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for number, line in enumerate(self.lines, start=1):
            outcome, spent, notes = line_fields(line)
            if outcome in self.errors or spent in self.errors:
                continue
            has_outcome = bool(data.get(outcome))
            has_spent = data.get(spent) is not None
            if self.completing or has_outcome or has_spent or data.get(notes):
                if not has_outcome:
                    self.add_error(outcome, f"Select the outcome of need {number}")
                if not has_spent:
                    self.add_error(
                        spent, f"Enter the amount actually spent on need {number}, or 0"
                    )
        if self.completing and not (data.get("summary") or "").strip():
            self.add_error("summary", "Enter what difference the funding made")
        return data

    def outcomes(self) -> dict[int, tuple[str, Decimal, str]]:
        """Return ``{line id: (outcome, spent, notes)}`` for the lines given an outcome."""
        given = {}
        for line in self.lines:
            outcome, spent, notes = line_fields(line)
            if self.cleaned_data.get(outcome):
                given[line.pk] = (
                    self.cleaned_data[outcome],
                    self.cleaned_data[spent],
                    self.cleaned_data.get(notes) or "",
                )
        return given

    def review_fields(self) -> dict[str, Any]:
        return {
            "summary": self.cleaned_data.get("summary") or "",
            "next_steps": self.cleaned_data.get("next_steps") or "",
            "observation_ids": sorted(int(pk) for pk in self.cleaned_data["observations"]),
            "judgement_ids": sorted(int(pk) for pk in self.cleaned_data["judgements"]),
        }
