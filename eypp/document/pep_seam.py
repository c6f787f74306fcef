"""The child's EYPP plan as a PEP shows it: the provider of ``pep.paperwork.eypp``.

For a PEP, the plan is the one linked to it (``ActionPlan.pep``), else the child's latest
plan (not replaced by a later version) whose period overlaps the PEP's cycle, from the day
the cycle opened to the next PEP (six months after it was due when no date is set). Of a
period's plans, the one in force (approved) comes before a revision still being written.

A plan is ready for the PEP's paperwork once **submitted to the LA or approved**: the
virtual school reviews the plan with the paperwork, so a plan awaiting its review does not
hold the PEP back; a draft or a returned plan does. With no plan, a child who attracts no
EYPP for the PEP's date (no funded entitlement, the age rules, no ground) needs none: the
section is complete and says why. Otherwise there is none yet: the section is not started
and blocks submission.

The plan's summary gives its allocation and what is planned, and what the review of the
child's previous plan said: the impact that feeds the next PEP.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When

from common import dates
from eypp import rules
from eypp.document.builder import allocation_source_words
from eypp.eligibility.selectors import grounds_of
from eypp.models import ActionPlan, ImpactReview, PlanLine
from eypp.pages import eypp_url
from pep.paperwork.eypp import EyppLine, EyppPlan

READY = (ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED)
CYCLE_MONTHS = 6


def _needs_no_plan(child: Any, *, on: Any) -> str:
    """Return why the child needs no EYPP plan on the day, or "" (one query: the grounds)."""
    refusal = rules.age_refusal(child.date_of_birth, child.funded_entitlement, on=on)
    if refusal:
        return f"EYPP is not paid {refusal}"
    if not rules.award_basis(grounds_of(child), on=on):
        return "the child is not eligible for EYPP"
    return ""


def plan_of_pep(pep: Any) -> ActionPlan | None:
    """Return the plan the PEP shows (one query), or None."""
    until = pep.next_pep_on or dates.add_months(pep.due_on, CYCLE_MONTHS)
    return (
        ActionPlan.objects.filter(child_id=pep.child_id)
        .exclude(status=ActionPlan.Status.SUPERSEDED)
        .filter(Q(pep_id=pep.pk) | Q(period_start__lte=until, period_end__gte=pep.opened_on))
        .annotate(
            linked=Case(When(pep_id=pep.pk, then=Value(0)), default=Value(1)),
            in_force=Case(
                When(status=ActionPlan.Status.APPROVED, then=Value(0)),
                When(status=ActionPlan.Status.SUBMITTED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("linked", "-period_start", "in_force", "-number", "-pk")
        .first()
    )


def _previous_review(plan: ActionPlan) -> ImpactReview | None:
    return (
        ImpactReview.objects.filter(
            plan__child_id=plan.child_id,
            completed_at__isnull=False,
            plan__period_end__lt=plan.period_start,
        )
        .order_by("-plan__period_end", "-plan__number")
        .first()
    )


def plan_for_pep(pep: Any, access: Any = None) -> EyppPlan | None:
    """Return the child's EYPP plan as the PEP shows it, or None when one is needed.

    Queries: the plan; with one, its lines with their areas and the previous plan's
    recorded review; without, the child's grounds. ``access`` is None for the PDF pack's
    worker: no link then.
    """
    plan = plan_of_pep(pep)
    if plan is None:
        why = _needs_no_plan(pep.child, on=pep.due_on)
        if why:
            return EyppPlan(status_label=f"Not needed: {why}", is_ready=True)
        return None
    lines = list(PlanLine.objects.filter(plan=plan).select_related("area").order_by("order", "pk"))
    total = rules.pounds(sum((line.cost for line in lines), Decimal(0)))
    summary = [f"EYPP action plan for {plan.period_label} (version {plan.number})."]
    if plan.allocation is not None:
        summary.append(
            f"Allocation {rules.money(plan.allocation)} "
            f"({allocation_source_words(plan)}); planned {rules.money(total)}."
        )
    else:
        summary.append(f"Planned {rules.money(total)}; no allocation recorded yet.")
    previous = _previous_review(plan)
    if previous is not None:
        said = " ".join(part.strip() for part in (previous.summary, previous.next_steps) if part)
        if said:
            summary.append(f"Impact of the previous plan: {said}")
    return EyppPlan(
        status_label=plan.get_status_display(),
        is_ready=plan.status in READY,
        summary=" ".join(summary),
        total_cost=total,
        url=eypp_url(access, "plan", plan.pk) if access is not None else "",
        lines=tuple(
            EyppLine(
                need=line.need,
                action=line.action,
                cost=rules.pounds(line.cost),
                area=line.area.name,
                impact=line.intended_impact,
            )
            for line in lines
        ),
    )
