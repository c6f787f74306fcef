"""Start-up registration of the plan's document: its panel, and the PEP's EYPP plan."""

from typing import Any

from accounts.permissions import Access
from eypp.document.pep_seam import plan_for_pep
from eypp.models import ActionPlan
from eypp.pages import eypp_url
from eypp.panels import PlanPanel, register_plan_panel
from pep.paperwork.eypp import register_eypp_plan


def document_panel(access: Access, plan: ActionPlan) -> dict[str, Any]:
    """Return the document panel: the link to the plan's PDF (no query)."""
    return {"pdf_url": eypp_url(access, "plan_pdf", plan.pk)}


def ready() -> None:
    register_plan_panel(
        PlanPanel("document", "eypp/document/_panel.html", document_panel, order=90)
    )
    register_eypp_plan(plan_for_pep)
