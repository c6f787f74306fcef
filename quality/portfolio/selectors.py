"""Reads of a setting's Ofsted history and support, and of the LA's settings portfolio.

Every read starts from the door's scope (``quality_settings``, ``quality_record_q``,
``visit_q``): a setting outside it is never listed, and its records are 404.

The portfolio is a fixed handful of queries whatever the number of settings: the settings
in scope, filtered and ordered in SQL, as ids; then, for the page only, the rows with every
column annotated (latest inspection, open plan and its open actions, last visit, children
in care and their PEPs) and the advisors prefetched. Sorting or filtering by the expected
next inspection reads the latest inspection of every listed setting in one more query:
that date follows Ofsted's intervals in calendar months (``quality.inspections``), which
the database cannot add the same way on SQLite and PostgreSQL.

Children in care, as the PEP board counts them (``pep.board.selectors.compliance``): the
looked-after children on roll; of those with a current PEP cycle at the setting, the PEP
is in date when the cycle's due date has not passed, and overdue otherwise.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from accounts.models import AdvisorAssignment, CareSetting, LaRole, OfstedInspection, User
from accounts.permissions import (
    LOOKED_AFTER,
    Access,
    Action,
    quality_record_q,
    quality_settings,
    visit_q,
)
from children.models import Child, on_roll_q
from common.dates import add_months
from pep.board.selectors import Figure
from pep.models import Pep
from quality.inspections import (
    REPORT_CARD_AREAS,
    SupportLevel,
    next_inspection_expected,
    outcome,
    support_level,
    with_latest_inspection,
)
from quality.models import ActionPlan, PlanAction, SettingSupport, Visit
from quality.shared import person_name

PAGE_SIZE = 50
RECENT_VISITS = 3

# Sortable columns: key -> the ordering, ascending (nulls last). "next" is sorted in Python.
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Lower("name"),),
    "inspected": (F("latest_inspected_on").asc(nulls_last=True),),
    "next": (),
    # Universal first going up, targeted first going down.
    "support": (F("support_level").desc(),),
    "visited": (F("last_visit_on").asc(nulls_first=True),),
}
DESCENDING: dict[str, tuple[Any, ...]] = {
    "name": (Lower("name").desc(),),
    "inspected": (F("latest_inspected_on").desc(nulls_last=True),),
    "next": (),
    "support": ("support_level",),
    "visited": (F("last_visit_on").desc(nulls_last=True),),
}
DEFAULT_SORT = "name"


# --- Words ---------------------------------------------------------------------------


def outcome_words(inspection: OfstedInspection | None) -> str:
    """Return the inspection's outcome in a few words, under either scheme."""
    if inspection is None:
        return "Not yet inspected"
    if inspection.scheme == OfstedInspection.Scheme.GRADED:
        return inspection.get_overall_grade_display()
    result = outcome(inspection)
    weak = [
        f"{grade} in {area}"
        for area, grade in result.areas
        if (inspection.area_grades or {}).get(area) in _WEAK_CARD_GRADES
    ]
    parts = []
    if result.safeguarding:
        parts.append(f"safeguarding {result.safeguarding.lower()}")
    parts.append("; ".join(weak) if weak else "every area at the expected standard or above")
    return "Report card: " + "; ".join(parts)


_WEAK_CARD_GRADES = frozenset(
    {OfstedInspection.CardGrade.NEEDS_ATTENTION, OfstedInspection.CardGrade.URGENT_IMPROVEMENT}
)


def support_reason(latest: OfstedInspection | None) -> str:
    """Return why the setting is on its support level, in a sentence."""
    if latest is None:
        return "Not yet inspected: universal support until the first inspection."
    when = f"{latest.inspected_on:%-d %B %Y}"
    if support_level(latest) == SupportLevel.UNIVERSAL:
        return f"The latest inspection ({when}) was Good or better: {outcome_words(latest)}."
    if latest.scheme == OfstedInspection.Scheme.GRADED:
        return f"The latest inspection ({when}) was {latest.get_overall_grade_display()}."
    reasons = []
    if latest.safeguarding_met is False:
        reasons.append("safeguarding was not met")
    result = outcome(latest)
    reasons += [
        f"{area} was {grade}"
        for area, grade in result.areas
        if (latest.area_grades or {}).get(area) in _WEAK_CARD_GRADES
    ]
    return f"At the latest inspection ({when}) {' and '.join(reasons)}."


def children_in_care_words(in_care: int, figure: Figure) -> str:
    """Return "2 in care: 1 PEP overdue", or "None" without children in care."""
    if not in_care:
        return "None"
    words = f"{in_care} in care"
    if figure.overdue:
        return f"{words}: {figure.overdue} PEP{'s' if figure.overdue != 1 else ''} overdue"
    if figure.children:
        return f"{words}: PEPs in date"
    return f"{words}: no PEP due yet"


# --- The setting's overview -------------------------------------------------------------


@dataclass(frozen=True)
class InspectionRow:
    inspection: OfstedInspection
    headline: str
    areas: tuple[tuple[str, str], ...]
    safeguarding: str


@dataclass(frozen=True)
class Overview:
    care_setting: CareSetting
    inspections: list[InspectionRow]
    latest: OfstedInspection | None
    support_level: str
    support_reason: str
    next_expected: date | None
    next_expected_is_override: bool
    support: SettingSupport | None
    advisors: list[str]
    plan: ActionPlan | None
    last_closed_plan: ActionPlan | None
    visits: list[Visit]


def inspection_rows(inspections: Iterable[OfstedInspection]) -> list[InspectionRow]:
    """Return the inspections in words, a report card's areas in Ofsted's order."""
    rows = []
    for inspection in inspections:
        result = outcome(inspection)
        # A report card's areas in Ofsted's order, whatever order they were stored in.
        order = {area: index for index, area in enumerate(REPORT_CARD_AREAS)}
        areas = tuple(sorted(result.areas, key=lambda pair: order.get(pair[0], len(order))))
        rows.append(InspectionRow(inspection, result.headline, areas, result.safeguarding))
    return rows


def setting_support(care_setting: CareSetting) -> SettingSupport | None:
    """Return who supports the setting, if anyone was named yet."""
    return (
        SettingSupport.objects.filter(care_setting=care_setting)
        .select_related("sufficiency_officer")
        .first()
    )


def overview_for(access: Access) -> Overview:
    """Return what the setting's support overview shows (a fixed handful of queries)."""
    care_setting = access.care_setting
    assert care_setting is not None
    inspections = list(OfstedInspection.objects.filter(care_setting=care_setting))
    latest = inspections[0] if inspections else None
    support = setting_support(care_setting)
    override = support.next_inspection_expected if support is not None else None
    plans = list(
        ActionPlan.objects.filter(quality_record_q(access))
        .select_related("inspection")
        .annotate(
            actions_total=Count("actions", distinct=True),
            actions_open=Count(
                "actions", filter=~Q(actions__status=PlanAction.Status.DONE), distinct=True
            ),
        )
        .order_by("-opened_on", "-pk")[:2]
    )
    open_plan = next((plan for plan in plans if plan.status == ActionPlan.Status.OPEN), None)
    closed = next((plan for plan in plans if plan.status == ActionPlan.Status.CLOSED), None)
    visits = list(
        Visit.objects.filter(visit_q(access))
        .select_related("advisor")
        .order_by("-visited_on", "-pk")[:RECENT_VISITS]
    )
    return Overview(
        care_setting=care_setting,
        inspections=inspection_rows(inspections),
        latest=latest,
        support_level=support_level(latest),
        support_reason=support_reason(latest),
        next_expected=override or next_inspection_expected(latest),
        next_expected_is_override=override is not None,
        support=support,
        advisors=advisor_names(care_setting),
        plan=open_plan,
        last_closed_plan=closed,
        visits=visits,
    )


def _advisor_assignments() -> QuerySet[AdvisorAssignment]:
    return (
        AdvisorAssignment.objects.filter(
            la_role__role=LaRole.Role.IMPROVEMENT_ADVISOR,
            la_role__is_active=True,
            la_role__local_authority_id=F("care_setting__local_authority_id"),
        )
        .select_related("la_role__user")
        .order_by("la_role__user__full_name", "pk")
    )


def advisor_names(care_setting: CareSetting) -> list[str]:
    """Return the names of the improvement advisors assigned to the setting."""
    return [
        person_name(assignment.la_role.user)
        for assignment in _advisor_assignments().filter(care_setting=care_setting)
    ]


def inspection_get_for(access: Access, inspection_id: int) -> OfstedInspection:
    """Return an inspection of the access's setting (or, at an LA, of a setting in its
    portfolio), or 404. Ofsted's outcomes are public: at the setting, the caller weighs the
    grant (``require``), so its staff without it get 403 like on the setting's other pages.
    """
    at = (
        Q(care_setting=access.care_setting)
        if access.care_setting is not None
        else Q(care_setting__in=quality_settings(access))
    )
    inspection = (
        OfstedInspection.objects.filter(at, pk=inspection_id)
        .select_related("care_setting", "care_setting__local_authority", "recorded_by")
        .first()
    )
    if inspection is None:
        raise Http404
    return inspection


def sufficiency_officers(care_setting: CareSetting) -> QuerySet[User]:
    """Return the LA's active people who may be named the setting's sufficiency officer."""
    return (
        User.objects.filter(
            is_active=True,
            la_roles__local_authority_id=care_setting.local_authority_id,
            la_roles__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


# --- The portfolio ------------------------------------------------------------------------


def advisor_choices(access: Access) -> list[tuple[int, str]]:
    """Return (LA role id, name) of the LA's active improvement advisors, by name."""
    assert access.local_authority is not None
    return [
        (role.pk, person_name(role.user))
        for role in LaRole.objects.filter(
            local_authority=access.local_authority,
            role=LaRole.Role.IMPROVEMENT_ADVISOR,
            is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    ]


def _count(queryset: QuerySet, field: str = "care_setting") -> Coalesce:
    """A correlated count of the rows of ``queryset`` (already tied to the outer setting)."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _open_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(care_setting=OuterRef("pk"), status=ActionPlan.Status.OPEN)


def _visits(access: Access) -> QuerySet[Visit]:
    """The visits the reader sees at the outer setting (a setting reads only shared ones)."""
    visits = Visit.objects.filter(care_setting=OuterRef("pk"))
    if Action.RECORD_VISIT not in access.actions:
        visits = visits.filter(shared_at__isnull=False)
    return visits


def _filtered(access: Access, filters: dict[str, Any]) -> QuerySet[CareSetting]:
    """The settings in scope, with the annotations the filters and sorts need."""
    settings = with_latest_inspection(quality_settings(access)).annotate(
        last_visit_on=Subquery(_visits(access).order_by("-visited_on").values("visited_on")[:1]),
        has_open_plan=Exists(_open_plans()),
    )
    if text := filters.get("q"):
        settings = settings.filter(Q(name__icontains=text) | Q(ofsted_urn__iexact=text))
    if kind := filters.get("kind"):
        settings = settings.filter(kind=kind)
    if level := filters.get("support"):
        settings = settings.filter(support_level=level)
    if advisor := filters.get("advisor"):
        settings = settings.filter(
            Exists(
                AdvisorAssignment.objects.filter(
                    care_setting=OuterRef("pk"), la_role_id=advisor, la_role__is_active=True
                )
            )
        )
    if filters.get("open_plan") == "yes":
        settings = settings.filter(has_open_plan=True)
    elif filters.get("open_plan") == "no":
        settings = settings.filter(has_open_plan=False)
    return settings


def portfolio_ids(
    access: Access,
    filters: dict[str, Any],
    *,
    today: date,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> list[int]:
    """Return the ids of the portfolio's settings, filtered and in the list's order.

    Two queries at most: the ids (with the override of the next inspection), and, to sort or
    filter by the expected next inspection, the latest inspection of each.
    """
    ordering = (DESCENDING if descending else SORTS).get(sort) or SORTS[DEFAULT_SORT]
    rows = list(
        _filtered(access, filters)
        .order_by(*ordering, Lower("name"), "pk")
        .values_list("pk", "latest_inspection_id", "support__next_inspection_expected")
    )
    within = filters.get("within_months")
    if sort != "next" and not within:
        return [pk for pk, _, _ in rows]
    latest = OfstedInspection.objects.in_bulk([iid for _, iid, _ in rows if iid is not None])
    expected = {
        pk: override or next_inspection_expected(latest.get(iid)) for pk, iid, override in rows
    }
    ids = [pk for pk, _, _ in rows]
    if within:
        until = add_months(today, within)
        ids = [pk for pk in ids if expected[pk] is not None and expected[pk] <= until]
    if sort == "next":
        dated = sorted(
            (pk for pk in ids if expected[pk] is not None),
            key=lambda pk: expected[pk],
            reverse=descending,
        )
        ids = dated + [pk for pk in ids if expected[pk] is None]
    return ids


@dataclass(frozen=True)
class PortfolioRow:
    """One setting of the portfolio, with what its row shows and no query left to make."""

    care_setting: CareSetting
    latest: OfstedInspection | None
    latest_words: str
    next_expected: date | None
    support_level: str
    advisors: list[str]
    sufficiency_officer: str
    area_senco: str
    has_open_plan: bool
    open_actions: int
    last_visit_on: date | None
    in_care: int
    peps: Figure

    @property
    def children_in_care(self) -> str:
        return children_in_care_words(self.in_care, self.peps)

    @property
    def support_label(self) -> str:
        return SupportLevel.LABELS[self.support_level]


def portfolio_rows(access: Access, ids: Sequence[int], *, today: date) -> list[PortfolioRow]:
    """Return the rows of these settings, in the order of ``ids``: three queries.

    The settings with every column annotated, their latest inspections, their advisors.
    """
    if not ids:
        return []
    in_care = Child.objects.filter(
        on_roll_q(today), care_setting=OuterRef("pk"), looked_after_status=LOOKED_AFTER
    )
    peps = Pep.objects.filter(
        care_setting=OuterRef("pk"), is_current=True, child__looked_after_status=LOOKED_AFTER
    )
    open_actions = PlanAction.objects.filter(
        plan__care_setting=OuterRef("pk"), plan__status=ActionPlan.Status.OPEN
    ).exclude(status=PlanAction.Status.DONE)
    settings = (
        with_latest_inspection(quality_settings(access).filter(pk__in=list(ids)))
        .select_related("support__sufficiency_officer")
        .annotate(
            last_visit_on=Subquery(
                _visits(access).order_by("-visited_on").values("visited_on")[:1]
            ),
            has_open_plan=Exists(_open_plans()),
            open_actions=_count(open_actions, "plan__care_setting"),
            in_care=_count(in_care),
            pep_children=_count(peps),
            pep_in_date=_count(peps.filter(due_on__gte=today)),
        )
        .prefetch_related(
            Prefetch("advisor_assignments", queryset=_advisor_assignments(), to_attr="advisors")
        )
    )
    by_pk = {care_setting.pk: care_setting for care_setting in settings}
    latest = OfstedInspection.objects.in_bulk(
        [s.latest_inspection_id for s in by_pk.values() if s.latest_inspection_id is not None]
    )
    rows = []
    for pk in ids:
        care_setting = by_pk.get(pk)
        if care_setting is None:
            continue
        inspection = latest.get(care_setting.latest_inspection_id)
        try:
            support = care_setting.support
        except SettingSupport.DoesNotExist:
            support = None
        override = support.next_inspection_expected if support is not None else None
        rows.append(
            PortfolioRow(
                care_setting=care_setting,
                latest=inspection,
                latest_words=outcome_words(inspection),
                next_expected=override or next_inspection_expected(inspection),
                support_level=care_setting.support_level,
                advisors=[person_name(a.la_role.user) for a in care_setting.advisors],
                sufficiency_officer=person_name(support.sufficiency_officer) if support else "",
                area_senco=support.area_senco_name if support else "",
                has_open_plan=care_setting.has_open_plan,
                open_actions=care_setting.open_actions,
                last_visit_on=care_setting.last_visit_on,
                in_care=care_setting.in_care,
                peps=Figure(in_date=care_setting.pep_in_date, children=care_setting.pep_children),
            )
        )
    return rows
