"""Panels of the EYPP plan page, declared by the parts that own them.

The plan page (``eypp.plans.views.plan_detail_view``) shows the plan and then each
registered panel in order: the impact review (``eypp.impact``) and the PDF
(``eypp.document``). A panel's ``build(access, plan)`` returns its template context, or
None to be left out, in a fixed number of queries whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.permissions import Access

Build = Callable[[Access, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class PlanPanel:
    key: str
    template: str
    build: Build
    order: int = 100


_PANELS: dict[str, PlanPanel] = {}


def register_plan_panel(panel: PlanPanel) -> None:
    """Add a panel to the plan page; registering the same key again replaces it."""
    _PANELS[panel.key] = panel


def plan_panels(access: Access, plan: Any) -> list[tuple[PlanPanel, dict[str, Any]]]:
    """Return the panels to show on the plan page for the access, with their context."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.build(access, plan)
        if context is not None:
            shown.append((panel, context))
    return shown
