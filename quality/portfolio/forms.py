"""Forms of the setting's Ofsted history and support, and the portfolio's filters.

One inspection form for both Ofsted schemes: the date decides which is allowed (graded
judgements until 9 November 2025, report cards from 10 November 2025). A graded judgement
needs its overall grade; a report card an outcome for each evaluation area and whether
safeguarding was met.
"""

from datetime import date, datetime, timedelta
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.models import CareSetting, OfstedInspection, User
from common.forms import GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from quality.inspections import REPORT_CARD_AREAS, REPORT_CARDS_FROM, SupportLevel

ANY = ""
LAST_GRADED_DAY = REPORT_CARDS_FROM - timedelta(days=1)
MET, NOT_MET = "met", "not_met"
SAFEGUARDING_CHOICES = [(MET, "Met"), (NOT_MET, "Not met")]
# The form's fields for the report card's areas, in Ofsted's order.
AREA_FIELDS = tuple((f"area_{index}", area) for index, area in enumerate(REPORT_CARD_AREAS))
MAX_MONTHS = 72


class InspectionForm(SubmissionTokenMixin, forms.Form):
    """An Ofsted inspection under either scheme.

    ``recorded`` (hidden, on edit) is when the inspection was last recorded as the page was
    opened: the service refuses a save if it has been recorded again since.
    """

    recorded = forms.CharField(required=False, widget=forms.HiddenInput)
    inspected_on = GdsDateField(label="Date of the inspection", what="the date of the inspection")
    scheme = forms.ChoiceField(
        label="How was the setting judged?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the setting was judged",
            "invalid_choice": "Select one of the ways shown",
        },
    )
    overall_grade = forms.ChoiceField(
        label="Overall effectiveness",
        required=False,
        widget=forms.RadioSelect,
        choices=OfstedInspection.Grade.choices,
        error_messages={"invalid_choice": "Select one of the grades shown"},
    )
    safeguarding = forms.ChoiceField(
        label="Safeguarding",
        required=False,
        widget=forms.RadioSelect,
        choices=SAFEGUARDING_CHOICES,
        help_text="Needed for a report card; for a graded judgement, if the report says.",
        error_messages={"invalid_choice": "Select Met or Not met"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["scheme"].choices = [
            Choice(
                OfstedInspection.Scheme.GRADED,
                "Graded judgement",
                hint="Inspections up to 9 November 2025: Outstanding, Good, Requires "
                "improvement or Inadequate (Met or Not met where there were no children).",
            ),
            Choice(
                OfstedInspection.Scheme.REPORT_CARD,
                "Report card",
                hint="Inspections from 10 November 2025: an outcome for each evaluation area.",
            ),
        ]
        for name, area in AREA_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=area,
                required=False,
                choices=[(ANY, "Select an outcome"), *OfstedInspection.CardGrade.choices],
                error_messages={"invalid_choice": f"Select one of the outcomes for {area}"},
            )
        self.helper = gds_helper(
            "Save inspection",
            "recorded",
            TOKEN_FIELD,
            Field("inspected_on"),
            Field.radios("scheme", legend_size=Size.MEDIUM),
            Fieldset(
                Field.radios("overall_grade", legend_size=Size.SMALL),
                legend="If a graded judgement",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *(Field.select(name) for name, _ in AREA_FIELDS),
                legend="If a report card",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("safeguarding", legend_size=Size.SMALL, inline=True),
        )

    def clean_inspected_on(self) -> date:
        inspected_on = self.cleaned_data["inspected_on"]
        if inspected_on > self.today:
            raise ValidationError("The date of the inspection must be today or in the past")
        return inspected_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        inspected_on, scheme = cleaned.get("inspected_on"), cleaned.get("scheme")
        if inspected_on and scheme:
            if scheme == OfstedInspection.Scheme.GRADED and inspected_on >= REPORT_CARDS_FROM:
                self.add_error(
                    "scheme",
                    "Inspections from 10 November 2025 have a report card, not a graded judgement",
                )
            if scheme == OfstedInspection.Scheme.REPORT_CARD and inspected_on < REPORT_CARDS_FROM:
                self.add_error(
                    "scheme",
                    "Inspections up to 9 November 2025 have a graded judgement, not a report card",
                )
        if scheme == OfstedInspection.Scheme.GRADED and not cleaned.get("overall_grade"):
            self.add_error("overall_grade", "Select the overall effectiveness grade")
        if scheme == OfstedInspection.Scheme.REPORT_CARD:
            for name, area in AREA_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, f"Select the outcome for {area}")
            if not cleaned.get("safeguarding") and "safeguarding" not in self.errors:
                self.add_error("safeguarding", "Select whether safeguarding was met")
        return cleaned

    def recorded_fields(self) -> dict[str, Any]:
        """Return the inspection's fields as the model keeps them, for the chosen scheme."""
        data = self.cleaned_data
        graded = data["scheme"] == OfstedInspection.Scheme.GRADED
        safeguarding = data.get("safeguarding")
        return {
            "inspected_on": data["inspected_on"],
            "scheme": data["scheme"],
            "overall_grade": data["overall_grade"] if graded else "",
            "area_grades": {} if graded else {area: data[name] for name, area in AREA_FIELDS},
            "safeguarding_met": None if not safeguarding else safeguarding == MET,
        }


def inspection_initial(inspection: OfstedInspection) -> dict[str, Any]:
    """Return the form's initial values for an inspection as saved."""
    areas = inspection.area_grades or {}
    return {
        "recorded": recorded_stamp(inspection),
        "inspected_on": inspection.inspected_on,
        "scheme": inspection.scheme,
        "overall_grade": inspection.overall_grade,
        "safeguarding": (
            ANY
            if inspection.safeguarding_met is None
            else (MET if inspection.safeguarding_met else NOT_MET)
        ),
        **{name: areas.get(area, ANY) for name, area in AREA_FIELDS},
    }


def recorded_stamp(inspection: OfstedInspection) -> str:
    """Return when the inspection was last recorded, as the edit form carries it."""
    return inspection.recorded_at.isoformat() if inspection.recorded_at else ""


def parse_stamp(value: str) -> datetime | None:
    """Return the stamp as a moment, None if empty; ValueError if it is not one."""
    return datetime.fromisoformat(value) if value else None


class SettingSupportForm(forms.Form):
    """Who supports the setting besides its advisors, and a known next inspection date."""

    version = VersionField()
    sufficiency_officer = forms.Field()  # replaced in __init__
    area_senco_name = forms.CharField(
        label="Area SENCo",
        required=False,
        max_length=120,
        help_text="The Area SENCo's name or team, for example Area SENCo, North team.",
        error_messages={"max_length": "The Area SENCo must be 120 characters or fewer"},
    )
    area_senco_email = forms.EmailField(
        label="Area SENCo's e-mail address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
            "max_length": "The e-mail address must be 254 characters or fewer",
        },
    )
    next_inspection_expected = GdsDateField(
        label="Next inspection expected by (optional)",
        required=False,
        what="the date the next inspection is expected by",
        help_text="Only if you know it. Leave blank to work it out from the latest "
        "inspection. For example, 27 3 2027",
    )

    def __init__(self, *args: Any, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officer = IdChoiceField(
            label="Sufficiency officer",
            queryset=officers,
            required=False,
            empty_label="No one allocated",
            error_messages={"invalid_choice": "Select someone from the list"},
        )
        officer.label_from_instance = lambda user: user.full_name or user.email
        self.fields["sufficiency_officer"] = officer
        self.helper = gds_helper(
            "Save",
            "version",
            Field.select("sufficiency_officer"),
            Field.text("area_senco_name"),
            Field.text("area_senco_email"),
            Field("next_inspection_expected"),
        )


class PortfolioFilterForm(forms.Form):
    """The portfolio's filters: all optional; a value that makes no sense filters nothing."""

    q = forms.CharField(label="Setting name or URN", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind of setting",
        required=False,
        choices=[(ANY, "Any kind"), *CareSetting.Kind.choices],
        error_messages={"invalid_choice": "Select one of the kinds shown"},
    )
    support = forms.ChoiceField(
        label="Support level",
        required=False,
        choices=[(ANY, "Any level"), *SupportLevel.CHOICES],
        error_messages={"invalid_choice": "Select one of the levels shown"},
    )
    advisor = forms.ChoiceField(
        label="Improvement advisor",
        required=False,
        error_messages={"invalid_choice": "Select one of the advisors shown"},
    )
    open_plan = forms.ChoiceField(
        label="Action plan",
        required=False,
        choices=[(ANY, "Any"), ("yes", "Has an open action plan"), ("no", "No open plan")],
        error_messages={"invalid_choice": "Select one of the choices shown"},
    )
    within_months = forms.IntegerField(
        label="Inspection expected within (months)",
        required=False,
        min_value=1,
        max_value=MAX_MONTHS,
        help_text="Includes inspections already past their expected date.",
        error_messages={
            "invalid": f"Enter a whole number of months from 1 to {MAX_MONTHS}",
            "min_value": f"Enter a whole number of months from 1 to {MAX_MONTHS}",
            "max_value": f"Enter a whole number of months from 1 to {MAX_MONTHS}",
        },
    )

    def __init__(self, *args: Any, advisors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].choices = [
            (ANY, "Any advisor"),
            *((str(pk), name) for pk, name in advisors),
        ]
        self.fields["within_months"].widget.attrs.update({"inputmode": "numeric"})
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            Field.text("q"),
            Field.select("kind"),
            Field.select("support"),
            Field.select("advisor"),
            Field.select("open_plan"),
            Field.text("within_months", field_width=4),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def filters(self) -> dict[str, Any]:
        """Return the valid filters that are set; invalid ones are shown, and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (ANY, None)
        }
        if "advisor" in cleaned:
            cleaned["advisor"] = int(cleaned["advisor"])
        if "q" in cleaned:
            cleaned["q"] = cleaned["q"].strip()
            if not cleaned["q"]:
                del cleaned["q"]
        return cleaned
