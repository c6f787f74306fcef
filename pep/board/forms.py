"""Forms of the PEP lists and of out-of-county PEPs: validate and convert, nothing else.

The other LA's PEP document is checked by its content (``documents.document_kind``), never
by its name or the type the browser claims; browsers never keep a chosen file after an
error, so every message about the file says to choose it again.
"""

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from common.forms import GdsDateField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from pep.board import documents
from pep.board.selectors import IN_COUNTY, OUT_OF_COUNTY, STATUS_FILTERS

ANY = ""
CHOOSE_AGAIN = "Choose the file again if you still want to upload it."


class PepListFilterForm(forms.Form):
    """The filters of a list of PEPs: all optional; a value that makes no sense is ignored."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(ANY, "Any current PEP"), *STATUS_FILTERS],
    )
    setting = forms.ChoiceField(label="Setting", required=False)
    out_of_county = forms.ChoiceField(
        label="Out of county",
        required=False,
        choices=[
            (ANY, "Any"),
            (OUT_OF_COUNTY, "Only out of county"),
            (IN_COUNTY, "Only in county"),
        ],
        help_text="Out of county: the LA responsible for the child is not the setting's LA.",
    )

    def __init__(
        self, *args: Any, settings: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = [Field.select("status")]
        if settings is None:
            del self.fields["setting"]
        else:
            self.fields["setting"].choices = [
                (ANY, "Any setting"),
                *((str(pk), name) for pk, name in settings),
            ]
            fields.append(Field.select("setting"))
        fields.append(Field.select("out_of_county"))
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.layout = Layout(
            *fields,
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def filters(self) -> dict[str, Any]:
        """Return the valid filters that are set; invalid ones are dropped, not refused."""
        cleaned = {}
        for name in self.fields:
            value = self.data.get(name, ANY) if self.is_bound else ANY
            try:
                cleaned[name] = self.fields[name].clean(value)
            except ValidationError:
                continue
        if cleaned.get("setting"):
            cleaned["setting"] = int(cleaned["setting"])
        return {name: value for name, value in cleaned.items() if value not in (ANY, None)}


class DocumentField(forms.FileField):
    """The other LA's PEP document: a PDF or Word (.docx) file of at most 10 MB."""

    def clean(self, data: Any, initial: Any = None) -> documents.CheckedDocument | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        return _check(upload)


def _check(upload: UploadedFile) -> documents.CheckedDocument:
    try:
        return documents.document_check(upload)
    except documents.DocumentRejected as problem:
        raise ValidationError(f"The file {upload.name} {problem}. {CHOOSE_AGAIN}") from None


class ExternalUploadForm(SubmissionTokenMixin, forms.Form):
    """Upload the responsible LA's PEP document (kept once, however often it is sent)."""

    document = DocumentField(
        label="Upload the PEP document",
        help_text="A PDF or Word (.docx) file, smaller than 10 MB, as the responsible LA sent it.",
        error_messages={"required": "Choose the PEP document to upload"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].widget.attrs.update(
            {"accept": ",".join(documents.ACCEPT), "class": "govuk-file-upload"}
        )
        self.helper = gds_helper("Upload the document", "document", TOKEN_FIELD)


class ExternalRecordForm(forms.Form):
    """Record the outcome of the PEP meeting the responsible LA held."""

    version = VersionField()
    held_on = GdsDateField(label="When was the PEP meeting held?", what="The meeting date")
    outcome = forms.CharField(
        label="What did the meeting decide?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="The targets agreed and anything the setting is asked to do.",
        error_messages={"required": "Enter what the meeting decided"},
    )
    next_pep_on = GdsDateField(label="Date of the next PEP", what="The date of the next PEP")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = gds_helper(
            "Record the outcome",
            "version",
            "held_on",
            Field.textarea("outcome", rows=5),
            "next_pep_on",
        )

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise ValidationError("The meeting date must be today or in the past")
        return held_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        held_on, next_pep_on = cleaned.get("held_on"), cleaned.get("next_pep_on")
        if held_on and next_pep_on and next_pep_on <= held_on:
            self.add_error("next_pep_on", "The date of the next PEP must be after the meeting")
        return cleaned
