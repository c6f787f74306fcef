"""Forms of PEP quality assurance: the checklist, rating and decision; a correction."""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms

from common.forms import gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from pep.models import Pep, QaReview

Decision = QaReview.Decision

DECISION_LABELS = {
    Decision.FEEDBACK: "Give feedback only",
    Decision.RETURNED: "Return it to the setting for changes",
    Decision.SIGNED_OFF: "Sign it off",
}
DECISION_HINTS = {
    Decision.FEEDBACK: "The PEP stays where it is; the setting sees your rating and feedback.",
    Decision.RETURNED: "The key person and the manager are told to make the changes and submit "
    "it again.",
    Decision.SIGNED_OFF: "The PEP is locked, its PDF pack is stored and the next cycle opens.",
}


class QaDecisionForm(SubmissionTokenMixin, forms.Form):
    """The virtual school's checklist, a RAG rating with feedback, and a decision.

    ``decisions`` are the ones the advisor may take: feedback for every advisor who
    quality-assures, returning and signing off for the responsible LA's advisors only.
    """

    version = VersionField()
    checklist = forms.MultipleChoiceField(
        label="Checklist",
        required=False,
        choices=QaReview.CHECKLIST,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each item the PEP meets. What the PEP holds for each is shown above.",
    )
    rag = forms.ChoiceField(
        label="Rating",
        choices=Pep.Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating: red, amber or green"},
    )
    feedback = forms.CharField(
        label="Feedback to the setting",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "The feedback must be 5,000 characters or fewer"},
    )
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to do with the PEP"},
    )
    reason = forms.CharField(
        label="Why it is returned (if you return it)",
        required=False,
        max_length=5000,
        help_text="Say what needs changing. The key person and the manager read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )

    def __init__(self, *args: Any, decisions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the advisor does, in words, each with what follows from it.
        self.fields["decision"].choices = [
            Choice(value, DECISION_LABELS[value], hint=DECISION_HINTS[value])
            for value in Decision.values
            if value in decisions
        ]
        self.helper = gds_helper(
            "Save decision",
            "version",
            TOKEN_FIELD,
            Field.checkboxes("checklist", legend_size=Size.MEDIUM, small=True),
            Field.radios("rag", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("feedback", label_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.SMALL),
        )

    def clean_feedback(self) -> str:
        return self.cleaned_data["feedback"].strip()

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        if self.is_repeat():
            return cleaned
        if decision == Decision.RETURNED and not cleaned.get("reason"):
            self.add_error("reason", "Enter why the PEP is being returned")
        if decision == Decision.FEEDBACK and not cleaned.get("feedback"):
            self.add_error("feedback", "Enter your feedback to the setting")
        if decision == Decision.SIGNED_OFF and cleaned.get("rag") == Pep.Rag.RED:
            self.add_error(
                "rag",
                "A PEP rated red cannot be signed off. Return it with the reason so it can be "
                "fixed, or change the rating if it is now good enough",
            )
        return cleaned


class CorrectionForm(SubmissionTokenMixin, forms.Form):
    """Why a signed PEP needs correcting: a new version is started and the old one kept."""

    version = VersionField()
    reason = forms.CharField(
        label="Why does the signed PEP need correcting?",
        max_length=5000,
        help_text="For example: the date of the next PEP was recorded wrongly. The key person "
        "and the manager read this, and it is printed in the corrected PDF pack.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter why the signed PEP needs correcting",
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Start the correction",
            "version",
            TOKEN_FIELD,
            Field.textarea("reason", label_size=Size.MEDIUM),
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why the signed PEP needs correcting")
        return reason
