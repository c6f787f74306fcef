"""The setting's Ofsted history and support, and the LA's settings portfolio.

Thin views: the door decides (``require``, the part's selectors through the scope helpers;
outside scope is 404), reads are selectors, writes are services. The setting's pages are
under /settings/<setting_slug>/quality/, the portfolio under /la/<la_slug>/quality/.
"""

import csv
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from accounts.models import OfstedInspection
from accounts.permissions import (
    AccessRequest,
    Action,
    can,
    la_required,
    require,
    setting_required,
)
from common import dates
from common.audit import audit_record
from common.csv_cells import csv_cell, csv_day, csv_download
from common.form_pages import add_service_error, create_page, edit_page
from common.versioning import CONFLICT_MESSAGE, Difference, StaleRecord, differing
from quality.inspections import REPORT_CARD_AREAS
from quality.models import SettingSupport
from quality.portfolio import selectors, services
from quality.portfolio.forms import (
    InspectionForm,
    PortfolioFilterForm,
    SettingSupportForm,
    inspection_initial,
    parse_stamp,
    recorded_stamp,
)
from quality.shared import setting_url

OUT_OF_DATE = "This page is out of date: open it again and try again"


# --- The setting's overview ---------------------------------------------------------------


@setting_required
def overview_view(request: AccessRequest) -> HttpResponse:
    """The setting's Ofsted history in both schemes, its support level and who supports it."""
    access = request.access
    require(access, Action.VIEW_QUALITY)
    overview = selectors.overview_for(access)
    visits = [(visit, setting_url(access, "visit_detail", visit.pk)) for visit in overview.visits]
    return render(
        request,
        "quality/portfolio/overview.html",
        {
            "care_setting": access.care_setting,
            "overview": overview,
            "visits": visits,
            "plan_url": (
                setting_url(access, "plan_detail", overview.plan.pk) if overview.plan else ""
            ),
            "plan_list_url": setting_url(access, "plan_list"),
            "visit_list_url": setting_url(access, "visit_list"),
            "visit_add_url": (
                setting_url(access, "visit_add") if can(access, Action.RECORD_VISIT) else ""
            ),
            "can_support": can(access, Action.SUPPORT_SETTING),
            "next_expected_past": bool(
                overview.next_expected and overview.next_expected < dates.today()
            ),
        },
    )


@setting_required
def inspection_add_view(request: AccessRequest) -> HttpResponse:
    """Record an Ofsted inspection, under the scheme of its date; the action plan follows."""
    access = request.access
    require(access, Action.SUPPORT_SETTING)
    back = setting_url(access, "overview")
    form = InspectionForm(request.POST or None, today=dates.today())
    return create_page(
        request,
        form=form,
        create=lambda by, submission_token=None, **_: services.inspection_add(
            care_setting=access.care_setting,
            by=by,
            submission_token=submission_token,
            **form.recorded_fields(),
        ),
        done=lambda recorded: recorded.message,
        back=back,
        template="quality/portfolio/inspection_form.html",
        context={
            "care_setting": access.care_setting,
            "heading": "Record an Ofsted inspection",
            "back_url": back,
        },
    )


def _inspection_differences(saved: OfstedInspection, typed: dict[str, Any]) -> list[Difference]:
    grades = dict(OfstedInspection.Grade.choices)
    cards = dict(OfstedInspection.CardGrade.choices)
    schemes = dict(OfstedInspection.Scheme.choices)

    def met(value: bool | None) -> str:
        return "" if value is None else ("Met" if value else "Not met")

    rows = [
        ("Date of the inspection", saved.inspected_on, typed["inspected_on"]),
        ("How was the setting judged?", schemes[saved.scheme], schemes[typed["scheme"]]),
        (
            "Overall effectiveness",
            grades.get(saved.overall_grade, ""),
            grades.get(typed["overall_grade"], ""),
        ),
        ("Safeguarding", met(saved.safeguarding_met), met(typed["safeguarding_met"])),
    ]
    for area in REPORT_CARD_AREAS:
        rows.append(
            (
                area,
                cards.get((saved.area_grades or {}).get(area, ""), ""),
                cards.get(typed["area_grades"].get(area, ""), ""),
            )
        )
    return differing(rows)


@setting_required
def inspection_edit_view(request: AccessRequest, inspection_id: int) -> HttpResponse:
    """Correct an inspection recorded before; refused if someone recorded it again since."""
    access = request.access
    inspection = selectors.inspection_get_for(access, inspection_id)
    require(access, Action.SUPPORT_SETTING)
    today = dates.today()
    back = setting_url(access, "overview")
    form = InspectionForm(
        request.POST or None, today=today, initial=inspection_initial(inspection)
    )
    conflict: list[Difference] = []
    if request.method == "POST" and form.is_valid():
        typed = form.recorded_fields()
        try:
            stamp = parse_stamp(form.cleaned_data["recorded"])
        except ValueError:
            form.add_error(None, OUT_OF_DATE)
        else:
            try:
                recorded = services.inspection_correct(
                    inspection=inspection, by=request.user, recorded=stamp, **typed
                )
            except StaleRecord:
                saved = selectors.inspection_get_for(access, inspection.pk)
                conflict = _inspection_differences(saved, typed)
                data = request.POST.copy()
                data["recorded"] = recorded_stamp(saved)
                form = InspectionForm(data, today=today, initial=inspection_initial(saved))
                form.is_valid()
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, recorded.message.replace("recorded", "corrected", 1))
                return redirect(back)
    return render(
        request,
        "quality/portfolio/inspection_form.html",
        {
            "form": form,
            "conflict": conflict,
            "care_setting": access.care_setting,
            "inspection": inspection,
            "heading": "Correct an Ofsted inspection",
            "back_url": back,
        },
    )


@setting_required
def setting_support_edit_view(request: AccessRequest) -> HttpResponse:
    """Change who supports the setting: sufficiency officer, Area SENCo, next inspection."""
    access = request.access
    require(access, Action.SUPPORT_SETTING)
    care_setting = access.care_setting
    back = setting_url(access, "overview")
    officers = selectors.sufficiency_officers(care_setting)

    def current() -> SettingSupport:
        return selectors.setting_support(care_setting) or SettingSupport(
            care_setting=care_setting, version=0
        )

    def done(saved: SettingSupport) -> HttpResponse:
        messages.success(request, f"Who supports {care_setting.name} has been saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=SettingSupportForm,
        form_kwargs=lambda record: {
            "officers": officers,
            "initial": {
                "version": record.version,
                "sufficiency_officer": record.sufficiency_officer_id,
                "area_senco_name": record.area_senco_name,
                "area_senco_email": record.area_senco_email,
                "next_inspection_expected": record.next_inspection_expected,
            },
        },
        record=current(),
        save=lambda by, version, **fields: services.support_save(
            care_setting=care_setting, by=by, version=version, **fields
        ),
        reload=current,
        done=done,
        template="quality/portfolio/support_form.html",
        context={"care_setting": care_setting, "back_url": back},
    )


# --- The portfolio ----------------------------------------------------------------------

# (sort key or "", heading) of the portfolio's columns, in order.
COLUMNS = (
    ("name", "Setting"),
    ("inspected", "Latest inspection"),
    ("next", "Next inspection expected"),
    ("support", "Support level"),
    ("", "Who supports it"),
    ("", "Open actions"),
    ("visited", "Last visit"),
    ("", "Children in care"),
)


@dataclass(frozen=True)
class Header:
    label: str
    url: str = ""
    aria_sort: str = ""  # "ascending", "descending" or "none" on a sortable column
    next_order: str = ""  # what following the link sorts by, for screen readers


def _sort_from(query: QueryDict) -> tuple[str, bool]:
    sort = query.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    return sort, query.get("order") == "desc"


def _headers(query: QueryDict, sort: str, descending: bool) -> list[Header]:
    """Return the column headers; a sortable one links to its sort, the other way if sorted."""
    kept = {name: value for name, value in query.items() if name not in ("page", "sort", "order")}
    headers = []
    for key, label in COLUMNS:
        if not key:
            headers.append(Header(label))
            continue
        current = key == sort
        order = "desc" if current and not descending else "asc"
        headers.append(
            Header(
                label,
                url="?" + urlencode({**kept, "sort": key, "order": order}),
                aria_sort=("descending" if descending else "ascending") if current else "none",
                next_order="ascending" if order == "asc" else "descending",
            )
        )
    return headers


def _filtered_ids(request: AccessRequest, today: date) -> tuple[PortfolioFilterForm, dict, list]:
    access = request.access
    form = PortfolioFilterForm(request.GET or None, advisors=selectors.advisor_choices(access))
    filters = form.filters()
    sort, descending = _sort_from(request.GET)
    ids = selectors.portfolio_ids(access, filters, today=today, sort=sort, descending=descending)
    return form, filters, ids


@la_required
def portfolio_view(request: AccessRequest) -> HttpResponse:
    """The settings an advisor supports (all the LA's, for its administrator), one per row."""
    access = request.access
    require(access, Action.VIEW_PORTFOLIO)
    today = dates.today()
    form, filters, ids = _filtered_ids(request, today)
    sort, descending = _sort_from(request.GET)
    page = Paginator(ids, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.portfolio_rows(access, list(page.object_list), today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quality/portfolio/portfolio.html",
        {
            "local_authority": access.local_authority,
            "form": form,
            "filtered": bool(filters),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "headers": _headers(request.GET, sort, descending),
            "today": today,
        },
    )


CSV_COLUMNS = (
    "Setting",
    "Kind",
    "Ofsted URN",
    "Latest inspection",
    "Latest outcome",
    "Next inspection expected",
    "Support level",
    "Improvement advisors",
    "Sufficiency officer",
    "Area SENCo",
    "Open action plan",
    "Open actions",
    "Last visit",
    "Children in care",
    "PEPs overdue",
)


@la_required
def portfolio_csv_view(request: AccessRequest) -> HttpResponse:
    """Download the portfolio's filtered rows as CSV, in its order; the download is audited."""
    access = request.access
    require(access, Action.VIEW_PORTFOLIO)
    today = dates.today()
    _, _, ids = _filtered_ids(request, today)
    slug = access.local_authority.slug
    response = csv_download(f"settings-portfolio-{slug}-{today}.csv")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    rows = selectors.portfolio_rows(access, ids, today=today)
    for row in rows:
        care_setting = row.care_setting
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    care_setting.name,
                    care_setting.get_kind_display(),
                    care_setting.ofsted_urn,
                    csv_day(row.latest.inspected_on if row.latest else None),
                    row.latest_words,
                    csv_day(row.next_expected),
                    row.support_label,
                    "; ".join(row.advisors),
                    row.sufficiency_officer,
                    row.area_senco,
                    "Yes" if row.has_open_plan else "No",
                    row.open_actions if row.has_open_plan else "",
                    csv_day(row.last_visit_on),
                    row.in_care,
                    row.peps.overdue,
                )
            ]
        )
    audit_record(
        actor=request.user,
        verb="quality.portfolio_exported",
        local_authority=access.local_authority,
        changes={"rows": len(rows), "filters": request.GET.urlencode()},
        restricted_to=Action.VIEW_PORTFOLIO.value,
    )
    return response
