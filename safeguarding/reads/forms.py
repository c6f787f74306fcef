"""The filter of the "who read what" page: child, person and dates, all optional."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms

from common.audit_filters import ANY, FilterDateField, IdChoiceField


class ReadsFilterForm(forms.Form):
    child = IdChoiceField(label="Child", invalid="Choose a child from the list")
    person = IdChoiceField(label="Who", invalid="Choose a person from the list")
    date_from = FilterDateField(label="From", what="The from date")
    date_to = FilterDateField(label="To", what="The to date")

    def __init__(
        self,
        data: Any = None,
        *,
        children: list[tuple[int, str]],
        people: list[tuple[int, str]],
    ) -> None:
        super().__init__(data)
        self.fields["child"].choices = [(ANY, "Any child"), *children]
        self.fields["person"].choices = [(ANY, "Anyone"), *people]
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            Field.select("child"),
            Field.select("person"),
            Fieldset(Field("date_from"), Field("date_to"), legend="When", legend_size=Size.SMALL),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """Return the chosen filters of a valid form (none if unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        values = self.cleaned_data
        return {
            "child_id": values.get("child"),
            "person_id": values.get("person"),
            "day_from": values.get("date_from"),
            "day_to": values.get("date_to"),
        }
