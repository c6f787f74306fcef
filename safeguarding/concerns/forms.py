"""Forms of concerns: raising one (with its body map), and the DSL's triage.

What a browser sends is text: every bad input is a GOV.UK message naming what to fix,
with what was typed kept on the page.
"""

import re
from datetime import date, time
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from common.forms import GdsDateField, IdChoiceField, IdMultipleChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from safeguarding.concerns import body_map
from safeguarding.models import BodyMapMark, Category, ConcernAction, Outcome

NOT_SURE = ""
MAX_MARKS = 30
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
# Outcomes that go to another agency, whose reference the DSL records.
REFERRED = frozenset({Outcome.CSC_REFERRAL, Outcome.POLICE, Outcome.LADO})


def _text(
    label: str, *, required: bool = True, what: str = "", help_text: str = "", rows: int = 4
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what or label.lower()}",
            "max_length": f"{label} must be 10,000 characters or fewer",
        },
    )


def _line(label: str, *, max_length: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


class TimeOfDayField(forms.CharField):
    """A time of day as typed on a 24-hour clock ("9:30", "14.05"); a ``time`` or None."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, required=False, max_length=5, **kwargs)
        self.error_messages["max_length"] = f"{label} must be a time like 14:30"
        self.widget.attrs.update({"class": "govuk-input--width-5", "spellcheck": "false"})

    def clean(self, value: Any) -> time | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        found = _TIME.fullmatch(text)
        if found is None or int(found[1]) > 23 or int(found[2]) > 59:
            raise ValidationError(f"{self.label} must be a time like 14:30")
        return time(int(found[1]), int(found[2]))


def category_choices(blank: str) -> list[Choice]:
    return [Choice(value, label) for value, label in Category.choices] + [Choice(NOT_SURE, blank)]


class ConcernForm(SubmissionTokenMixin, forms.Form):
    """What the member of staff saw or heard, as they would tell the DSL."""

    child = IdChoiceField(
        label="Which child is the concern about?",
        queryset=None,
        empty_label="Choose a child",
        error_messages={"required": "Choose the child the concern is about"},
    )
    occurred_on = GdsDateField(label="Date it happened", what="the date it happened")
    occurred_time = TimeOfDayField(
        label="Time it happened (optional)", help_text="On a 24-hour clock, for example 14:30"
    )
    location = _line("Where it happened (optional)", max_length=200)
    others_present = _line(
        "Who else was present (optional)",
        max_length=300,
        help_text="Staff, children or adults who were there.",
    )
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        required=False,
        widget=forms.RadioSelect,
        help_text="If you are not sure, say so: the DSL decides.",
    )
    text = _text(
        "What did you see or hear?",
        what="what you saw or heard",
        help_text="Facts only: what happened, what you noticed. Not what you think it means.",
        rows=6,
    )
    child_words = _text(
        "The child's own words (optional)",
        required=False,
        help_text="Write exactly what the child said, word for word, even if it is unclear.",
    )
    immediate_actions = _text(
        "What did you do straight away? (optional)",
        required=False,
        help_text="For example: first aid, who you told, what you said to the child.",
    )

    def __init__(self, *args: Any, children: Any = None, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if children is None:
            del self.fields["child"]
        else:
            self.fields["child"].queryset = children
        self.fields["category"].choices = category_choices("I am not sure")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form carries it
        self.helper.layout = Layout(
            TOKEN_FIELD,
            *(["child"] if children is not None else []),
            "occurred_on",
            Field.text("occurred_time"),
            Field.text("location"),
            Field.text("others_present"),
            Field.radios("category", legend_size=Size.MEDIUM),
            Field.textarea("text", label_size=Size.MEDIUM),
            Field.textarea("child_words", label_size=Size.MEDIUM),
            Field.textarea("immediate_actions", label_size=Size.MEDIUM),
        )

    def clean_occurred_on(self) -> date | None:
        occurred_on = self.cleaned_data.get("occurred_on")
        if occurred_on is not None and occurred_on > self.today:
            raise ValidationError("The date it happened must be today or in the past")
        return occurred_on


class MarkForm(forms.Form):
    """One mark on the body map: where (side and region), what kind, and what it looks like."""

    side = forms.ChoiceField(
        label="Front or back",
        choices=[("", "Choose front or back"), *BodyMapMark.Side.choices],
        error_messages={"required": "Choose whether the mark is on the front or the back"},
    )
    region = forms.ChoiceField(
        label="Part of the body",
        error_messages={"required": "Choose the part of the body the mark is on"},
    )
    kind = forms.ChoiceField(
        label="Kind of mark",
        choices=[("", "Choose the kind of mark"), *BodyMapMark.Kind.choices],
        error_messages={"required": "Choose the kind of mark"},
    )
    description = _text(
        "Size, colour and shape",
        what="the size, colour and shape of the mark",
        help_text="For example: round bruise about 2cm across, blue and yellow.",
        rows=2,
    )
    x = forms.IntegerField(required=False, min_value=0, max_value=100, widget=forms.HiddenInput)
    y = forms.IntegerField(required=False, min_value=0, max_value=100, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", "Choose a part of the body"),
            *body_map.region_choices(),
        ]
        self.fields["x"].error_messages["invalid"] = "The place on the outline is not valid"
        self.fields["y"].error_messages["invalid"] = "The place on the outline is not valid"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("side", "region", "kind", "description", "x", "y")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        side, region = data.get("side"), data.get("region")
        if side and region and body_map.centre(region, side) is None:
            self.add_error(
                "region",
                f"{body_map.region_label(region)} is not on the {side}: choose another part "
                "of the body or the other side",
            )
        if (data.get("x") is None) != (data.get("y") is None):
            data["x"] = data["y"] = None
        return data


class BaseMarkFormSet(forms.BaseFormSet):
    def marks(self) -> list[dict[str, Any]]:
        """Return the marks described (forms left blank are not marks)."""
        return [
            {
                name: form.cleaned_data[name]
                for name in ("side", "region", "kind", "description", "x", "y")
            }
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


MarkFormSet = forms.formset_factory(
    MarkForm,
    formset=BaseMarkFormSet,
    extra=1,
    max_num=MAX_MARKS,
    absolute_max=MAX_MARKS,
    validate_max=True,
)


def with_another_mark(data: Any, prefix: str = "marks") -> Any:
    """Return the posted data with room for one more mark (the "Add another mark" button)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        total = 0
    data[key] = str(min(max(total, 0) + 1, MAX_MARKS))
    return data


# --- The DSL's triage ----------------------------------------------------------------------


class ActionForm(SubmissionTokenMixin, forms.Form):
    """An entry of the DSL's log: a decision, an action, a contact or a note, dated."""

    kind = forms.ChoiceField(
        label="What are you recording?",
        widget=forms.RadioSelect,
        choices=ConcernAction.Kind.choices,
        error_messages={"required": "Choose what you are recording"},
    )
    taken_on = GdsDateField(label="Date", what="the date")
    text = _text("Details", what="the details", rows=5)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = gds_helper(
            "Add to the log",
            TOKEN_FIELD,
            Field.radios("kind", legend_size=Size.MEDIUM),
            "taken_on",
            Field.textarea("text"),
        )

    def clean_taken_on(self) -> date | None:
        taken_on = self.cleaned_data.get("taken_on")
        if taken_on is not None and taken_on > self.today:
            raise ValidationError("The date must be today or in the past")
        return taken_on


class OutcomeForm(forms.Form):
    """The outcome of the DSL's review; a referral carries the other agency's reference."""

    version = VersionField()
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        widget=forms.RadioSelect,
        choices=Outcome.choices,
        error_messages={"required": "Choose the outcome"},
    )
    outcome_reference = _line(
        "Reference (children's social care, police or LADO)",
        max_length=60,
        help_text="Needed for a referral to children's social care, the police or the LADO.",
    )
    outcome_notes = _text("Reasons for the outcome", what="the reasons for the outcome")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Record the outcome",
            "version",
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.text("outcome_reference"),
            Field.textarea("outcome_notes"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") in REFERRED and not (data.get("outcome_reference") or "").strip():
            self.add_error(
                "outcome_reference",
                "Enter the reference of the referral (children's social care, police or LADO)",
            )
        return data


class CategoryForm(forms.Form):
    """The DSL sets or corrects the concern's category."""

    version = VersionField()
    category = forms.ChoiceField(label="Category of the concern", widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices("Not decided yet")
        self.fields["category"].required = False
        self.helper = gds_helper(
            "Save the category", "version", Field.radios("category", legend_size=Size.MEDIUM)
        )


class RelatedForm(forms.Form):
    """The setting's other concerns this one is related to."""

    version = VersionField()
    related = IdMultipleChoiceField(
        label="Related concerns",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every concern this one is related to; clear one to unlink it.",
    )

    def __init__(self, *args: Any, others: Any, labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["related"]
        field.queryset = others
        field.label_from_instance = lambda concern: labels.get(concern.pk, concern.reference)
        self.helper = gds_helper(
            "Save the related concerns",
            "version",
            Field.checkboxes("related", legend_size=Size.MEDIUM),
        )


class ReviewHoursForm(forms.Form):
    """How long the DSL has to review a concern before reminders are sent."""

    version = VersionField()
    concern_review_hours = forms.IntegerField(
        label="Hours for the DSL to review a concern",
        min_value=1,
        max_value=168,
        help_text=(
            "Between 1 and 168 (a week). A concern not reviewed in this time reminds the DSL; "
            "after twice this time, the manager too."
        ),
        error_messages={
            "required": "Enter the number of hours",
            "invalid": "The number of hours must be a whole number, like 24",
            "min_value": "The number of hours must be 1 or more",
            "max_value": "The number of hours must be 168 or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern_review_hours"].widget.attrs.update(
            {"class": "govuk-input--width-3", "inputmode": "numeric"}
        )
        self.helper = gds_helper("Save", "version", "concern_review_hours")


class ConcernFilterForm(forms.Form):
    """The filters of the concern list (sent with GET): state, category, child."""

    STATES = (
        ("open", "Open (waiting or under review)"),
        ("waiting", "Waiting for review"),
        ("under_review", "Under review"),
        ("closed", "Closed"),
        ("all", "All"),
    )
    state = forms.ChoiceField(label="State", choices=STATES, required=False)
    category = forms.ChoiceField(label="Category", required=False)
    child = IdChoiceField(label="Child", queryset=None, required=False, empty_label="All children")

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", "All categories"),
            *Category.choices,
            ("none", "Not categorised"),
        ]
        self.fields["child"].queryset = children

    def filters(self) -> dict[str, Any]:
        """Return the valid filters (a bad one is left out, never an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "state": data.get("state") or "open",
            "category": data.get("category") or "",
            "child": data.get("child"),
        }
