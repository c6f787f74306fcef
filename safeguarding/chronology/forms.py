"""Forms of the chronology: its filter, and a significant event entered by hand."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from common.forms import GdsDateField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from safeguarding.chronology.build import chronology_sources
from safeguarding.models import ChronologyEntry


class ChronologyFilterForm(forms.Form):
    """Which sources, and which dates: sent in the query string, so the PDF takes the same."""

    sources = forms.MultipleChoiceField(
        label="Show entries from",
        required=False,
        help_text="Leave every box empty to see every source.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the sources shown"},
    )
    since = GdsDateField(label="From (optional)", required=False, what="the date from")
    until = GdsDateField(label="To (optional)", required=False, what="the date to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = chronology_sources()
        self.helper = gds_helper(
            "Show entries",
            Field.checkboxes("sources", legend_size=Size.SMALL, small=True),
            Field("since"),
            Field("until"),
        )
        self.helper.form_method = "get"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The date to must be the same as or after the date from")
        return data

    def chosen(self) -> dict[str, Any]:
        """Return ``chronology_for``'s filter: every source when none is ticked."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sources = set(data.get("sources") or []) or None
        return {"sources": sources, "since": data.get("since"), "until": data.get("until")}


class ChronologyEntryForm(SubmissionTokenMixin, forms.Form):
    version = VersionField(required=False)
    occurred_on = GdsDateField(label="Date of the event", what="the date of the event")
    kind = forms.ChoiceField(
        label="What kind of event?",
        widget=forms.RadioSelect,
        choices=ChronologyEntry.Kind.choices,
        error_messages={
            "required": "Select what kind of event it was",
            "invalid_choice": "Select one of the kinds shown",
        },
    )
    title = forms.CharField(
        label="What happened, in a line",
        max_length=200,
        error_messages={
            "required": "Enter what happened, in a line",
            "max_length": "What happened must be 200 characters or fewer",
        },
    )
    detail = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Facts: who told you, what was seen, what was done.",
        error_messages={"max_length": "The details must be 4,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save event",
            "version",
            TOKEN_FIELD,
            Field("occurred_on"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("title"),
            Field.textarea("detail", rows=5),
        )
