"""Forms of the strategy action plan: chapters, commitments, progress updates, the filters.

Validate and convert only; the services decide what may be saved (a number already used
in the LA's plan is refused there, on its field).
"""

from functools import partial
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fixed, Layout, Size, Submit
from django import forms
from django.db.models import QuerySet

from accounts.models import User
from common.forms import (
    GdsDateField,
    IdChoiceField,
    IdMultipleChoiceField,
    gds_helper,
    text_field,
    valid_values,
)
from common.submissions import TOKEN_FIELD, SubmissionTokenField
from common.versioning import VersionField
from quality.models import StrategyChapter, StrategyCommitment

LONG_TEXT = 5000
Status = StrategyCommitment.Status
Rag = StrategyCommitment.Rag
# What a named lead may not change on their own commitment: where it sits in the plan and
# who leads it are the LA administrator's to decide.
ADMIN_ONLY = ("chapter", "reference", "leads")


# The plan's text boxes: up to LONG_TEXT characters, four rows.
_text = partial(text_field, max_length=LONG_TEXT, rows=4)


def _status_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status",
            "invalid_choice": "Select one of the statuses shown",
        },
    )


def _rag_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        help_text="Red: at risk of not being delivered. Amber: some concerns. Green: on track.",
        error_messages={
            "required": "Select the RAG rating",
            "invalid_choice": "Select red, amber or green",
        },
    )


def normal_reference(text: str) -> str:
    """Return a commitment's number with its spaces tidied: "2.4  (iv) " gives "2.4 (iv)"."""
    return " ".join(text.split())


class ChapterForm(forms.Form):
    """A chapter of the plan: its number and title."""

    number = forms.IntegerField(
        label="Chapter number",
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the chapter number",
            "invalid": "Enter the chapter number as a whole number, like 2",
            "min_value": "The chapter number must be 1 or more",
            "max_value": "The chapter number must be 999 or less",
        },
    )
    title = text_field("Title", what="the chapter's title", max_length=200)

    def __init__(self, *args: Any, is_new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_new:
            self.fields[TOKEN_FIELD] = SubmissionTokenField()
            first = TOKEN_FIELD
        else:
            self.fields["version"] = VersionField()
            first = "version"
        self.helper = gds_helper(
            "Add the chapter" if is_new else "Save the chapter",
            first,
            Field.text("number", field_width=Fixed.FOUR),
            Field.text("title"),
        )


def chapter_field(chapters: QuerySet[StrategyChapter]) -> IdChoiceField:
    """Return the choice of one of the plan's chapters, by id."""
    field = IdChoiceField(
        label="Chapter",
        queryset=chapters,
        empty_label="Select a chapter",
        error_messages={
            "required": "Select the chapter the commitment belongs to",
            "invalid_choice": "Select a chapter from the list",
        },
    )
    field.label_from_instance = str
    return field


def leads_field(people: QuerySet[User]) -> IdMultipleChoiceField:
    """Return the choice of the LA's people who lead a commitment, by id."""
    field = IdMultipleChoiceField(
        label="Named leads (optional)",
        queryset=people,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People of the local authority who may update this commitment. They are "
        "reminded when it is past its timescale; with none, the LA administrators are.",
    )
    field.label_from_instance = lambda user: user.full_name or user.email
    return field


class CommitmentForm(forms.Form):
    """A commitment: where it sits, what it is, who leads it, by when, and how it is going.

    A named lead who is not an LA administrator edits it without ``ADMIN_ONLY`` fields.
    """

    chapter = forms.Field()  # replaced in __init__
    reference = text_field(
        "Number",
        what="the commitment's number",
        max_length=30,
        help_text="As numbered in the strategy, for example 2.4 (iv)",
    )
    text = _text("Commitment", what="the commitment")
    leading = text_field(
        "Who is leading",
        what="who is leading",
        max_length=200,
        help_text="The team or service, for example Virtual School early years team",
    )
    leads = forms.Field()  # replaced in __init__
    timescale = GdsDateField(
        label="To be done by (optional)", required=False, what="the date it is to be done by"
    )
    timescale_note = text_field(
        "Timescale in words (optional)",
        what="the timescale in words",
        max_length=80,
        required=False,
        help_text="For example, Ongoing, or By summer 2027",
    )
    existing_plan = text_field(
        "The existing plan it belongs to (optional)",
        what="the existing plan",
        max_length=200,
        required=False,
        help_text="For example, the SEND and inclusion strategy",
    )
    resources = _text("Resources (optional)", what="the resources", required=False)
    status = _status_field()
    rag = _rag_field()

    def __init__(
        self,
        *args: Any,
        chapters: QuerySet[StrategyChapter],
        people: QuerySet[User],
        is_new: bool,
        full: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = chapter_field(chapters)
        self.fields["leads"] = leads_field(people)
        if is_new:
            self.fields[TOKEN_FIELD] = SubmissionTokenField()
            first = TOKEN_FIELD
        else:
            self.fields["version"] = VersionField()
            first = "version"
        if not full:
            for name in ADMIN_ONLY:
                del self.fields[name]
        layout: list[Any] = [first]
        if full:
            layout += [Field.select("chapter"), Field.text("reference", field_width=Fixed.TEN)]
        layout += [Field.textarea("text", rows=3), Field.text("leading")]
        if full:
            layout.append(Field.checkboxes("leads", legend_size=Size.SMALL, small=True))
        layout += [
            Field("timescale"),
            Field.text("timescale_note", field_width=Fixed.TWENTY),
            Field.text("existing_plan"),
            Field.textarea("resources", rows=3),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.radios("rag", legend_size=Size.SMALL, small=True),
        ]
        self.helper = gds_helper(
            "Add the commitment" if is_new else "Save the commitment", *layout
        )

    def clean_reference(self) -> str:
        return normal_reference(self.cleaned_data["reference"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "timescale" in self.errors or "timescale_note" in self.errors:
            return cleaned
        if not cleaned.get("timescale") and not cleaned.get("timescale_note", "").strip():
            self.add_error(
                "timescale",
                "Enter the date it is to be done by, or say the timescale in words",
            )
        return cleaned


class UpdateForm(forms.Form):
    """A dated progress update, with the commitment's status and RAG rating from now on."""

    version = VersionField()
    written_on = GdsDateField(label="Date of the update", what="the date of the update")
    text = _text(
        "Progress",
        what="the progress made",
        help_text="What has happened since the last update, and what happens next.",
    )
    status = _status_field()
    rag = _rag_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = SubmissionTokenField()
        self.helper = gds_helper(
            "Add the update",
            "version",
            TOKEN_FIELD,
            Field("written_on"),
            Field.textarea("text", rows=5),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.radios("rag", legend_size=Size.SMALL, small=True),
        )


# --- The plan's filters -------------------------------------------------------------------

ANY = ""


class FilterForm(forms.Form):
    """The plan's filters, from the query string: a value that makes no sense is dropped."""

    chapter = forms.TypedChoiceField(label="Chapter", required=False, coerce=int)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[(ANY, "Any status"), *Status.choices]
    )
    rag = forms.ChoiceField(
        label="RAG rating", required=False, choices=[(ANY, "Any rating"), *Rag.choices]
    )
    lead = forms.TypedChoiceField(label="Named lead", required=False, coerce=int)
    past_timescale = forms.BooleanField(label="Only those past their timescale", required=False)

    def __init__(
        self,
        *args: Any,
        chapters: list[StrategyChapter],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"].choices = [
            (ANY, "Any chapter"),
            *((str(chapter.pk), str(chapter)) for chapter in chapters),
        ]
        self.fields["lead"].choices = [(ANY, "Anyone"), *((str(pk), name) for pk, name in people)]
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.select("chapter"),
            Field.select("status"),
            Field.select("rag"),
            Field.select("lead"),
            Field.checkbox("past_timescale", small=True),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def values(self) -> dict[str, Any]:
        """Return the valid values that are set; invalid ones are dropped, not refused."""
        return valid_values(self)
