"""Forms of EYPP action plans: the period, a line, the decision, the allocation, a new version.

What a browser sends is text: a cost is read here, once, strictly, and every bad input is a
GOV.UK message naming what to fix, with what was typed kept on the page.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from common.forms import GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from eypp import rules
from eypp.models import MAX_LINE_COST
from eypp.plans.selectors import Period
from eypp.plans.services import MAX_ALLOCATION
from learning.models import Area
from pep.models import PepTarget

OWN = "own"
# Ideas for spending that enhance experiences a child may have missed: prompts, never
# required. The key is what a line keeps (``PlanLine.idea``).
IDEAS = (
    ("visits", "Visits: a farm, the library, a museum or the seaside"),
    ("books_home", "Books and story sacks to share at home"),
    ("music_movement", "Music and movement sessions"),
    ("forest_school", "Forest school or outdoor learning"),
    ("small_group_talk", "Small-group talk and language sessions"),
    ("home_learning", "Resources for learning at home"),
    ("key_person_time", "Extra one-to-one time with the key person"),
)
IDEA_LABELS = dict(IDEAS)
NO_IDEA = ""

_AMOUNT = re.compile(r"£?\s*(-?)\s*([0-9][0-9,]*)(?:\.([0-9]*))?")


class MoneyField(forms.CharField):
    """An amount in pounds and pence, as typed ("120", "£1,200.50"); a Decimal or an error.

    Refused with a message naming the field: words ("twelve"), a negative or zero amount
    (unless ``allow_zero``), more than 2 decimal places, and more than ``maximum``.
    """

    def __init__(
        self, *, label: str, maximum: Decimal, allow_zero: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("error_messages", {"required": f"Enter the {label.lower()}"})
        super().__init__(label=label, max_length=20, **kwargs)
        self.maximum, self.allow_zero = maximum, allow_zero
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        name = str(self.label)
        found = _AMOUNT.fullmatch(text.strip().replace(" ", ""))
        if not found:
            raise ValidationError(f"{name} must be an amount in pounds, like 120.50")
        sign, whole, pence = found.groups()
        if pence is not None and len(pence) > 2:
            raise ValidationError(
                f"{name} must be in pounds and pence, with no more than 2 decimal places"
            )
        try:
            amount = Decimal(f"{sign}{whole.replace(',', '')}.{pence or '0'}")
        except InvalidOperation:
            raise ValidationError(f"{name} must be an amount in pounds, like 120.50") from None
        if amount < 0 or (amount == 0 and not self.allow_zero):
            least = "£0.00 or more" if self.allow_zero else "more than £0"
            raise ValidationError(f"{name} must be {least}")
        if amount > self.maximum:
            raise ValidationError(f"{name} must be {rules.money(self.maximum)} or less")
        return rules.pounds(amount)


def _text(label: str, *, help_text: str = "", required: bool = True, what: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": f"Enter {what or label.lower()}",
            "max_length": f"{label} must be 5,000 characters or fewer",
        },
    )


# --- Starting a plan -----------------------------------------------------------------------


class PlanStartForm(SubmissionTokenMixin, forms.Form):
    """Choose the plan's period: an LA term (or the PEP's), or dates of one's own."""

    period = forms.ChoiceField(
        label="Which period is the plan for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the period the plan is for"},
    )
    own_label = forms.CharField(
        label="Name of the period",
        required=False,
        max_length=80,
        help_text="Only if you chose your own dates. For example: Summer term 2027.",
        error_messages={"max_length": "The name of the period must be 80 characters or fewer"},
    )
    own_start = GdsDateField(label="Starts on", required=False, what="the start of the period")
    own_end = GdsDateField(label="Ends on", required=False, what="the end of the period")

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {period.key: period for period in periods}
        self.fields["period"].choices = [
            Choice(
                period.key,
                f"{period.label}" + (" (the current PEP)" if period.key == "pep" else ""),
                hint=period.described,
            )
            for period in periods
        ] + [Choice(OWN, "Other dates", hint="Give the period a name and its dates below.")]
        self.helper = gds_helper(
            "Start the plan",
            TOKEN_FIELD,
            Field.radios("period", legend_size=Size.MEDIUM),
            Field.text("own_label"),
            "own_start",
            "own_end",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("period")
        if choice is None:
            return cleaned
        if choice != OWN:
            period = self.periods[choice]
            cleaned.update(
                period_label=period.label,
                period_start=period.starts_on,
                period_end=period.ends_on,
                from_pep=choice == "pep",
            )
            return cleaned
        label = (cleaned.get("own_label") or "").strip()
        starts, ends = cleaned.get("own_start"), cleaned.get("own_end")
        if not label:
            self.add_error("own_label", "Enter a name for the period")
        if starts is None and "own_start" not in self.errors:
            self.add_error("own_start", "Enter the start of the period")
        if ends is None and "own_end" not in self.errors:
            self.add_error("own_end", "Enter the end of the period")
        if starts and ends:
            if ends < starts:
                self.add_error("own_end", "The end of the period must be after its start")
            elif (ends - starts).days > 366:
                self.add_error("own_end", "A plan covers a year at most: choose a shorter period")
        cleaned.update(period_label=label, period_start=starts, period_end=ends, from_pep=False)
        return cleaned

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "period_label": data["period_label"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "submission_token": data.get(TOKEN_FIELD),
        }


# --- A line ----------------------------------------------------------------------------------


class LineForm(forms.Form):
    """One identified need: its EYFS area, the PEP target, the action, who, when, cost, impact."""

    version = VersionField(required=False)
    need = _text(
        "Identified need",
        help_text="What the child finds hard or has missed, in plain words.",
        what="the identified need",
    )
    area = IdChoiceField(
        queryset=Area.objects.order_by("order"),
        label="EYFS area of learning",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the EYFS area the need is in"},
    )
    pep_target = IdChoiceField(
        queryset=PepTarget.objects.none(),
        label="PEP target it serves (optional)",
        required=False,
        empty_label="Not linked to a PEP target",
    )
    idea = forms.ChoiceField(
        label="Did the idea come from one of these?",
        required=False,
        widget=forms.RadioSelect,
        choices=[*IDEAS, (NO_IDEA, "None of these")],
        error_messages={"invalid_choice": "Select one of the ideas shown, or none"},
    )
    action = _text(
        "Action or intervention",
        help_text="What will be done with the money.",
        what="the action or intervention",
    )
    who = forms.CharField(
        label="Who will do it",
        max_length=150,
        help_text="A role, for example: key person, SENCo, speech and language therapist.",
        error_messages={
            "required": "Enter who will do it",
            "max_length": "Who will do it must be 150 characters or fewer",
        },
    )
    starts_on = GdsDateField(label="From", what="the date it starts")
    ends_on = GdsDateField(label="Until", what="the date it ends")
    cost = MoneyField(
        label="Cost",
        maximum=MAX_LINE_COST,
        help_text=f"In pounds, for example 120.50. At most {rules.money(MAX_LINE_COST)} a need.",
    )
    intended_impact = _text(
        "Intended impact",
        help_text="What you expect to see or hear when it has worked.",
        what="the intended impact",
    )

    def __init__(
        self,
        *args: Any,
        targets: list[Any],
        period: tuple[date, date],
        button: str = "Save the need",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["area"].label_from_instance = lambda area: area.name
        fields: list[Any] = [
            "version",
            Field.textarea("need", rows=3),
            Field.radios("area", legend_size=Size.SMALL, small=True),
        ]
        if targets:
            field = self.fields["pep_target"]
            field.queryset = PepTarget.objects.filter(pk__in=[target.pk for target in targets])
            labels = {target.pk: _target_label(target) for target in targets}
            field.label_from_instance = lambda target: labels.get(target.pk, str(target))
            fields.append(Field.select("pep_target"))
        else:
            del self.fields["pep_target"]
        fields += [
            HTML(
                '<details class="govuk-details"><summary class="govuk-details__summary">'
                '<span class="govuk-details__summary-text">Ideas for spending</span></summary>'
                '<div class="govuk-details__text"><p class="govuk-body">Spending that gives the '
                "child experiences they may have missed often makes the most difference. "
                "These are ideas only: use them or not.</p>"
            ),
            Field.radios("idea", legend_size=Size.SMALL, small=True),
            HTML("</div></details>"),
            Field.textarea("action", rows=3),
            Field.text("who"),
            "starts_on",
            "ends_on",
            Field.text("cost", field_width=10),
            Field.textarea("intended_impact", rows=3),
        ]
        self.extra = self.extra_layout()
        self.helper = gds_helper(button, *fields, *self.extra)

    def extra_layout(self) -> list[str]:
        return []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = self.period
        shown = f"{starts:%-d %B %Y} to {ends:%-d %B %Y}"
        for name, what in (("starts_on", "start"), ("ends_on", "end")):
            day = cleaned.get(name)
            if day is not None and not starts <= day <= ends:
                self.add_error(name, f"The {what} date must be inside the plan's period, {shown}")
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first and "ends_on" not in self.errors:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        for name in ("need", "action", "intended_impact", "who"):
            if name in cleaned:
                cleaned[name] = cleaned[name].strip()
                if not cleaned[name] and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned

    def line_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "need": data["need"],
            "area": data["area"],
            "pep_target": data.get("pep_target"),
            "action": data["action"],
            "who": data["who"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "cost": data["cost"],
            "intended_impact": data["intended_impact"],
            "idea": data.get("idea") or "",
        }


def _target_label(target: Any) -> str:
    text = target.target if len(target.target) <= 90 else f"{target.target[:87]}..."
    return f"{target.area.name}: {text} (PEP opened {target.pep.opened_on:%-d %B %Y})"


class LineAddForm(SubmissionTokenMixin, LineForm):
    def extra_layout(self) -> list[str]:
        return [TOKEN_FIELD]


# --- The workflow ----------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """A button that confirms, with the plan's version as it was read."""

    version = VersionField()

    def __init__(self, *args: Any, button: str, warning: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        css = "govuk-button--warning" if warning else ""
        self.helper.layout = Layout("version", Submit("submit", button, css_class=css))


APPROVE, RETURN = "approve", "return"


class DecisionForm(forms.Form):
    """Approve the submitted plan, with an optional comment, or return it with the reason."""

    version = VersionField()
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            Choice(APPROVE, "Approve the plan", hint="It is locked; a change is a new version."),
            Choice(
                RETURN,
                "Return it to the setting for changes",
                hint="The key person and the manager are told to change it and submit it again.",
            ),
        ],
        error_messages={"required": "Select whether to approve or return the plan"},
    )
    reason = _text(
        "Why it is returned (if you return it)",
        required=False,
        help_text="Say what needs changing. The key person and the manager read this.",
    )
    comment = _text(
        "Comment to the setting (optional)",
        required=False,
        help_text="For example, what is good about the plan.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save the decision",
            "version",
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reason", rows=4),
            Field.textarea("comment", rows=3),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["reason"] = (cleaned.get("reason") or "").strip()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if (
            cleaned.get("decision") == RETURN
            and not cleaned["reason"]
            and "reason" not in self.errors
        ):
            self.add_error("reason", "Enter why the plan is being returned")
        return cleaned


class AllocationForm(forms.Form):
    """The virtual school's allocation for a looked-after child's plan."""

    version = VersionField()
    allocation = MoneyField(
        label="Allocation",
        maximum=MAX_ALLOCATION,
        allow_zero=True,
        help_text="In pounds, for example 300.00: what the virtual school gives the setting "
        "for this plan.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Record the allocation", "version", Field.text("allocation", field_width=10)
        )


class ReviseForm(SubmissionTokenMixin, forms.Form):
    """Why an approved plan needs a new version."""

    version = VersionField()
    reason = _text(
        "Why does the plan need a new version?",
        help_text="For example: the child has started speech and language therapy and the "
        "small-group sessions are no longer needed. The LA reads this.",
        what="why the plan needs a new version",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Start a new version", "version", TOKEN_FIELD, Field.textarea("reason", rows=4)
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Enter why the plan needs a new version")
        return reason
