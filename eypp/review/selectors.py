"""Reads of the EYPP lists and the roll-up: the LA's plans, the setting's list, the figures.

Every read starts from ``eypp.selectors.plans_in_scope`` (the door's plan scope), so a plan
the reader may not see is never listed or counted: an LA administrator reads the plans
submitted from every setting of the LA, an improvement advisor those of their assigned
settings, a children in care advisor those of the looked-after children in their scope.
Drafts never leave the setting: the LA's list leaves them out whoever reads it.

Each list is a fixed handful of queries whatever the number of plans: the planned total
of a plan is a ``Sum`` of its lines in the same query; the roll-up groups its figures per
setting and per EYFS area in the database (``values`` and ``annotate``).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from accounts.models import AdvisorAssignment, CareSetting
from accounts.permissions import LOOKED_AFTER, Access, Action, can
from children.models import Child
from eypp import rules
from eypp.models import ActionPlan, ImpactReview, PlanLine
from eypp.selectors import children_in_scope, plans_in_scope
from learning.models import Area

PAGE_SIZE = 25
ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=10, decimal_places=2)
Status = ActionPlan.Status

# The LA list's status filter; without one (or with a value that makes no sense) it lists
# the plans awaiting review.
ALL = "all"
STATUS_FILTERS = (
    (Status.SUBMITTED, "Awaiting review (submitted)"),
    (Status.RETURNED, "Returned to the setting"),
    (Status.APPROVED, "Approved"),
    (ALL, "Any status (drafts are never sent to the LA)"),
)
DEFAULT_STATUS = Status.SUBMITTED

# The basis filter: who reviews the plan follows from it.
LOOKED_AFTER_BASIS = "looked_after"
OTHER_BASIS = "other"
BASIS_FILTERS = (
    (LOOKED_AFTER_BASIS, "Looked after (reviewed by the virtual school)"),
    (OTHER_BASIS, "Any other basis (reviewed by the improvement advisor)"),
)

# Sortable columns: key -> the ordering, ascending (a plan with no allocation has no
# over-allocation and goes last either way).
SORTS: dict[str, tuple[Any, ...]] = {
    "submitted": (F("submitted_at"),),
    "setting": (Lower("care_setting__name"),),
    "child": (Lower("child__last_name"), Lower("child__first_name")),
    "total": (F("planned"),),
    "over": (F("over_by"),),
}
DEFAULT_SORT = "submitted"


def with_totals(plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """Annotate each plan's planned total (``planned``) and how far it is over (``over_by``).

    ``over_by`` is the planned total less the allocation: positive when over, None when the
    plan has no allocation yet.
    """
    return plans.annotate(
        planned=Coalesce(Sum("lines__cost"), Value(ZERO), output_field=MONEY_FIELD),
    ).annotate(
        over_by=ExpressionWrapper(F("planned") - F("allocation"), output_field=MONEY_FIELD),
    )


def financial_year_q(year: int, *, prefix: str = "") -> Q:
    """Return the filter on plans whose period starts in the financial year."""
    starts, ends = rules.financial_year_bounds(year)
    return Q(**{f"{prefix}period_start__range": (starts, ends)})


def la_plan_list(
    access: Access,
    filters: dict[str, Any],
    *,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> QuerySet[ActionPlan]:
    """Return the LA's plans: filtered, sorted, with their totals; never a draft.

    ``filters`` holds the cleaned values of ``LaPlanFilterForm``: ``status`` (a value of
    ``STATUS_FILTERS``, the plans awaiting review if missing), ``setting`` (an id),
    ``basis`` and ``year`` (the financial year the period starts in). Ties go by submitted
    date and id.
    """
    plans = plans_in_scope(access).exclude(status=Status.DRAFT)
    status = filters.get("status") or DEFAULT_STATUS
    if status != ALL:
        plans = plans.filter(status=status)
    if setting_id := filters.get("setting"):
        plans = plans.filter(care_setting_id=setting_id)
    if filters.get("basis") == LOOKED_AFTER_BASIS:
        plans = plans.filter(child__looked_after_status=LOOKED_AFTER)
    elif filters.get("basis") == OTHER_BASIS:
        plans = plans.exclude(child__looked_after_status=LOOKED_AFTER)
    if year := filters.get("year"):
        plans = plans.filter(financial_year_q(year))
    ordering = [
        term.desc(nulls_last=True) if descending else term.asc(nulls_last=True)
        for term in SORTS.get(sort, SORTS[DEFAULT_SORT])
    ]
    return with_totals(plans).order_by(*ordering, F("submitted_at").asc(nulls_last=True), "pk")


def setting_choices(access: Access) -> list[tuple[int, str]]:
    """Return (id, name) of the settings whose plans the LA list may show, by name."""
    return list(
        CareSetting.objects.filter(
            pk__in=plans_in_scope(access).exclude(status=Status.DRAFT).values("care_setting_id")
        )
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
    )


def setting_advisors(care_setting_ids: set[int]) -> dict[int, list[str]]:
    """Return ``{setting_id: [name, ...]}`` of the improvement advisors assigned, one query."""
    names: dict[int, list[str]] = {}
    rows = (
        AdvisorAssignment.objects.filter(
            care_setting_id__in=care_setting_ids,
            la_role__is_active=True,
            la_role__user__is_active=True,
        )
        .order_by("la_role__user__full_name", "pk")
        .values_list("care_setting_id", "la_role__user__full_name")
    )
    for setting_id, name in rows:
        names.setdefault(setting_id, []).append(name)
    return names


# --- The setting's list ------------------------------------------------------------------


def may_list_setting(access: Access) -> bool:
    """Return whether the access may open the setting's EYPP list.

    Whoever may read every child's EYPP at the setting; a key person, for their own key
    children, if the door lets them read one (one query); nobody else.
    """
    if can(access, Action.VIEW_EYPP):
        return True
    if access.care_setting is None:
        return False
    child = children_in_scope(access).filter(key_person=access.user).first()
    return child is not None and can(access, Action.VIEW_EYPP, child=child)


def eligible_children(access: Access, *, today: date) -> QuerySet[Child]:
    """Return the setting's children on roll with an EYPP basis the access may read.

    Everyone the door lets read every child's EYPP sees them all; a key person their own
    key children only.
    """
    children = (
        children_in_scope(access)
        .filter(care_setting=access.care_setting)
        .on_roll(today)
        .exclude(eypp_basis="")
        .select_related("key_person")
        .order_by(Lower("last_name"), Lower("first_name"), "pk")
    )
    if not can(access, Action.VIEW_EYPP):
        children = children.filter(key_person=access.user)
    return children


def _impact_done() -> Exists:
    return Exists(ImpactReview.objects.filter(plan=OuterRef("pk"), completed_at__isnull=False))


def current_plans(access: Access, child_ids: list[int]) -> dict[int, ActionPlan]:
    """Return each child's latest plan (not replaced), with its totals, in one query."""
    plans = (
        with_totals(
            plans_in_scope(access).filter(child_id__in=child_ids).exclude(status=Status.SUPERSEDED)
        )
        .annotate(impact_done=_impact_done())
        .order_by("child_id", "-period_start", "-number")
    )
    latest: dict[int, ActionPlan] = {}
    for plan in plans:
        latest.setdefault(plan.child_id, plan)
    return latest


def plans_needing_action(access: Access, *, today: date) -> list[ActionPlan]:
    """Return the setting's plans that need the setting to act, in one query.

    Returned plans (to revise and submit again) and approved plans whose period has ended
    without a recorded impact review (``impact_due``).
    """
    plans = (
        plans_in_scope(access)
        .filter(care_setting=access.care_setting)
        .annotate(impact_done=_impact_done())
        .filter(
            Q(status=Status.RETURNED)
            | Q(status=Status.APPROVED, period_end__lte=today, impact_done=False)
        )
        .order_by("period_end", Lower("child__last_name"), "pk")
    )
    return list(plans)


# --- The roll-up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFigure:
    """The lines of the counted plans for one EYFS area, and what they plan to spend."""

    area: Area
    lines: int = 0
    cost: Decimal = ZERO

    @property
    def cost_text(self) -> str:
        return rules.money(self.cost)


@dataclass
class Figures:
    """The roll-up of one setting, or of all the counted settings (``care_setting_id`` 0)."""

    care_setting_id: int
    name: str
    children: int = 0
    plans: int = 0
    allocation: Decimal = ZERO
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    reviewed: int = 0
    areas: list[AreaFigure] = field(default_factory=list)

    @property
    def allocation_text(self) -> str:
        return rules.money(self.allocation)

    @property
    def planned_text(self) -> str:
        return rules.money(self.planned)

    @property
    def spent_text(self) -> str:
        return rules.money(self.spent)

    @property
    def not_reviewed(self) -> int:
        return self.plans - self.reviewed

    @property
    def over_allocation(self) -> bool:
        return self.planned > self.allocation


@dataclass(frozen=True)
class Rollup:
    year: int
    settings: list[Figures]
    total: Figures
    areas: list[Area]

    @property
    def label(self) -> str:
        return rules.financial_year_label(self.year)


def counted_plans(access: Access, *, year: int) -> QuerySet[ActionPlan]:
    """Return the plans the roll-up counts: approved (the version in force) in the year."""
    return (
        plans_in_scope(access)
        .filter(status=Status.APPROVED)
        .filter(financial_year_q(year))
        .select_related(None)
        .order_by()
    )


def rollup(access: Access, *, year: int) -> Rollup:
    """Return the year's spend and impact per setting and in all, in five queries.

    Only the approved plans the access may see whose period starts in the financial year
    are counted (``counted_plans``): a plan replaced by a later version, a draft, a plan
    awaiting review or returned is not. Sums are exact ``Decimal``; each is rounded once,
    by ``rules.pounds``.
    """
    plans = counted_plans(access, year=year)
    plan_rows = (
        plans.values("care_setting_id", "care_setting__name")
        .annotate(
            children=Count("child_id", distinct=True),
            plan_count=Count("pk"),
            allocation=Coalesce(Sum("allocation"), Value(ZERO), output_field=MONEY_FIELD),
            reviewed=Count("pk", filter=Q(impact_review__completed_at__isnull=False)),
        )
        .order_by(Lower("care_setting__name"), "care_setting_id")
    )
    lines = PlanLine.objects.filter(plan__in=plans.values("pk")).order_by()
    money_rows = {
        row["plan__care_setting_id"]: row
        for row in lines.values("plan__care_setting_id").annotate(
            planned=Coalesce(Sum("cost"), Value(ZERO), output_field=MONEY_FIELD),
            spent=Coalesce(Sum("outcome__spent"), Value(ZERO), output_field=MONEY_FIELD),
        )
    }
    area_rows: dict[tuple[int, int], dict[str, Any]] = {
        (row["plan__care_setting_id"], row["area_id"]): row
        for row in lines.values("plan__care_setting_id", "area_id").annotate(
            line_count=Count("pk"), cost=Sum("cost")
        )
    }
    areas = list(Area.objects.order_by("order"))
    children = plans.aggregate(children=Count("child_id", distinct=True))["children"]

    settings = []
    total = Figures(care_setting_id=0, name="All the settings counted", children=children)
    area_totals = {area.pk: AreaFigure(area) for area in areas}
    for row in plan_rows:
        setting_id = row["care_setting_id"]
        money = money_rows.get(setting_id, {})
        figures = Figures(
            care_setting_id=setting_id,
            name=row["care_setting__name"],
            children=row["children"],
            plans=row["plan_count"],
            allocation=rules.pounds(row["allocation"]),
            planned=rules.pounds(money.get("planned", ZERO)),
            spent=rules.pounds(money.get("spent", ZERO)),
            reviewed=row["reviewed"],
        )
        for area in areas:
            found = area_rows.get((setting_id, area.pk))
            figure = AreaFigure(
                area,
                lines=found["line_count"] if found else 0,
                cost=rules.pounds(found["cost"]) if found else ZERO,
            )
            figures.areas.append(figure)
            known = area_totals[area.pk]
            area_totals[area.pk] = AreaFigure(
                area, lines=known.lines + figure.lines, cost=known.cost + figure.cost
            )
        settings.append(figures)
        total.plans += figures.plans
        total.allocation += figures.allocation
        total.planned += figures.planned
        total.spent += figures.spent
        total.reviewed += figures.reviewed
    total.areas = [area_totals[area.pk] for area in areas]
    return Rollup(year=year, settings=settings, total=total, areas=areas)
