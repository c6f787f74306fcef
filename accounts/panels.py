"""Panels that apps put on a person's landing page without the page naming them.

An app declares a panel in its ``AppConfig.ready`` with the right a viewer needs to see it.
A landing page asks ``can()`` for each panel's right and builds only the panels its viewer
may see (a panel the viewer may not see costs no query); each panel's template receives
what ``build`` returned as ``panel`` and makes no decision of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.permissions import Access, Action, can


@dataclass(frozen=True)
class Panel:
    """A box on the landing page of the setting's staff ("My key children")."""

    key: str
    action: Action  # the right a viewer needs to see it
    template: str
    build: Callable[[Access], dict[str, Any]]


LANDING_PANELS: dict[str, Panel] = {}


def register_landing_panel(panel: Panel) -> Panel:
    """Add the panel to the landing page; a key may be registered only once."""
    if panel.key in LANDING_PANELS and LANDING_PANELS[panel.key] != panel:
        raise ValueError(f"A landing panel {panel.key!r} is already registered")
    LANDING_PANELS[panel.key] = panel
    return panel


@dataclass(frozen=True)
class ShownPanel:
    template: str
    panel: dict[str, Any]


def landing_panels_for(access: Access) -> list[ShownPanel]:
    """Return the panels the access may see, built, in the order they were registered."""
    return [
        ShownPanel(template=panel.template, panel=panel.build(access))
        for panel in LANDING_PANELS.values()
        if can(access, panel.action)
    ]
