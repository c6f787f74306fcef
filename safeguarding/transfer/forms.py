"""Forms of a transfer: sending the file, and recording who took it off the portal."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from common.forms import gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from safeguarding.transfer.services import DESTINATION_MISSING


class SendForm(forms.Form):
    """Send the file: a note to the receiving DSL and, off the portal, where it goes."""

    note = forms.CharField(
        label="Note to the receiving DSL (optional)",
        help_text="Anything they need to know first. The note is part of the file.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    destination = forms.CharField(
        label="Receiving setting",
        help_text="The name and town of the setting the child has gone to.",
        max_length=200,
        error_messages={"required": "Enter the setting the child has gone to"},
    )

    def __init__(self, *args: Any, on_portal: bool, destination: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field.textarea("note")]
        if on_portal:
            del self.fields["destination"]
        else:
            self.fields["destination"].initial = (
                "" if destination == DESTINATION_MISSING else destination
            )
            fields.insert(0, Field.text("destination"))
        self.helper = gds_helper("Send the safeguarding file", *fields)

    def clean_destination(self) -> str:
        value = self.cleaned_data["destination"].strip()
        if not value or value == DESTINATION_MISSING:
            raise forms.ValidationError("Enter the setting the child has gone to")
        return value


class HandoverForm(SubmissionTokenMixin, forms.Form):
    """Who is taking the file off the portal, and how it travels."""

    METHODS = (
        ("secure_email", "By secure e-mail"),
        ("in_person", "In person, on encrypted storage or on paper"),
        ("post", "By recorded post"),
    )
    person = forms.CharField(
        label="Who is taking the file",
        help_text="Their name and role, for example the receiving setting's DSL.",
        max_length=120,
        error_messages={"required": "Enter who is taking the file"},
    )
    method = forms.ChoiceField(
        label="How it will reach the receiving setting",
        choices=METHODS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the file will reach the receiving setting",
            "invalid_choice": "Select how the file will reach the receiving setting",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Record and download the file",
            TOKEN_FIELD,
            Field.text("person"),
            Field.radios("method"),
        )

    def handed_to(self) -> str:
        method = dict(self.METHODS)[self.cleaned_data["method"]].lower()
        return f"{self.cleaned_data['person'].strip()} ({method})"[:200]
