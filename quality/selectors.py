"""The one way the quality app's views fetch records: through the door's scope filters.

Anything outside the reader's scope is 404, never 403, so its existence does not leak.
"""

from django.db.models import Prefetch
from django.http import Http404

from accounts.permissions import (
    Access,
    quality_record_q,
    strategy_q,
    visit_q,
)
from quality.models import ActionPlan, PlanAction, StrategyCommitment, SupportItem, Visit


def visit_get_for(access: Access, visit_id: int) -> Visit:
    """Return a note of visit the access may read (a setting reads only shared ones)."""
    visit = (
        Visit.objects.filter(visit_q(access), pk=visit_id)
        .select_related("care_setting", "care_setting__local_authority", "advisor", "plan")
        .select_related("shared_by", "reflections_by")
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def plan_get_for(access: Access, plan_id: int) -> ActionPlan:
    """Return an action plan the access may read, with its actions and support package."""
    plan = (
        ActionPlan.objects.filter(quality_record_q(access), pk=plan_id)
        .select_related(
            "care_setting",
            "care_setting__local_authority",
            "inspection",
            "closing_inspection",
            "opened_by",
            "contacted_by",
        )
        .prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.select_related("updated_by")),
            Prefetch("support", queryset=SupportItem.objects.select_related("brokered_by")),
        )
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def plan_action_get_for(access: Access, plan: ActionPlan, action_id: int) -> PlanAction:
    """Return an action of a plan already fetched through the door."""
    action = PlanAction.objects.filter(plan=plan, pk=action_id).first()
    if action is None:
        raise Http404
    action.plan = plan
    return action


def support_item_get_for(access: Access, plan: ActionPlan, item_id: int) -> SupportItem:
    """Return a part of a plan's support package, the plan already fetched through the door."""
    item = SupportItem.objects.filter(plan=plan, pk=item_id).first()
    if item is None:
        raise Http404
    item.plan = plan
    return item


def commitment_get_for(access: Access, commitment_id: int) -> StrategyCommitment:
    """Return a strategy commitment of the access's LA, with ``lead_ids`` for the door."""
    commitment = (
        StrategyCommitment.objects.filter(strategy_q(access), pk=commitment_id)
        .select_related("chapter", "local_authority")
        .prefetch_related("leads")
        .first()
    )
    if commitment is None:
        raise Http404
    commitment.lead_ids = frozenset(lead.pk for lead in commitment.leads.all())
    return commitment
