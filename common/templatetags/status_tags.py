"""``{% status_tag "looked_after" %}``: a meaning's GOV.UK tag, as registered by its app."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from common.status_tags import status_tag_for

register = template.Library()


@register.simple_tag
def status_tag(meaning: str, label: object = "", detail: object = "") -> SafeString:
    """Render the meaning's tag in its colour.

    ``label`` replaces its words ("SEN support" for "SEN"), ``detail`` follows them
    ("Left 3 March 2026"); neither changes its colour.
    """
    tag = status_tag_for(meaning)
    words = str(label or tag.label)
    if detail:
        words = f"{words} {detail}"
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', tag.colour, words)
