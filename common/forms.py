"""GOV.UK form fields every app shares: dates and record ids that bad input cannot crash.

What a browser sends is text, and hostile text at that: ``"²".isdigit()`` is true,
``int("٣")`` is 3, and ``date(2024, 1, 99999999999999999999)`` raises ``OverflowError``,
not ``ValueError``. So numbers are read here, once, with a strict ASCII pattern and a range,
and everything else answers a GOV.UK error message.

- ``GdsDateField``: the GOV.UK date input (day, month and year boxes), with messages that
  name the date ("Date of birth must be a real date").
- ``parse_id``: a record id from a form or a query string, or ``None``.
- ``IdChoiceField`` / ``IdMultipleChoiceField``: choose records by id; anything but a plain
  id in range is "not one of the choices", never a database error.
- ``IdField``: the id of a record the page was showing, in a hidden field.
- ``gds_helper``: the crispy helper of a GOV.UK form: its fields, then one button.
- ``text_field``: a line or a box of text whose error messages name what it asks for.
- ``valid_values``: the filters of a list's GET form that are set and valid.
"""

import re
from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

DATE_HINT = "For example, 27 3 2023"
# Years a record of the early years can sensibly carry: birth dates of staff and children,
# training, funding. Outside this, a typing slip is far likelier than a real date.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# Ids are 64-bit (``BigAutoField``), in PostgreSQL and SQLite alike.
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]+")
_DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")


def gds_helper(button: str, *fields: Any) -> FormHelper:
    """Return the helper laying out ``fields`` then a ``button`` that submits the form."""
    helper = FormHelper()
    # Our GOV.UK messages, not the browser's own, explain what to fix.
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Submit("submit", button))
    return helper


def text_field(
    label: str,
    *,
    what: str,
    max_length: int,
    required: bool = True,
    rows: int = 0,
    help_text: str = "",
) -> forms.CharField:
    """Return a text input (or, with ``rows``, a textarea) that names ``what`` in its errors.

    ``what`` reads after "Enter": "Enter the concern", "The concern must be 4,000
    characters or fewer".
    """
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length:,} characters "
            "or fewer",
        },
    )


def valid_values(form: forms.Form) -> dict[str, Any]:
    """Return the form's values that are set and valid, each field cleaned on its own.

    For filters read from a query string: a value that makes no sense is dropped, not
    refused, and the other filters still apply.
    """
    values: dict[str, Any] = {}
    if not form.is_bound:
        return values
    for name, field in form.fields.items():
        try:
            value = field.clean(form.data.get(name, ""))
        except ValidationError:
            continue
        if value not in ("", None):
            values[name] = value
    return values


def parse_id(value: object) -> int | None:
    """Return ``value`` as a record id, or None if it is not a plain id in range.

    Only ASCII digits count (not ``²`` nor other scripts' digits), with no sign, spaces or
    leading zeros beyond the number's own digits, and the id must fit the database.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value) and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


class GdsDateField(DateInputField):
    """A GOV.UK date input whose messages name the date, as the Design System asks.

    ``label`` is the question; the messages begin with it ("Date of birth must be a real
    date") unless ``what`` names the date in other words ("the start date" for a label such
    as "Starts on (optional)"). An optional date is still all or nothing.
    """

    def __init__(
        self,
        *,
        label: str,
        required: bool = True,
        help_text: str = DATE_HINT,
        what: str | None = None,
    ) -> None:
        subject = what or label
        self.name_in_messages = name = subject[0].upper() + subject[1:]
        digits = RegexValidator(r"\A\s*[0-9]+\s*\Z", f"{name} must be a real date")
        parts = (
            forms.CharField(
                error_messages={"incomplete": f"{name} must include a day"}, validators=[digits]
            ),
            forms.CharField(
                error_messages={"incomplete": f"{name} must include a month"},
                validators=[digits],
            ),
            forms.CharField(
                error_messages={"incomplete": f"{name} must include a year"},
                validators=[digits],
            ),
        )
        forms.MultiValueField.__init__(
            self,
            fields=parts,
            label=label,
            required=required,
            help_text=help_text,
            require_all_fields=False,
            error_messages={
                "required": f"Enter {what or f'the {label[0].lower()}{label[1:]}'}",
                "incomplete": f"{name} must include a day, month and year",
            },
        )
        if not required:
            # An optional date is still all or nothing: the parts answer "incomplete".
            for part in self.fields:
                part.required = True

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not all(data_list):
            return None
        day, month, year = (part.strip() for part in data_list)
        name = self.name_in_messages
        if len(year) != 4 or not _DIGITS.fullmatch(year):
            raise ValidationError(f"{name} must include a year of 4 numbers")
        if not (_DAY_OR_MONTH.fullmatch(day) and _DAY_OR_MONTH.fullmatch(month)):
            raise ValidationError(f"{name} must be a real date")
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                f"{name} must be in a year from {EARLIEST_YEAR} to {LATEST_YEAR}"
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{name} must be a real date") from None


def _not_an_id(field: forms.Field, value: object) -> ValidationError:
    return ValidationError(
        field.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
    )


class IdChoiceField(forms.ModelChoiceField):
    """Choose one record by its id; anything but a plain id in range is not a choice."""

    default_error_messages = {
        "invalid_choice": "Select one of the choices shown",
    }

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values or self.to_field_name:
            return super().to_python(value)
        if isinstance(value, self.queryset.model):
            return value
        if parse_id(value) is None:
            raise _not_an_id(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choose several records by id; one value that is not a plain id refuses the lot."""

    default_error_messages = {
        "invalid_list": "Select one or more of the choices shown",
        "invalid_choice": "Select only the choices shown",
        "invalid_pk_value": "Select only the choices shown",
    }

    def _check_values(self, value: Any) -> Any:
        if not self.to_field_name and isinstance(value, list | tuple):
            for item in value:
                if parse_id(item) is None:
                    raise _not_an_id(self, item)
        return super()._check_values(value)


class IdField(forms.Field):
    """A record id carried by the page (a hidden field): a plain id in range, or refused."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": "This page is out of date: open it again and try again",
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
