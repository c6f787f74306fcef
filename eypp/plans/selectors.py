"""Reads of EYPP action plans: their lines, versions, periods and the PEP targets offered.

Every read here is a fixed number of queries whatever the number of lines or versions.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from accounts.models import SchoolTerm
from children.models import Child
from eypp import rules
from eypp.models import ActionPlan, PlanLine
from pep.models import Pep, PepTarget

# The terms offered when a plan is started: from the one before today's to a year ahead.
TERMS_BACK = timedelta(days=120)
TERMS_AHEAD = timedelta(days=365)
MOST_TERMS = 5


@dataclass(frozen=True)
class Period:
    """A period a plan may cover: an LA term, the PEP's term, or dates typed."""

    key: str
    label: str
    starts_on: date
    ends_on: date

    @property
    def described(self) -> str:
        return f"{self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"


def lines_of(plan: ActionPlan) -> list[PlanLine]:
    """Return the plan's lines in order, with their area and PEP target (one query)."""
    return list(
        PlanLine.objects.filter(plan=plan)
        .select_related("area", "pep_target")
        .order_by("order", "pk")
    )


def planned_total(lines: list[PlanLine]) -> Decimal:
    """Return the sum of the lines' costs, rounded once."""
    return rules.pounds(sum((line.cost for line in lines), Decimal(0)))


def versions_of(plan: ActionPlan) -> list[ActionPlan]:
    """Return every version of the plan (same child and period), oldest first (one query)."""
    return list(
        ActionPlan.objects.filter(child_id=plan.child_id, period_start=plan.period_start)
        .select_related("decided_by", "allocated_by", "pep")
        .order_by("number", "pk")
    )


def open_plan_for(child: Child, *, period_start: date) -> ActionPlan | None:
    """Return the child's plan for the period that is not replaced: open or approved."""
    return (
        ActionPlan.objects.filter(child=child, period_start=period_start)
        .exclude(status=ActionPlan.Status.SUPERSEDED)
        .order_by("-number")
        .first()
    )


def current_pep(child: Child) -> Pep | None:
    """Return the child's current PEP, if any."""
    return Pep.objects.filter(child=child, is_current=True).first()


def terms_around(child: Child, *, today: date) -> list[SchoolTerm]:
    """Return the LA's terms around today, the one before it to a year ahead (one query)."""
    return list(
        SchoolTerm.objects.filter(
            local_authority_id=child.care_setting.local_authority_id,
            ends_on__gte=today - TERMS_BACK,
            starts_on__lte=today + TERMS_AHEAD,
        ).order_by("starts_on")[:MOST_TERMS]
    )


def pep_period(pep: Pep, terms: list[SchoolTerm]) -> Period:
    """Return the period a looked-after child's plan in this PEP covers.

    The LA term the PEP is due in (PEPs of the early years are termly); without LA terms,
    from the PEP's opening to the next PEP (or its due date).
    """
    for term in terms:
        if term.starts_on <= pep.due_on <= term.ends_on:
            return Period("pep", term.name, term.starts_on, term.ends_on)
    ends_on = max(pep.due_on, pep.next_pep_on or pep.due_on)
    return Period("pep", f"PEP period from {pep.opened_on:%-d %B %Y}", pep.opened_on, ends_on)


def periods_for(child: Child, *, today: date) -> tuple[list[Period], Pep | None]:
    """Return the periods offered for a new plan of the child and the child's current PEP.

    A looked-after child's current PEP comes first: its plan is part of the PEP's paperwork.
    """
    terms = terms_around(child, today=today)
    periods = [
        Period(f"term-{term.pk}", term.name, term.starts_on, term.ends_on) for term in terms
    ]
    pep = current_pep(child) if child.is_looked_after else None
    if pep is not None:
        periods.insert(0, pep_period(pep, terms))
    return periods, pep


def pep_targets_for(plan: ActionPlan) -> list[PepTarget]:
    """Return the PEP targets a line of a looked-after child's plan may serve (one query).

    The targets of the plan's PEP, or else of the child's current PEP, and of the child's
    latest signed PEP. None for any other child.
    """
    if not plan.child.is_looked_after:
        return []
    current = Pep.objects.filter(child_id=plan.child_id, is_current=True).values("pk")[:1]
    signed = (
        Pep.objects.filter(child_id=plan.child_id, status=Pep.Status.SIGNED_OFF)
        .order_by("-signed_off_at", "-pk")
        .values("pk")[:1]
    )
    which = Q(pep__in=signed)
    which |= Q(pep_id=plan.pep_id) if plan.pep_id else Q(pep__in=current)
    return list(
        PepTarget.objects.filter(which)
        .select_related("area", "pep")
        .order_by("-pep__opened_on", "order", "pk")
    )
