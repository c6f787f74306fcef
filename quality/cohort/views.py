"""The children in care cohort report and its CSV, for the children in care advisor and the
LA administrator (VIEW_COHORT_REPORT): other LA people get 403, anyone without a role at
the LA 404 (``la_required``).

Thin views: the figures are ``selectors.report`` (aggregated in the database), the charts
``chart.bar_chart``, the CSV's rows ``export.csv_rows`` (small counts hidden).
"""

import csv
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render

from accounts.permissions import AccessRequest, Action, la_required, require
from common import dates
from common.audit import audit_record
from common.csv_cells import csv_download
from quality.cohort import selectors
from quality.cohort.chart import BarChart, bar_chart
from quality.cohort.export import csv_rows
from quality.cohort.forms import CohortFilterForm
from quality.shared import la_url


def _report(request: AccessRequest) -> tuple[selectors.Report, CohortFilterForm]:
    access = request.access
    today = dates.today()
    settings = selectors.setting_choices(access, today=today)
    form = CohortFilterForm(request.GET or None, settings=settings)
    report = selectors.report(access, form.filters(), today=today, settings=settings)
    return report, form


def filters_text(report: selectors.Report, form: CohortFilterForm) -> str:
    """The filters in words, for the page and the CSV's notes."""
    filters = report.filters
    words = []
    if filters.age:
        words.append(dict(form.fields["age"].choices)[filters.age])
    if filters.setting_id:
        words.append(dict(report.settings).get(filters.setting_id, "one setting"))
    if filters.placement:
        words.append(dict(selectors.PLACEMENTS)[filters.placement].lower())
    return ", ".join(words) if words else "none (the whole cohort)"


def _percent(share: selectors.Share) -> str:
    return (
        "no children"
        if share.percent is None
        else f"{share.percent}% ({share.count} of {share.of})"
    )


def charts(report: selectors.Report) -> dict[str, BarChart]:
    """The page's charts, each followed on the page by a table of the same figures."""
    return {
        "ages": bar_chart(
            chart_id="chart-ages",
            title="Children in the cohort by age, in and out of county",
            groups=[
                (
                    age.label,
                    [
                        ("In county", age.in_county, str(age.in_county)),
                        ("Out of county", age.out_of_county, str(age.out_of_county)),
                    ],
                )
                for age in report.ages
            ],
        ),
        "funded": bar_chart(
            chart_id="chart-funded",
            title="Take-up of funded places by age",
            groups=[(s.label, [("Funded", s.percent or 0, _percent(s))]) for s in report.funded],
            largest=100,
        ),
        "pep": bar_chart(
            chart_id="chart-pep",
            title="PEPs of the children in the cohort",
            groups=[(s.label, [("PEPs", s.percent or 0, _percent(s))]) for s in report.pep],
            largest=100,
        ),
        "areas": bar_chart(
            chart_id="chart-areas",
            title="At or above typical for age by EYFS area, latest PEP and the PEP before",
            groups=[
                (
                    area.name,
                    [
                        ("Latest PEP", area.latest.percent or 0, _percent(area.latest)),
                        ("PEP before", area.before.percent or 0, _percent(area.before)),
                    ],
                )
                for area in report.areas
            ],
            largest=100,
        ),
    }


@la_required
def cohort_view(request: AccessRequest) -> HttpResponse:
    """The cohort's figures, with charts and tables, filtered by age, setting and placement."""
    access = request.access
    require(access, Action.VIEW_COHORT_REPORT)
    report, form = _report(request)
    query = urlencode({key: value for key, value in request.GET.items() if key != "apply"})
    csv_url = la_url(access, "cohort_csv")
    return render(
        request,
        "quality/cohort/cohort.html",
        {
            "local_authority": access.local_authority,
            "report": report,
            "form": form,
            "filters_text": filters_text(report, form),
            "charts": charts(report),
            "csv_url": f"{csv_url}?{query}" if query else csv_url,
        },
    )


@la_required
def cohort_csv_view(request: AccessRequest) -> HttpResponse:
    """Download the cohort's figures as CSV, small counts hidden; the download is audited."""
    access = request.access
    require(access, Action.VIEW_COHORT_REPORT)
    report, form = _report(request)
    words = filters_text(report, form)
    slug = access.local_authority.slug
    response = csv_download(f"children-in-care-cohort-{slug}-{report.today:%Y-%m-%d}.csv")
    csv.writer(response).writerows(
        csv_rows(report, local_authority=access.local_authority.name, filters_text=words)
    )
    audit_record(
        actor=request.user,
        verb="quality.cohort_exported",
        local_authority=access.local_authority,
        changes={"filters": words, "children": report.total},
        restricted_to=Action.VIEW_COHORT_REPORT.value,
    )
    return response
