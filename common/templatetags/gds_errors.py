"""Error-summary links that take the keyboard to the field, as the Design System asks."""

from collections.abc import Iterable

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors
from django import forms, template

register = template.Library()


@register.filter
def focus_id(bound_field: forms.BoundField) -> str:
    """Return the id of the field's first focusable element.

    A date's own id names the wrapper of its boxes, and a radio or checkbox group's names
    nothing (crispy-forms-gds numbers the options from 1), so link to the first of them.
    """
    if hasattr(bound_field.field, "fields"):
        return f"{bound_field.auto_id}_0"
    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return bound_field.auto_id


@register.filter
def error_links(bound_field: forms.BoundField) -> Iterable[tuple[str, list[str]]]:
    """Return ``(anchor id, errors)`` pairs for a field, each anchor focusable."""
    links: dict[str, list[str]] = {}
    for field_id, errors in field_errors(bound_field):
        anchor = focus_id(bound_field) if field_id == bound_field.auto_id else field_id
        links.setdefault(anchor, []).extend(errors)
    return links.items()
