"""Reads of the children in care cohort report: every figure aggregated in the database.

The cohort: the looked-after children aged 0 to 5 on the reference date (today) whose
responsible LA is the reader's LA, on roll and started at a setting, wherever they are
placed (``accounts.permissions.cohort_scope``: nothing outside the reader's scope is
counted). *In county*: the child's setting is in the LA; *out of county*: in another LA.

Each figure is a ``Count`` or ``Sum`` with a filter, so the number of queries is the same
whatever the number of children: the cohort's counts in one query, progress by area in two
(the latest PEP's snapshot and the one before it) after the areas and scale points (two
small reference lists), EYPP in two, the settings of the filter in one.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from accounts.models import CareSetting
from accounts.permissions import Access, cohort_scope
from children.models import Child
from common import dates
from eypp import rules
from eypp.models import ActionPlan, ImpactReview, PlanLine
from learning.models import Area, ProgressCheckAtTwo, ProgressCheckNotDone, ScalePoint
from pep.models import Pep

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)

# Age bands on the reference date: key, label, youngest and oldest age in whole years.
AGE_BANDS = (
    ("0-1", "Aged 0 to 1", 0, 1),
    ("2", "Aged 2", 2, 2),
    ("3", "Aged 3", 3, 3),
    ("4", "Aged 4", 4, 4),
    ("5", "Aged 5", 5, 5),
)
# The ages whose take-up of a funded place is counted.
FUNDED_AGES = (2, 3, 4)
IN_COUNTY = "in"
OUT_OF_COUNTY = "out"
PLACEMENTS = ((IN_COUNTY, "In county"), (OUT_OF_COUNTY, "Out of county"))


@dataclass(frozen=True)
class Filters:
    """The report's filters: an age band key, a setting id, a placement; empty for any."""

    age: str = ""
    setting_id: int | None = None
    placement: str = ""

    @property
    def any(self) -> bool:
        return bool(self.age or self.setting_id or self.placement)


@dataclass(frozen=True)
class Share:
    """``count`` of ``of`` children, with the share in whole per cent."""

    label: str
    count: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.of) if self.of else None


@dataclass(frozen=True)
class AgeRow:
    key: str
    label: str
    in_county: int
    out_of_county: int

    @property
    def total(self) -> int:
        return self.in_county + self.out_of_county


@dataclass(frozen=True)
class AreaRow:
    """One EYFS area: at or above typical for age at the latest PEP and at the one before."""

    code: str
    name: str
    latest: Share
    before: Share

    @property
    def change(self) -> int | None:
        """The change in percentage points since the PEP before (None without both)."""
        if self.latest.percent is None or self.before.percent is None:
            return None
        return self.latest.percent - self.before.percent


@dataclass(frozen=True)
class Eypp:
    year_label: str
    plans: int
    children: int
    allocated: Decimal
    planned: Decimal
    spent: Decimal
    reviewed: int

    @property
    def reviewed_share(self) -> Share:
        return Share("Impact reviewed", self.reviewed, self.plans)

    @property
    def allocated_text(self) -> str:
        return rules.money(self.allocated)

    @property
    def planned_text(self) -> str:
        return rules.money(self.planned)

    @property
    def spent_text(self) -> str:
        return rules.money(self.spent)


@dataclass(frozen=True)
class Report:
    today: date
    filters: Filters
    total: int
    in_county: int
    out_of_county: int
    ages: list[AgeRow]
    funded: list[Share]
    pep: list[Share]
    pep_children: int
    check_eligible: int
    check_done: int
    check_not_done: int
    areas: list[AreaRow]
    eypp: Eypp
    settings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def check(self) -> Share:
        return Share("Progress check at two done", self.check_done, self.check_eligible)

    @property
    def check_not_done_share(self) -> Share:
        return Share(
            "Recorded as not done, with a reason", self.check_not_done, self.check_eligible
        )


def born_aged(today: date, youngest: int, oldest: int) -> Q:
    """Return the filter on children aged ``youngest`` to ``oldest`` whole years on ``today``."""
    return Q(
        date_of_birth__gt=dates.add_years(today, -(oldest + 1)),
        date_of_birth__lte=dates.add_years(today, -youngest),
    )


def _band(key: str) -> tuple[str, str, int, int] | None:
    return next((band for band in AGE_BANDS if band[0] == key), None)


def in_county_q(access: Access) -> Q:
    """Return the filter on children placed in a setting of the access's LA."""
    return Q(care_setting__local_authority=access.local_authority)


def cohort_base(access: Access, *, today: date) -> QuerySet[Child]:
    """Return the whole cohort, before filters: aged 0 to 5, on roll and started."""
    return (
        Child.objects.filter(cohort_scope(access))
        .on_roll(today)
        .filter(start_date__lte=today)
        .filter(born_aged(today, 0, 5))
        .order_by()
    )


def cohort(access: Access, filters: Filters, *, today: date) -> QuerySet[Child]:
    """Return the cohort's children the filters keep."""
    children = cohort_base(access, today=today)
    if band := _band(filters.age):
        children = children.filter(born_aged(today, band[2], band[3]))
    if filters.setting_id:
        children = children.filter(care_setting_id=filters.setting_id)
    if filters.placement == IN_COUNTY:
        children = children.filter(in_county_q(access))
    elif filters.placement == OUT_OF_COUNTY:
        children = children.exclude(in_county_q(access))
    return children


def setting_choices(access: Access, *, today: date) -> list[tuple[int, str]]:
    """Return (id, name) of the settings where children of the cohort are placed, by name."""
    return list(
        CareSetting.objects.filter(
            pk__in=cohort_base(access, today=today).values("care_setting_id")
        )
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
    )


def _counts(access: Access, children: QuerySet[Child], *, today: date) -> dict[str, int]:
    """The cohort's counts in one query: placement by age, funded places, PEPs, the check."""
    in_county = in_county_q(access)
    current = Pep.objects.filter(child=OuterRef("pk"), is_current=True).exclude(
        status__in=Pep.LOCKED_STATUSES
    )
    aggregates: dict[str, Any] = {
        "total": Count("pk"),
        "in_county": Count("pk", filter=in_county),
        # PEPs as the PEP board counts them: a current cycle is in date until its due date.
        "pep_in_date": Count("pk", filter=Q(has_pep_in_date=True)),
        "pep_overdue": Count("pk", filter=Q(has_pep_overdue=True)),
        "pep_none": Count("pk", filter=Q(has_pep_any=False)),
        # The progress check at two: eligible from 24 months (the second birthday).
        "check_eligible": Count("pk", filter=born_aged(today, 2, 5)),
        "check_done": Count("pk", filter=born_aged(today, 2, 5) & Q(has_check_done=True)),
        "check_not_done": Count(
            "pk", filter=born_aged(today, 2, 5) & Q(has_check_done=False, has_check_not_done=True)
        ),
    }
    for key, _, youngest, oldest in AGE_BANDS:
        aged = born_aged(today, youngest, oldest)
        aggregates[f"age_{key}_in"] = Count("pk", filter=aged & in_county)
        aggregates[f"age_{key}_out"] = Count("pk", filter=aged & ~in_county)
    for age in FUNDED_AGES:
        aged = born_aged(today, age, age)
        aggregates[f"aged_{age}"] = Count("pk", filter=aged)
        aggregates[f"funded_{age}"] = Count(
            "pk", filter=aged & ~Q(funded_entitlement=Child.Entitlement.NONE)
        )
    return children.annotate(
        has_pep_any=Exists(current),
        has_pep_in_date=Exists(current.filter(due_on__gte=today)),
        has_pep_overdue=Exists(current.filter(due_on__lt=today)),
        has_check_done=Exists(ProgressCheckAtTwo.objects.filter(child=OuterRef("pk"))),
        has_check_not_done=Exists(ProgressCheckNotDone.objects.filter(child=OuterRef("pk"))),
    ).aggregate(**aggregates)


# --- Progress by EYFS area, from the tracker snapshots kept in the PEPs ---------------------


def _snapshot_peps(children: QuerySet[Child]) -> QuerySet[Pep]:
    """The PEPs of the children that keep a progress snapshot (a correction's replaced one
    left out)."""
    return (
        Pep.objects.filter(child__in=children.values("pk"), progress_snapshot__isnull=False)
        .exclude(closed_reason=Pep.ClosedReason.SUPERSEDED)
        .order_by()
    )


def latest_snapshot_peps(children: QuerySet[Child]) -> QuerySet[Pep]:
    """Each child's latest PEP with a snapshot: none of theirs was submitted after it."""
    peps = _snapshot_peps(children)
    later = peps.filter(child=OuterRef("child")).filter(
        Q(submitted_at__gt=OuterRef("submitted_at"))
        | Q(submitted_at=OuterRef("submitted_at"), pk__gt=OuterRef("pk"))
    )
    return peps.filter(submitted_at__isnull=False).exclude(Exists(later))


def _area_counts(peps: QuerySet[Pep], areas: list[Area], points: list[Any]) -> dict[str, int]:
    """Per area, the PEPs whose snapshot judged the area, and those at or above typical.

    A snapshot keeps its areas in the framework's order, each with the scale and the order
    of its latest judgement on that scale; a judgement is at or above typical for age unless
    its scale point is marked as a concern (below what is expected for the child's age).
    """
    scales: dict[int, tuple[list[int], list[int]]] = {}
    for scale_id, order, is_concern in points:
        every, typical = scales.setdefault(scale_id, ([], []))
        every.append(order)
        if not is_concern:
            typical.append(order)
    aggregates: dict[str, Any] = {}
    for index, area in enumerate(areas):
        at = f"progress_snapshot__areas__{index}__"
        same_area = Q(**{f"{at}code": area.code})
        judged = Q(pk__in=[])
        typical_q = Q(pk__in=[])
        for scale_id, (every, typical) in scales.items():
            on_scale = Q(**{f"{at}scale": scale_id})
            judged |= on_scale & Q(**{f"{at}point_order__in": every})
            if typical:
                typical_q |= on_scale & Q(**{f"{at}point_order__in": typical})
        aggregates[f"judged_{area.code}"] = Count("pk", filter=same_area & judged)
        aggregates[f"typical_{area.code}"] = Count("pk", filter=same_area & typical_q)
    return peps.aggregate(**aggregates) if aggregates else {}


def progress_by_area(children: QuerySet[Child]) -> list[AreaRow]:
    """Each area's share at or above typical for age at the children's latest PEP and at
    the PEP before it (four queries)."""
    areas = list(Area.objects.order_by("order"))
    points = list(ScalePoint.objects.values_list("scale_id", "order", "is_concern"))
    latest = latest_snapshot_peps(children)
    before = _snapshot_peps(children).filter(pk__in=latest.values("previous_id"))
    now = _area_counts(latest, areas, points)
    then = _area_counts(before, areas, points)
    return [
        AreaRow(
            code=area.code,
            name=area.name,
            latest=Share(area.name, now[f"typical_{area.code}"], now[f"judged_{area.code}"]),
            before=Share(area.name, then[f"typical_{area.code}"], then[f"judged_{area.code}"]),
        )
        for area in areas
    ]


# --- EYPP --------------------------------------------------------------------------------


def eypp_figures(children: QuerySet[Child], *, today: date) -> Eypp:
    """The approved EYPP plans of the children whose period starts in this financial year:
    allocated, planned, spent and impact reviewed (two queries)."""
    year = rules.financial_year_of(today)
    starts, ends = rules.financial_year_bounds(year)
    plans = ActionPlan.objects.filter(
        child__in=children.values("pk"),
        status=ActionPlan.Status.APPROVED,
        period_start__range=(starts, ends),
    ).order_by()
    totals = plans.aggregate(
        plans=Count("pk"),
        children=Count("child_id", distinct=True),
        allocated=Coalesce(Sum("allocation"), Value(ZERO), output_field=MONEY_FIELD),
        reviewed=Count(
            "pk",
            filter=Exists(
                ImpactReview.objects.filter(plan=OuterRef("pk"), completed_at__isnull=False)
            ),
        ),
    )
    money = PlanLine.objects.filter(plan__in=plans.values("pk")).aggregate(
        planned=Coalesce(Sum("cost"), Value(ZERO), output_field=MONEY_FIELD),
        spent=Coalesce(Sum("outcome__spent"), Value(ZERO), output_field=MONEY_FIELD),
    )
    return Eypp(
        year_label=rules.financial_year_label(year),
        plans=totals["plans"],
        children=totals["children"],
        allocated=totals["allocated"],
        planned=money["planned"],
        spent=money["spent"],
        reviewed=totals["reviewed"],
    )


# --- The report ----------------------------------------------------------------------------


def report(
    access: Access,
    filters: Filters,
    *,
    today: date,
    settings: list[tuple[int, str]] | None = None,
) -> Report:
    """Return the cohort report's figures for the filters, in a fixed number of queries.

    ``settings``: the filter's settings (``setting_choices``) if already read.
    """
    children = cohort(access, filters, today=today)
    counts = _counts(access, children, today=today)
    ages = [
        AgeRow(
            key=key,
            label=label,
            in_county=counts[f"age_{key}_in"],
            out_of_county=counts[f"age_{key}_out"],
        )
        for key, label, _, _ in AGE_BANDS
    ]
    funded = [
        Share(f"Aged {age}", counts[f"funded_{age}"], counts[f"aged_{age}"]) for age in FUNDED_AGES
    ]
    total = counts["total"]
    pep = [
        Share("In date", counts["pep_in_date"], total),
        Share("Overdue", counts["pep_overdue"], total),
        Share("No PEP yet", counts["pep_none"], total),
    ]
    return Report(
        today=today,
        filters=filters,
        total=total,
        in_county=counts["in_county"],
        out_of_county=total - counts["in_county"],
        ages=ages,
        funded=funded,
        pep=pep,
        pep_children=total,
        check_eligible=counts["check_eligible"],
        check_done=counts["check_done"],
        check_not_done=counts["check_not_done"],
        areas=progress_by_area(children),
        eypp=eypp_figures(children, today=today),
        settings=settings if settings is not None else setting_choices(access, today=today),
    )
