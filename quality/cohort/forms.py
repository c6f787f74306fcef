"""The cohort report's filters: all optional; a value that makes no sense is ignored."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Submit
from django import forms

from common.forms import valid_values
from quality.cohort.selectors import AGE_BANDS, PLACEMENTS, Filters

ANY = ""


class CohortFilterForm(forms.Form):
    age = forms.ChoiceField(
        label="Age on the reference date",
        required=False,
        choices=[(ANY, "Any age, 0 to 5"), *((key, label) for key, label, _, _ in AGE_BANDS)],
    )
    setting = forms.ChoiceField(label="Setting", required=False)
    placement = forms.ChoiceField(
        label="Placement",
        required=False,
        choices=[(ANY, "In county and out of county"), *PLACEMENTS],
        help_text="In county: the child's setting is in this local authority.",
    )

    def __init__(self, *args: Any, settings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [
            (ANY, "Any setting"),
            *((str(pk), name) for pk, name in settings),
        ]
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.select("age"),
            Field.select("setting"),
            Field.select("placement"),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def filters(self) -> Filters:
        """Return the valid filters that are set; invalid ones are dropped, not refused."""
        cleaned = valid_values(self)
        setting = cleaned.get("setting") or ""
        return Filters(
            age=cleaned.get("age") or "",
            setting_id=int(setting) if setting.isdigit() else None,
            placement=cleaned.get("placement") or "",
        )
