"""Start-up registration of the impact review: its panel on the plan page."""

from typing import Any

from accounts.permissions import Access, Action, can, can_edit_eypp
from common import dates
from eypp.impact.selectors import report_for, review_of
from eypp.models import ActionPlan
from eypp.pages import eypp_url
from eypp.panels import PlanPanel, register_plan_panel
from learning.pages import child_pages

REVIEWED = (ActionPlan.Status.APPROVED, ActionPlan.Status.SUPERSEDED)


def impact_panel(access: Access, plan: ActionPlan) -> dict[str, Any] | None:
    """Return the impact panel of an approved (or replaced) plan; None before approval.

    A recorded review is shown to every reader of the plan: spend against the plan per
    need and in total, outcomes, what difference it made and the evidence chosen, linked to
    the child's learning journey for readers who may see it. A draft review is shown only
    to those who may write it, with the link to carry on; an approved plan not yet
    reviewed shows when the review is due and, to its writers, the button to record it.
    Queries: the review; with one, the lines with outcomes, the observations, their
    areas, the judgements; plus what the door asks about the child.
    """
    if plan.status not in REVIEWED:
        return None
    review = review_of(plan)
    recorded = review is not None and review.completed_at is not None
    may_write = (
        plan.status == ActionPlan.Status.APPROVED
        and not recorded
        and can_edit_eypp(access, child=plan.child)
    )
    shown = review if recorded or (review is not None and may_write) else None
    report = report_for(plan, review=shown) if shown is not None else None
    journey_url = ""
    has_evidence = report is not None and (report.observations or report.judgements)
    if has_evidence and can(access, Action.VIEW_PROGRESS, child=plan.child):
        journey_url = child_pages(access, plan.child).journey
    return {
        "report": report,
        "recorded": recorded,
        "is_draft": review is not None and not recorded,
        "due_on": plan.period_end,
        "is_due": dates.today() >= plan.period_end,
        "record_url": eypp_url(access, "impact", plan.pk) if may_write else "",
        "journey_url": journey_url,
        "superseded": plan.status == ActionPlan.Status.SUPERSEDED,
    }


def ready() -> None:
    register_plan_panel(PlanPanel("impact", "eypp/impact/_panel.html", impact_panel, order=50))
