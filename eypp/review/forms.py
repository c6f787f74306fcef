"""Forms of the EYPP lists and the roll-up: validate and convert, nothing else.

Filters are all optional and read from the query string: a value that makes no sense is
dropped, never refused with a 500, and the list falls back to its default.
"""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError

from eypp import rules
from eypp.review.selectors import BASIS_FILTERS, DEFAULT_STATUS, STATUS_FILTERS

ANY = ""


def year_choices(current: int) -> list[tuple[str, str]]:
    """Return the financial years offered: the next one, the current one and four before."""
    return [
        (str(year), rules.financial_year_label(year))
        for year in range(current + 1, current - 5, -1)
    ]


def _get_helper(fields: list[Any], *, button: str, clear: bool) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    parts = [*fields, Submit("apply", button, css_class="govuk-button--secondary")]
    if clear:
        parts.append(
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>')
        )
    helper.layout = Layout(*parts)
    return helper


class _QueryForm(forms.Form):
    def filters(self) -> dict[str, Any]:
        """Return the valid values that are set; invalid ones are dropped, not refused."""
        cleaned = {}
        for name, form_field in self.fields.items():
            value = self.data.get(name, ANY) if self.is_bound else ANY
            try:
                cleaned[name] = form_field.clean(value)
            except ValidationError:
                continue
        return {name: value for name, value in cleaned.items() if value not in (ANY, None)}


class LaPlanFilterForm(_QueryForm):
    """The LA list's filters: status (awaiting review by default), setting, basis, year."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=STATUS_FILTERS, initial=DEFAULT_STATUS
    )
    setting = forms.TypedChoiceField(label="Setting", required=False, coerce=int)
    basis = forms.ChoiceField(
        label="Basis", required=False, choices=[(ANY, "Any basis"), *BASIS_FILTERS]
    )
    year = forms.TypedChoiceField(
        label="Period starting in the financial year", required=False, coerce=int
    )

    def __init__(
        self, *args: Any, settings: list[tuple[int, str]], current_year: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [
            (ANY, "Any setting"),
            *((str(pk), name) for pk, name in settings),
        ]
        self.fields["year"].choices = [(ANY, "Any year"), *year_choices(current_year)]
        self.helper = _get_helper(
            [Field.select(name) for name in ("status", "setting", "basis", "year")],
            button="Apply filters",
            clear=True,
        )


class RollupYearForm(_QueryForm):
    """The roll-up's financial year (the current one unless another is chosen)."""

    year = forms.TypedChoiceField(label="Financial year", required=False, coerce=int)

    def __init__(self, *args: Any, current_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(current_year)
        self.fields["year"].initial = str(current_year)
        self.helper = _get_helper([Field.select("year")], button="Show the year", clear=False)
