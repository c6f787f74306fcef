"""The audit trail's filters: by child, person, kind of event and date, from GET parameters.

A GOV.UK filter form: its choices come from the caller, already limited to what the reader
may see (``accounts.permissions`` decides that). Everything typed in the address bar is
validated here: ids are plain ASCII digits within a database integer, dates are real dates
of a sane year, and anything else is a GOV.UK error message, never a server error.
"""

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.audit import audit_actors

# The largest value of a PostgreSQL integer column.
MAX_ID = 2_147_483_647
ANY = ""
_DIGITS = re.compile(r"[0-9]{1,10}")
_DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def parse_id(value: object) -> int | None:
    """Return the value as a database id if it is plain ASCII digits in range, else None.

    ``int()`` would accept "²", "١٢", " 7 " or "1_000"; an id is none of those.
    """
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdChoiceField(forms.ChoiceField):
    """Choose a record by id from the given choices; the id is parsed strictly."""

    def __init__(self, *, label: str, invalid: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            error_messages={"invalid_choice": invalid},
            **kwargs,
        )

    def clean(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None or str(number) != value or not self.valid_value(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return number


class FilterDateField(DateInputField):
    """An optional GOV.UK date (day, month, year boxes) whose parts must be plain numbers."""

    def __init__(self, *, label: str, what: str) -> None:
        super().__init__(label=label, required=False, require_all_fields=False)
        self.what = what
        self.error_messages["incomplete"] = f"{what} must include a day, month and year"
        digits = RegexValidator(r"^[0-9]+\Z", f"{what} must be a real date")
        for part in self.fields:
            part.required = False
            part.validators = [digits]

    def compress(self, data_list: Any) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not (
            _DAY_OR_MONTH.fullmatch(day)
            and _DAY_OR_MONTH.fullmatch(month)
            and _YEAR.fullmatch(year)
        ):
            raise ValidationError(f"{self.what} must be a real date", code="invalid")
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                f"{self.what} must be between {EARLIEST_YEAR} and {LATEST_YEAR}", code="range"
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.what} must be a real date", code="invalid") from None


Choices = list[tuple[Any, Any]]


class AuditFilterForm(forms.Form):
    """Filter a trail by child, person, kind of event and dates; all optional.

    ``children`` and ``people`` are ``(id, name)`` pairs the reader may filter by (no
    ``children`` on a trail about one child, or for a reader who sees no child);
    ``kinds`` are grouped ``(verb, label)`` choices of the events the reader may see.
    """

    child = IdChoiceField(label="Child", invalid="Choose a child from the list")
    person = IdChoiceField(label="Who", invalid="Choose a person from the list")
    kind = forms.ChoiceField(
        label="What happened",
        required=False,
        error_messages={"invalid_choice": "Choose what happened from the list"},
    )
    date_from = FilterDateField(label="From", what="The from date")
    date_to = FilterDateField(label="To", what="The to date")

    def __init__(
        self,
        data: Any = None,
        *,
        children: Choices | None,
        people: Choices,
        kinds: Choices,
        child_model: type[models.Model] | None = None,
    ) -> None:
        super().__init__(data)
        self.child_model = child_model
        if children:
            self.fields["child"].choices = [(ANY, "Any child"), *children]
        else:
            del self.fields["child"]
        self.fields["person"].choices = [(ANY, "Anyone"), *people]
        self.fields["kind"].choices = [(ANY, "Anything"), *kinds]
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            *([Field.select("child")] if "child" in self.fields else []),
            Field.select("person"),
            Field.select("kind"),
            Fieldset(
                Field("date_from"),
                Field("date_to"),
                legend="When",
                legend_size=Size.SMALL,
            ),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "child" not in self.fields and self.data.get("child"):
            raise ValidationError("This trail cannot be filtered by child")
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def event_filter(self) -> Q:
        """Return the filter on audit events for the valid form's values (all if none)."""
        assert self.is_valid()
        values = self.cleaned_data
        chosen = Q()
        if values.get("child") and self.child_model is not None:
            chosen &= Q(
                subject_type=ContentType.objects.get_for_model(self.child_model),
                subject_id=str(values["child"]),
            )
        if values.get("person"):
            chosen &= Q(actor_id=values["person"])
        if values.get("kind"):
            chosen &= Q(verb=values["kind"])
        if values.get("date_from"):
            chosen &= Q(at__gte=_start_of(values["date_from"]))
        if values.get("date_to"):
            chosen &= Q(at__lt=_start_of(values["date_to"] + timedelta(days=1)))
        return chosen

    def is_filtered(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


def _start_of(day: date) -> datetime:
    """Return midnight at the start of the day, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


AUDIT_PAGE_SIZE = 50


def audit_page(
    request: Any,
    *,
    events: models.QuerySet,
    entries_for: Any,
    page_size: int = AUDIT_PAGE_SIZE,
    **choices: Any,
) -> dict[str, Any]:
    """Filter a trail by the request's GET parameters and return one page, for a template.

    ``choices`` go to ``AuditFilterForm`` (children, kinds, child_model); the people to
    choose from are those in ``events``. ``entries_for`` turns the page's events into what
    the reader may see of them (``accounts.permissions.audit_entries_for``).
    """
    form = AuditFilterForm(request.GET or None, people=audit_actors(events), **choices)
    if form.is_bound:
        events = events.filter(form.event_filter()) if form.is_valid() else events.none()
    page = Paginator(events, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "entries": entries_for(page.object_list),
        "form": form,
        "filtered": form.is_filtered(),
        "query": query.urlencode(),
    }
