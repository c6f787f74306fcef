"""Everything the plan's PDF shows, loaded in a fixed number of queries.

``plan_context(plan)`` returns the complete context of ``templates/pdf/eypp_plan.html``;
the template makes no query. The child is named by the name they are known by.
"""

from datetime import UTC
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from common.models import AuditEvent
from eypp import rules
from eypp.eligibility.selectors import grounds_of
from eypp.impact.selectors import report_for, review_of
from eypp.models import ActionPlan, Basis

RETURNED = "eypp.plan_returned"


def allocation_source_words(plan: ActionPlan) -> str:
    """Return where the allocation comes from, to follow an amount: "allocated by the
    responsible LA" (the label with its first letter lowered, "LA" kept in capitals)."""
    label = plan.get_allocation_source_display()
    return label[:1].lower() + label[1:]


def _iso(moment: Any) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def basis_of_award(plan: ActionPlan) -> str:
    """Return the ground the child is funded on for the plan's period, as people read it.

    One query (the child's grounds). A looked-after child's record counts as its ground.
    """
    grounds = grounds_of(plan.child)
    on = max(plan.period_start, min(plan.period_end, timezone.localdate()))
    basis = rules.award_basis(grounds, on=on) or rules.award_basis(grounds, on=plan.period_start)
    return str(Basis(basis).label) if basis else "No ground recorded for the period"


def plan_context(plan: ActionPlan) -> dict[str, Any]:
    """Return the PDF's context for the plan.

    Queries, whatever the number of lines or pieces of evidence: the plan with its child,
    setting, LA and the people who submitted and decided it; the child's grounds; the
    dates it was returned; the review; the lines with area, PEP target and outcome; with a
    review, its observations, their areas and its judgements.
    """
    plan = ActionPlan.objects.select_related(  # 1
        "child__responsible_la",
        "care_setting__local_authority",
        "submitted_by",
        "decided_by",
        "allocated_by",
        "previous",
    ).get(pk=plan.pk)
    child = plan.child
    basis = basis_of_award(plan)  # 2
    returned_on = [  # 3 (the content type is cached)
        timezone.localtime(at)
        for at in AuditEvent.objects.filter(
            verb=RETURNED,
            target_type=ContentType.objects.get_for_model(ActionPlan),
            target_id=str(plan.pk),
        )
        .order_by("at")
        .values_list("at", flat=True)
    ]
    review = review_of(plan)  # 4
    # A draft review stays in the setting: the document shows a recorded one only.
    recorded = review if review is not None and review.completed_at is not None else None
    report = report_for(plan, review=recorded)  # 5 (+ 6, 7, 8 with a review)
    planned = rules.pounds(sum((row.line.cost for row in report.lines), Decimal(0)))
    over = rules.over_allocation(planned=planned, allocation=plan.allocation)
    moment = plan.decided_at or plan.submitted_at or plan.created_at
    known_as = child.known_as
    return {
        "plan": plan,
        "known_as": known_as,
        "title": f"EYPP action plan: {known_as}",
        "fixed_moment": _iso(moment),
        "date_of_birth": child.date_of_birth,
        "setting_name": plan.care_setting.name,
        "local_authority": (child.responsible_la or plan.care_setting.local_authority).name,
        "looked_after": child.looked_after_status == "looked_after",
        "basis": basis,
        "status": plan.get_status_display(),
        "allocation": rules.money(plan.allocation) if plan.allocation is not None else "",
        "allocation_source": allocation_source_words(plan),
        "planned": rules.money(planned),
        "over": rules.money(over) if over else "",
        "left": rules.money(plan.allocation - planned)
        if plan.allocation is not None and not over
        else "",
        "lines": [
            {
                "number": number,
                "need": row.line.need,
                "area": row.line.area.name,
                "pep_target": row.line.pep_target.target if row.line.pep_target else "",
                "action": row.line.action,
                "who": row.line.who,
                "starts_on": row.line.starts_on,
                "ends_on": row.line.ends_on,
                "cost": rules.money(row.line.cost),
                "impact": row.line.intended_impact,
            }
            for number, row in enumerate(report.lines, start=1)
        ],
        "approved": plan.status in (ActionPlan.Status.APPROVED, ActionPlan.Status.SUPERSEDED),
        "decided_by": plan.decided_by.full_name if plan.decided_by else "",
        "decided_at": timezone.localtime(plan.decided_at) if plan.decided_at else None,
        "submitted_at": timezone.localtime(plan.submitted_at) if plan.submitted_at else None,
        "returned_on": returned_on,
        "returned_reason": plan.returned_reason,
        "review": recorded,
        "report": report if recorded is not None else None,
    }
