"""Forms of a setting's action plan: opening it, contact, comments, actions, support."""

from functools import partial
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms

from common.forms import GdsDateField, gds_helper, text_field
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from quality.models import ActionPlan, PlanAction, SupportItem

# The plan's text boxes: up to 4,000 characters, three rows unless a field says otherwise.
_text = partial(text_field, max_length=4000, rows=3)


class _Stripped(forms.Form):
    """Text answers that are only spaces count as empty."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str):
                cleaned[name] = value.strip()
                if field.required and not cleaned[name] and name not in self.errors:
                    self.add_error(name, field.error_messages["required"])
        return cleaned


class PlanOpenForm(SubmissionTokenMixin, _Stripped):
    """Open a plan agreed with the setting, without an inspection below Good."""

    opened_on = GdsDateField(label="Date the plan was agreed", what="the date the plan was agreed")
    reason = _text(
        "Why is the plan being opened?",
        what="why the plan is being opened",
        help_text="For example, the setting's self-review with the Positive Practice Tool "
        "found areas it wants support with. The setting's manager reads this.",
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Open the action plan", TOKEN_FIELD, "opened_on", Field.textarea("reason", rows=4)
        )


class ContactForm(forms.Form):
    version = VersionField()
    contacted_on = GdsDateField(label="Date of contact", what="the date of contact")

    def __init__(self, *args: Any, button: str = "Record the contact", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(button, "version", "contacted_on")


class PlanCommentForm(_Stripped):
    version = VersionField()
    advisor_comment = _text(
        "Your comments on the plan",
        what="your comments on the plan",
        required=False,
        help_text="The setting's manager reads this.",
        rows=6,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save the comments", "version", Field.textarea("advisor_comment", rows=6)
        )


class EngagementForm(_Stripped):
    """Whether the setting engages with the support offered; if not, when Ofsted was told."""

    version = VersionField()
    engagement = forms.ChoiceField(
        label="Is the setting engaging with support?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the setting is engaging with support",
            "invalid_choice": "Select one of the answers shown",
        },
    )
    engagement_recorded_on = GdsDateField(
        label="Date it declined or stopped engaging",
        required=False,
        what="the date the setting declined or stopped engaging",
    )
    engagement_notes = _text(
        "What happened", what="what happened", required=False, max_length=4000, rows=4
    )
    ofsted_informed_on = GdsDateField(
        label="Date Ofsted was informed",
        required=False,
        what="the date Ofsted was informed",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hints = {
            ActionPlan.Engagement.ENGAGED: "The setting is working with the advisor.",
            ActionPlan.Engagement.DECLINED: "The setting said it does not want the support.",
            ActionPlan.Engagement.NOT_ENGAGED: "The setting has not responded or taken part.",
        }
        self.fields["engagement"].choices = [
            Choice(value, label, hint=hints[value])
            for value, label in ActionPlan.Engagement.choices
        ]
        self.helper = gds_helper(
            "Save",
            "version",
            Field.radios("engagement", legend_size=Size.MEDIUM),
            "engagement_recorded_on",
            Field.textarea("engagement_notes", rows=4),
            "ofsted_informed_on",
        )


class ActionForm(_Stripped):
    """One action of the setting's plan, written by the setting."""

    version = VersionField(required=False)
    concern = _text("What is the concern?", what="the concern")
    action = _text("What needs to happen?", what="what needs to happen")
    who = forms.CharField(
        label="Who will do it",
        max_length=150,
        help_text="A role, for example: manager, room leaders, SENCo.",
        error_messages={
            "required": "Enter who will do it",
            "max_length": "Who will do it must be 150 characters or fewer",
        },
    )
    due_on = GdsDateField(label="By when", what="the date it is to be done by")
    evidence = _text(
        "Evidence of progress (optional)",
        what="the evidence of progress",
        required=False,
        help_text="What shows it is happening: records, observations, feedback.",
    )
    status = forms.ChoiceField(
        label="Where is it up to?",
        widget=forms.RadioSelect,
        choices=PlanAction.Status.choices,
        error_messages={
            "required": "Select where the action is up to",
            "invalid_choice": "Select one of the answers shown",
        },
    )

    def __init__(self, *args: Any, button: str = "Save the action", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(button, *self.layout_fields())

    def layout_fields(self) -> list[Any]:
        return [
            "version",
            Field.textarea("concern", rows=3),
            Field.textarea("action", rows=3),
            Field.text("who"),
            "due_on",
            Field.textarea("evidence", rows=3),
            Field.radios("status", legend_size=Size.SMALL, small=True),
        ]


class ActionAddForm(SubmissionTokenMixin, ActionForm):
    def layout_fields(self) -> list[Any]:
        return [TOKEN_FIELD, *super().layout_fields()]


class ActionCommentForm(_Stripped):
    version = VersionField()
    advisor_comment = _text(
        "Your comment on this action",
        what="your comment on this action",
        required=False,
        help_text="The setting's manager reads this.",
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save the comment", "version", Field.textarea("advisor_comment", rows=4)
        )


class SupportForm(_Stripped):
    """A part of the support package: what is offered, when, and what was taken up."""

    version = VersionField(required=False)
    kind = forms.ChoiceField(
        label="Kind of support",
        widget=forms.RadioSelect,
        choices=SupportItem.Kind.choices,
        error_messages={
            "required": "Select the kind of support",
            "invalid_choice": "Select one of the kinds shown",
        },
    )
    detail = _text(
        "What is offered",
        what="what is offered",
        help_text="For example, three advisory visits this term on observation and planning.",
    )
    offered_on = GdsDateField(label="Offered on", what="the date it was offered")
    take_up = forms.ChoiceField(
        label="Has the setting taken it up?",
        widget=forms.RadioSelect,
        choices=SupportItem.TakeUp.choices,
        error_messages={
            "required": "Select whether the setting has taken it up",
            "invalid_choice": "Select one of the answers shown",
        },
    )
    take_up_notes = _text(
        "What was taken up",
        what="what was taken up",
        required=False,
        help_text="Needed when it was partly taken up.",
    )

    def __init__(self, *args: Any, button: str = "Save the support", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(button, *self.layout_fields())

    def layout_fields(self) -> list[Any]:
        return [
            "version",
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.textarea("detail", rows=3),
            "offered_on",
            Field.radios("take_up", legend_size=Size.SMALL, small=True),
            Field.textarea("take_up_notes", rows=3),
        ]


class SupportAddForm(SubmissionTokenMixin, SupportForm):
    def layout_fields(self) -> list[Any]:
        return [TOKEN_FIELD, *super().layout_fields()]
