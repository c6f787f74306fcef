"""Reads of a setting's action plans, for pages already through the door."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.permissions import Access, quality_record_q, visit_q
from quality.models import ActionPlan, Visit


def plans_of_setting(access: Access) -> QuerySet[ActionPlan]:
    """Return the setting's plans, open first then newest, with their actions counted.

    One query, whatever the number of plans: the opening inspection joined, the actions
    counted in SQL.
    """
    return (
        ActionPlan.objects.filter(quality_record_q(access))
        .select_related("inspection", "closing_inspection")
        .annotate(
            actions_total=Count("actions"),
            actions_done=Count("actions", filter=Q(actions__status="done")),
        )
        .order_by("-status", "-opened_on", "-pk")  # "open" sorts after "closed"
    )


def open_plan_of(access: Access) -> ActionPlan | None:
    """Return the setting's open plan, if it has one."""
    return (
        ActionPlan.objects.filter(quality_record_q(access), status=ActionPlan.Status.OPEN)
        .only("pk", "opened_on")
        .first()
    )


def plan_visits(access: Access, plan: ActionPlan) -> list[Visit]:
    """Return the notes of visit linked to the plan that the reader may read, newest first."""
    return list(
        Visit.objects.filter(visit_q(access), plan=plan)
        .only("pk", "visited_on", "kind", "shared_at", "care_setting_id")
        .order_by("-visited_on", "-pk")
    )


def action_rows(plan: ActionPlan, *, today: Any) -> list[dict[str, Any]]:
    """Return the plan's actions (prefetched) with whether each is overdue."""
    return [
        {
            "action": action,
            "overdue": plan.status == ActionPlan.Status.OPEN
            and action.status != action.Status.DONE
            and action.due_on < today,
        }
        for action in plan.actions.all()
    ]
