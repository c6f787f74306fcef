"""The forms of notes of visit: the advisor's notes and the setting's reflections.

Written with the Positive Practice Tool: three questions and, if asked, where the setting
and the advisor each put things on a scale of 0 to 10. No grade is given: nothing here
asks for one.
"""

import re
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms
from django.core.exceptions import ValidationError

from common.forms import GdsDateField, gds_helper, text_field
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from quality.models import Visit

KIND_HINTS = {
    Visit.Kind.PRE_INSPECTION: "Before an expected Ofsted inspection.",
    Visit.Kind.POST_INSPECTION: "After an Ofsted report, to agree what happens next.",
    Visit.Kind.SUPPORT: "Part of the support agreed with the setting.",
    Visit.Kind.MONITORING: "To see how the setting's actions are going.",
    Visit.Kind.MAINTENANCE: "A contact after the setting's action plan has closed.",
}
SCALE_HINT = (
    "10 means everything is in place and the setting is confident in its practice; 0 means "
    "there are serious concerns about children's safety or learning. Leave it blank if "
    "it was not asked."
)
_SCALE = re.compile(r"\s*([0-9]{1,2})\s*")


class ScaleField(forms.Field):
    """An optional whole number from 0 to 10, read as ASCII digits only."""

    def __init__(self, *, label: str, what: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            help_text=SCALE_HINT,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            **kwargs,
        )
        self.message = f"{what} must be a whole number from 0 to 10"

    def to_python(self, value: Any) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            match = _SCALE.fullmatch(str(value))
            if match is None:
                raise ValidationError(self.message)
            number = int(match.group(1))
        if not 0 <= number <= 10:
            raise ValidationError(self.message)
        return number


class VisitForm(SubmissionTokenMixin, forms.Form):
    """The notes of a visit: when, what kind, who was met, the three questions, two scales."""

    version = VersionField(required=False)
    visited_on = GdsDateField(label="Date of the visit")
    kind = forms.ChoiceField(
        label="What kind of visit was it?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of visit",
            "invalid_choice": "Select one of the kinds of visit shown",
        },
    )
    met_with = text_field(
        "Who did you meet?",
        what="who you met",
        max_length=300,
        help_text="Their roles, for example the manager and the deputy manager.",
    )
    working_well = text_field(
        "What is working well?", what="what is working well", max_length=6000, rows=6
    )
    worried_about = text_field(
        "What are we worried about?", what="what we are worried about", max_length=6000, rows=6
    )
    needs_to_happen = text_field(
        "What needs to happen?", what="what needs to happen", max_length=6000, rows=6
    )
    setting_scale = ScaleField(
        label="Where does the setting put itself on a scale of 0 to 10? (optional)",
        what="The setting's view",
    )
    advisor_scale = ScaleField(
        label="Where do you put it on a scale of 0 to 10? (optional)",
        what="Your view",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            Choice(value, label, hint=KIND_HINTS[value]) for value, label in Visit.Kind.choices
        ]
        self.helper = gds_helper(
            "Save notes",
            "version",
            TOKEN_FIELD,
            Field("visited_on"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("met_with"),
            Field.textarea("working_well", rows=6),
            Field.textarea("worried_about", rows=6),
            Field.textarea("needs_to_happen", rows=6),
            Field.text("setting_scale", field_width=Fixed.TWO),
            Field.text("advisor_scale", field_width=Fixed.TWO),
        )


class ShareForm(forms.Form):
    """Share the notes as they were shown (their version)."""

    version = VersionField()


class ReflectionsForm(forms.Form):
    """The setting's own reflections on shared notes of visit."""

    version = VersionField()
    reflections = text_field(
        "Your reflections",
        what="your reflections",
        max_length=6000,
        rows=8,
        help_text=(
            "What the setting makes of the visit: what you agree with, what you see "
            "differently, and what you will do next."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save reflections", "version", Field.textarea("reflections", rows=8)
        )
