"""Status tags: one GOV.UK tag colour and wording per meaning, on every page.

Apps declare the meanings they show ("looked_after" reads "Looked after", in purple) from
their ``AppConfig.ready``; templates render them with ``{% status_tag "looked_after" %}``
and never write a tag's colour themselves, so a meaning cannot look different on two pages.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# The GOV.UK Frontend tag colours.
COLOURS = frozenset(
    {
        "grey",
        "green",
        "turquoise",
        "blue",
        "light-blue",
        "purple",
        "pink",
        "red",
        "orange",
        "yellow",
    }
)


@dataclass(frozen=True)
class StatusTag:
    label: str
    colour: str


_TAGS: dict[str, StatusTag] = {}


def register_status_tags(tags: Mapping[str, tuple[str, str]]) -> None:
    """Declare meanings as ``{meaning: (label, colour)}``; a meaning keeps one look."""
    for meaning, (label, colour) in tags.items():
        tag = StatusTag(label=label, colour=colour)
        if colour not in COLOURS:
            raise ImproperlyConfigured(f"Status tag {meaning!r}: no GOV.UK colour {colour!r}")
        if _TAGS.get(meaning, tag) != tag:
            raise ImproperlyConfigured(f"Status tag {meaning!r} already looks {_TAGS[meaning]}")
        _TAGS[meaning] = tag


def status_tag_for(meaning: str) -> StatusTag:
    """Return the registered tag of a meaning; an unknown meaning is a mistake (KeyError)."""
    return _TAGS[meaning]


def registered_status_tags() -> dict[str, StatusTag]:
    return dict(_TAGS)
