"""The EYPP lists and the roll-up: the LA's plans, the setting's EYPP list, spend and impact.

Thin views: the door decides (``require``, ``may_list_setting``), reads are selectors. The
LA's list and roll-up are LA pages only (/la/<la_slug>/eypp/...), the setting's list a
setting page only. A plan links to its page on the reader's side (``eypp_url``); the lists
still render, without the link, where that page is not mounted.
"""

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch

from accounts.permissions import (
    LOOKED_AFTER,
    Access,
    AccessRequest,
    Action,
    can,
    la_required,
    require,
    setting_required,
)
from common import dates
from common.audit import audit_record
from common.csv_cells import csv_cell
from eypp import rules
from eypp.models import ActionPlan
from eypp.pages import eypp_url
from eypp.review import selectors
from eypp.review.chart import BarChart, bar_chart
from eypp.review.forms import LaPlanFilterForm, RollupYearForm

# (sort key or "", heading, numeric) of the LA list's columns, in order.
COLUMNS = (
    ("child", "Child", False),
    ("setting", "Setting", False),
    ("", "Period", False),
    ("", "Status", False),
    ("", "Allocation", True),
    ("total", "Planned", True),
    ("over", "Over allocation", True),
    ("submitted", "Submitted", False),
    ("", "Reviewed by", False),
)


def plan_url(access: Access, plan_id: int) -> str:
    """Return the plan page's URL on the access's side ("" where it is not mounted)."""
    try:
        return eypp_url(access, "plan", plan_id)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class Header:
    label: str
    url: str = ""
    aria_sort: str = ""  # "ascending", "descending" or "none" on a sortable column
    next_order: str = ""  # what following the link sorts by, for screen readers
    numeric: bool = False


def _sort_from(query: QueryDict) -> tuple[str, bool]:
    sort = query.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    return sort, query.get("order") == "desc"


def _headers(query: QueryDict, sort: str, descending: bool) -> list[Header]:
    """Return the column headers; a sortable one links to its sort, the other way if sorted."""
    kept = {name: value for name, value in query.items() if name not in ("page", "sort", "order")}
    headers = []
    for key, label, numeric in COLUMNS:
        if not key:
            headers.append(Header(label, numeric=numeric))
            continue
        current = key == sort
        order = "asc" if not current or descending else "desc"
        headers.append(
            Header(
                label,
                url="?" + urlencode({**kept, "sort": key, "order": order}),
                aria_sort=("descending" if descending else "ascending") if current else "none",
                next_order="ascending" if order == "asc" else "descending",
                numeric=numeric,
            )
        )
    return headers


@dataclass(frozen=True)
class LaRow:
    """One plan of the LA's list, with what its row shows and no query left to make."""

    plan: ActionPlan
    url: str
    reviewed_by: str

    @property
    def status_tag(self) -> str:
        return f"eypp_{self.plan.status}"

    @property
    def allocation(self) -> str:
        return rules.money(self.plan.allocation) if self.plan.allocation is not None else ""

    @property
    def planned(self) -> str:
        return rules.money(self.plan.planned)

    @property
    def over_by(self) -> str:
        over = self.plan.over_by
        return rules.money(over) if over is not None and over > 0 else ""


def _reviewed_by(plan: ActionPlan, advisors: dict[int, list[str]]) -> str:
    """Who reviews the plan: the responsible LA's virtual school for a looked-after child."""
    if plan.child.looked_after_status == LOOKED_AFTER:
        responsible = plan.child.responsible_la
        where = f", {responsible.name}" if responsible is not None else ""
        return f"Children in care advisor{where}"
    names = advisors.get(plan.care_setting_id)
    if not names:
        return "Improvement advisor (none assigned)"
    return "Improvement advisor: " + ", ".join(names)


@la_required
def la_plans_view(request: AccessRequest) -> HttpResponse:
    """The plans sent to the LA, awaiting review unless another status is chosen."""
    access = request.access
    require(access, Action.VIEW_EYPP)
    current_year = rules.financial_year_of(dates.today())
    form = LaPlanFilterForm(
        request.GET or None,
        settings=selectors.setting_choices(access),
        current_year=current_year,
    )
    filters = form.filters()
    sort, descending = _sort_from(request.GET)
    plans = selectors.la_plan_list(access, filters, sort=sort, descending=descending)
    page = Paginator(plans, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    advisors = selectors.setting_advisors({plan.care_setting_id for plan in page})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "eypp/review/la_plans.html",
        {
            "local_authority": access.local_authority,
            "form": form,
            "filtered": bool(set(filters) - {"status"}),
            "status_label": dict(selectors.STATUS_FILTERS)[
                filters.get("status", selectors.DEFAULT_STATUS)
            ],
            "page": page,
            "rows": [
                LaRow(
                    plan=plan,
                    url=plan_url(access, plan.pk),
                    reviewed_by=_reviewed_by(plan, advisors),
                )
                for plan in page
            ],
            "query": query.urlencode(),
            "headers": _headers(request.GET, sort, descending),
            "rollup_url": (
                eypp_url(access, "rollup") if can(access, Action.VIEW_EYPP_ROLLUP) else ""
            ),
        },
    )


# --- The setting's list ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRow:
    """One eligible child of the setting's list and their latest plan, if any."""

    child: Any
    plan: ActionPlan | None
    plan_url: str
    impact_due: bool
    child_url: str = ""  # the child's EYPP page: grounds, DAF, plans, "Start a plan"

    @property
    def status_tag(self) -> str:
        return f"eypp_{self.plan.status}" if self.plan is not None else ""

    @property
    def allocation(self) -> str:
        if self.plan is None or self.plan.allocation is None:
            return ""
        return rules.money(self.plan.allocation)

    @property
    def planned(self) -> str:
        return rules.money(self.plan.planned) if self.plan is not None else ""

    @property
    def over(self) -> bool:
        return self.plan is not None and (self.plan.over_by or 0) > 0


@dataclass(frozen=True)
class ActionRow:
    plan: ActionPlan
    url: str
    returned: bool


def _impact_due(plan: ActionPlan | None, today: date) -> bool:
    return (
        plan is not None
        and plan.status == ActionPlan.Status.APPROVED
        and plan.period_end <= today
        and not plan.impact_done
    )


@setting_required
def setting_plans_view(request: AccessRequest) -> HttpResponse:
    """The setting's eligible children with their plans, and the plans that need action."""
    access = request.access
    if not selectors.may_list_setting(access):
        raise PermissionDenied
    today = dates.today()
    children = selectors.eligible_children(access, today=today)
    page = Paginator(children, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    plans = selectors.current_plans(access, [child.pk for child in page])
    rows = []
    for child in page:
        plan = plans.get(child.pk)
        rows.append(
            ChildRow(
                child=child,
                plan=plan,
                plan_url=plan_url(access, plan.pk) if plan is not None else "",
                impact_due=_impact_due(plan, today),
                child_url=eypp_url(access, "child_eypp", child.pk),
            )
        )
    action = [
        ActionRow(
            plan=plan,
            url=plan_url(access, plan.pk),
            returned=plan.status == ActionPlan.Status.RETURNED,
        )
        for plan in selectors.plans_needing_action(access, today=today)
    ]
    return render(
        request,
        "eypp/review/setting_plans.html",
        {
            "care_setting": access.care_setting,
            "page": page,
            "rows": rows,
            "action_rows": action,
            "own_children_only": not can(access, Action.VIEW_EYPP),
        },
    )


# --- The roll-up --------------------------------------------------------------------------------


def _year_from(request: AccessRequest) -> tuple[int, RollupYearForm]:
    """Return the chosen financial year (the current one if none or nonsense) and its form."""
    current = rules.financial_year_of(dates.today())
    year = RollupYearForm(request.GET or None, current_year=current).filters().get("year")
    year = year or current
    return year, RollupYearForm({"year": str(year)}, current_year=current)


def area_chart(rollup: selectors.Rollup) -> BarChart:
    """The planned spend by EYFS area of the counted plans, as a bar chart."""
    return bar_chart(
        title=f"Planned EYPP spend by EYFS area, {rollup.label}",
        groups=[(figure.area.name, [figure.cost]) for figure in rollup.total.areas],
        series=("Planned",),
    )


def setting_chart(rollup: selectors.Rollup) -> BarChart:
    """Allocation, planned and spent of each setting counted, as a bar chart."""
    return bar_chart(
        title=f"EYPP allocation, planned and spent by setting, {rollup.label}",
        groups=[
            (figures.name, [figures.allocation, figures.planned, figures.spent])
            for figures in rollup.settings
        ],
        series=("Allocation", "Planned", "Spent"),
    )


@la_required
def rollup_view(request: AccessRequest) -> HttpResponse:
    """Spend and impact of the year's approved plans, per setting and in all, with a chart."""
    access = request.access
    require(access, Action.VIEW_EYPP_ROLLUP)
    year, form = _year_from(request)
    rollup = selectors.rollup(access, year=year)
    return render(
        request,
        "eypp/review/rollup.html",
        {
            "local_authority": access.local_authority,
            "form": form,
            "rollup": rollup,
            "chart": area_chart(rollup),
            "setting_chart": setting_chart(rollup),
            "csv_url": eypp_url(access, "rollup_csv") + "?" + urlencode({"year": year}),
            "plans_url": eypp_url(access, "plans"),
            "rates_url": eypp_url(access, "rates"),
        },
    )


def _amount(value: Decimal) -> str:
    """Pounds and pence without the sign, as a spreadsheet reads a number."""
    return str(rules.pounds(value))


def rollup_csv_rows(rollup: selectors.Rollup) -> list[list[str]]:
    """Return the CSV's rows: a heading, one row per setting, the total; every cell safe."""
    heading = [
        "Setting",
        "Financial year",
        "Children with plans",
        "Approved plans",
        "Allocation (£)",
        "Planned (£)",
        "Spent (£)",
        "Impact reviewed",
        "Impact not reviewed",
    ]
    for area in rollup.areas:
        heading += [f"{area.name}: lines", f"{area.name}: planned (£)"]
    rows = [heading]
    for figures in [*rollup.settings, rollup.total]:
        row: list[Any] = [
            figures.name,
            rollup.label,
            figures.children,
            figures.plans,
            _amount(figures.allocation),
            _amount(figures.planned),
            _amount(figures.spent),
            figures.reviewed,
            figures.not_reviewed,
        ]
        for area in figures.areas:
            row += [area.lines, _amount(area.cost)]
        rows.append(row)
    return [[csv_cell(value) for value in row] for row in rows]


@la_required
def rollup_csv_view(request: AccessRequest) -> HttpResponse:
    """Download the roll-up's figures as CSV; the download is audited."""
    access = request.access
    require(access, Action.VIEW_EYPP_ROLLUP)
    year, _ = _year_from(request)
    rollup = selectors.rollup(access, year=year)
    slug = access.local_authority.slug
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="eypp-roll-up-{slug}-{rollup.label}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    # A byte order mark, so that spreadsheet programs read the names and £ as UTF-8.
    response.write("\ufeff")
    csv.writer(response).writerows(rollup_csv_rows(rollup))
    audit_record(
        actor=request.user,
        verb="eypp.rollup_exported",
        local_authority=access.local_authority,
        changes={"year": rollup.label, "settings": len(rollup.settings)},
        restricted_to=Action.VIEW_EYPP.value,
    )
    return response
