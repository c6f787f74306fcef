"""Panels of the PEP page, declared by the sub-packages that own them.

The PEP page (``pep.paperwork.views.pep_detail_view``) shows the paperwork and then each
registered panel in order: the meeting (``pep.meetings``), quality assurance and the pack
(``pep.qa``, ``pep.pack``), the out-of-county documents (``pep.board``). A panel's
``build(access, pep)`` returns its template context, or None to be left out, in a fixed
number of queries whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.permissions import Access

Build = Callable[[Access, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class PepPanel:
    key: str
    template: str
    build: Build
    order: int = 100


_PANELS: dict[str, PepPanel] = {}


def register_pep_panel(panel: PepPanel) -> None:
    """Add a panel to the PEP page; registering the same key again replaces it."""
    _PANELS[panel.key] = panel


def pep_panels(access: Access, pep: Any) -> list[tuple[PepPanel, dict[str, Any]]]:
    """Return the panels to show on the PEP page for the access, with their context."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.build(access, pep)
        if context is not None:
            shown.append((panel, context))
    return shown
