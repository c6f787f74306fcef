"""Template tags of PEP pages: the statutory clock wherever a PEP appears."""

from datetime import date

from django import template

from pep.clock.rules import read_clock

register = template.Library()


@register.inclusion_tag("pep/_clock.html")
def pep_clock(due_on: date | None, on: date | None = None) -> dict:
    """Render a due date with the working days left or overdue, as a tag and words."""
    if due_on is None:
        return {"reading": None}
    return {"reading": read_clock(due_on, on=on)}
