"""Panels that apps put on pages of lower apps or of the workspace without those naming them.

Two slots are declared here, low enough that every app may register with them:

- a landing panel: a box on a person's landing page ("My key children");
- a hub section: a section of a child's hub (``children:detail``), or a link beside its key
  person, such as learning's "Learning and progress" links or keypersons' "Allocate".

The service navigation's items are declared the same way in ``accounts.navigation``.

An app declares a panel in its ``AppConfig.ready`` with the right a viewer needs to see it.
A page asks ``can()`` for each panel's right and builds only the panels its viewer may see
(a panel the viewer may not see costs no query); each panel's template receives what
``build`` returned as ``panel`` and makes no decision of its own. A hub section's builder
gets the child the hub already loaded and returns links (URLs reversed, no query). A
section may instead show a small panel of data (a PEP's clock, its history): its ``panel``
builder loads what the section's ``template`` shows in a fixed number of queries, whatever
the number of rows, or returns None to leave the section out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
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


# --- The child's hub ---------------------------------------------------------------


class HubSlot(StrEnum):
    SECTION = "section"  # a heading and its links, after the record's actions
    KEY_PERSON = "key_person"  # links beside "Not allocated" when the child has no key person


@dataclass(frozen=True)
class HubLink:
    label: str
    url: str
    hidden: str = ""  # the end of the label, for screen readers only


def no_links(access: Access, child: Any, on_setting_side: bool) -> list[HubLink]:
    return []


# (access, the loaded child, whether the hub is read at the setting) -> the panel's context,
# or None to leave the section out.
HubPanelBuild = Callable[[Access, Any, bool], dict[str, Any] | None]


@dataclass(frozen=True)
class HubSection:
    """Links on a child's hub, for a viewer with ``action`` (on that child, at a setting).

    With ``template`` and ``panel`` the section shows data instead: the template gets what
    ``panel`` returned as ``panel`` (and the links, if any, as ``section.links``).
    """

    key: str
    heading: str
    action: Action
    order: int
    # (access, the loaded child, whether the hub is read at the setting) -> links; no query.
    links: Callable[[Access, Any, bool], list[HubLink]] = no_links
    slot: HubSlot = HubSlot.SECTION
    template: str = ""
    panel: HubPanelBuild | None = None


HUB_SECTIONS: dict[str, HubSection] = {}


def register_hub_section(section: HubSection) -> HubSection:
    """Add the section to every child's hub; a key may be registered only once."""
    if section.key in HUB_SECTIONS and HUB_SECTIONS[section.key] != section:
        raise ValueError(f"A hub section {section.key!r} is already registered")
    HUB_SECTIONS[section.key] = section
    return section


@dataclass(frozen=True)
class ShownSection:
    key: str
    heading: str
    links: list[HubLink]
    template: str = ""
    panel: dict[str, Any] | None = None


def hub_sections_for(
    access: Access, child: Any, *, on_setting_side: bool, slot: HubSlot = HubSlot.SECTION
) -> list[ShownSection]:
    """Return the slot's sections the access may see on the child's hub, built, in order.

    At the setting the right is asked about the child; an LA reader came to the child
    through the door (``child_get_for``), so the grant alone is asked. A section with a
    panel whose builder returns None is left out.
    """
    shown = []
    for section in sorted(HUB_SECTIONS.values(), key=lambda section: section.order):
        if section.slot != slot:
            continue
        allowed = (
            can(access, section.action, child=child)
            if on_setting_side
            else can(access, section.action)
        )
        if not allowed:
            continue
        panel = None
        if section.panel is not None:
            panel = section.panel(access, child, on_setting_side)
            if panel is None:
                continue
        shown.append(
            ShownSection(
                key=section.key,
                heading=section.heading,
                links=section.links(access, child, on_setting_side),
                template=section.template,
                panel=panel,
            )
        )
    return shown
