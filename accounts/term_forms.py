"""The form the LA administrator adds or changes a school term with."""

from typing import Any

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from accounts.models import LocalAuthority, SchoolTerm
from accounts.term_selectors import overlap_message, overlapping_term
from common.forms import GdsDateField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField


class SchoolTermForm(SubmissionTokenMixin, forms.Form):
    """A term's name and its first and last days; no overlap with the LA's other terms.

    Adding, it carries a submission token (sent twice, saved once); changing, the version
    of the term it was loaded at.
    """

    name = forms.CharField(
        label="Name",
        max_length=60,
        help_text="For example, Autumn 2026 or Spring 2027 first half",
        error_messages={
            "required": "Enter a name for the term, like Autumn 2026",
            "max_length": "The name must be 60 characters or fewer",
        },
    )
    starts_on = GdsDateField(label="First day of the term", what="the first day of the term")
    ends_on = GdsDateField(label="Last day of the term", what="the last day of the term")

    def __init__(
        self,
        *args: Any,
        local_authority: LocalAuthority,
        term: SchoolTerm | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.term = term
        hidden: tuple[str, ...]
        if term is None:
            hidden = (TOKEN_FIELD,)
        else:
            del self.fields[TOKEN_FIELD]
            self.fields["version"] = VersionField()
            self.initial.setdefault("version", term.version)
            hidden = ("version",)
        self.helper = gds_helper(
            "Save term" if term is not None else "Add term",
            *hidden,
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            "starts_on",
            "ends_on",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on is None or ends_on is None:
            return cleaned
        if ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
            return cleaned
        clash = overlapping_term(
            self.local_authority,
            starts_on=starts_on,
            ends_on=ends_on,
            other_than=self.term.pk if self.term is not None else None,
        )
        if clash is not None and not self.is_repeat():
            self.add_error("starts_on", overlap_message(clash))
        return cleaned

    def is_repeat(self) -> bool:
        return self.term is None and super().is_repeat()


class SchoolTermDeleteForm(forms.Form):
    """The confirmation that deletes a term."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Delete term")
