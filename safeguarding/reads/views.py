"""The DSL's page of who read which child's safeguarding records, and its CSV.

Viewing it, or downloading it, is itself a read and goes on it.
"""

import csv
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.permissions import AccessRequest, Action, require, setting_required
from common.csv_cells import csv_cell
from safeguarding.reads import selectors
from safeguarding.reads.forms import ReadsFilterForm
from safeguarding.selectors import record_read

LONDON = ZoneInfo("Europe/London")
PAGE = "Who read what"


def _filtered(request: AccessRequest) -> tuple[ReadsFilterForm, Any]:
    access = request.access
    form = ReadsFilterForm(
        request.GET or None,
        children=selectors.children_read(access),
        people=selectors.people_reading(access),
    )
    events = selectors.reads_filtered(access, **form.filters())
    if form.is_bound and not form.is_valid():
        events = events.none()
    return form, events


def _row(event: Any, names: dict[str, str]) -> dict[str, Any]:
    return {
        "at": event.at.astimezone(LONDON),
        "who": (event.actor.full_name or event.actor.email) if event.actor else event.actor_label,
        "child": names.get(event.subject_id, ""),
        "page": (event.changes or {}).get("page", "") if isinstance(event.changes, dict) else "",
    }


@setting_required
def reads_view(request: AccessRequest) -> HttpResponse:
    """Who viewed which child's safeguarding records, what page and when."""
    access = request.access
    require(access, Action.VIEW_SAFEGUARDING_READS)
    record_read(access, page=PAGE)
    form, events = _filtered(request)
    page = Paginator(events, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    names = selectors.names_of(list(page))
    query = request.GET.copy()
    query.pop("page", None)
    csv_url = reverse("settings:safeguarding:reads_csv", args=[access.care_setting.slug])
    return render(
        request,
        "safeguarding/reads/reads.html",
        {
            "care_setting": access.care_setting,
            "form": form,
            "page": page,
            "rows": [_row(event, names) for event in page],
            "query": query.urlencode(),
            "csv_url": csv_url + (f"?{query.urlencode()}" if query else ""),
            "filtered": bool(form.filters() and any(form.filters().values())),
        },
    )


@setting_required
def reads_csv_view(request: AccessRequest) -> HttpResponse:
    """Download the (filtered) reads as CSV; the download is itself a read."""
    access = request.access
    require(access, Action.VIEW_SAFEGUARDING_READS)
    record_read(access, page=f"{PAGE} (CSV download)")
    _, events = _filtered(request)
    rows = list(events)
    names = selectors.names_of(rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="safeguarding-reads-{access.care_setting.slug}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["Date", "Time", "Who", "Child", "Page"])
    for event in rows:
        row = _row(event, names)
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    f"{row['at']:%Y-%m-%d}",
                    f"{row['at']:%H:%M}",
                    row["who"],
                    row["child"],
                    row["page"],
                )
            ]
        )
    return response
