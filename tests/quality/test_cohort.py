"""The children in care cohort report: its figures, filters, charts, CSV and query counts."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.navigation import Place, nav_items
from accounts.permissions import la_access_for
from children.models import Child
from common.dates import add_months
from common.models import AuditEvent
from learning.models import Area, ProgressCheckNotDone
from pep.models import Pep
from quality.cohort import selectors
from quality.cohort.chart import LABEL_CHARACTERS, bar_chart
from quality.cohort.export import Cell, Group, protect
from tests.factories.accounts import CareSettingFactory, ChildFactory
from tests.factories.eypp import (
    ActionPlanFactory,
    ImpactReviewFactory,
    LineOutcomeFactory,
    PlanLineFactory,
)
from tests.factories.learning import point
from tests.factories.learning_check import ProgressCheckFactory
from tests.factories.pep import PepFactory


def today():
    return timezone.localdate()


def child(care_setting, la, *, months: int, **fields) -> Child:
    """A looked-after child ``months`` old today, whose responsible LA is ``la``."""
    born = add_months(today(), -months) - timedelta(days=3)
    return ChildFactory(
        care_setting=care_setting,
        looked_after=True,
        responsible_la=la,
        date_of_birth=born,
        start_date=min(born + timedelta(days=200), today()),
        **fields,
    )


def snapshot(judged: dict[str, str]) -> dict:
    """A PEP's progress snapshot in the shape ``progress_snapshot_of`` writes: every area, in
    order, with the scale and order of its latest judgement (``judged``: code -> point code)."""
    areas = []
    for area in Area.objects.order_by("order"):
        chosen = point("dm", judged[area.code]) if area.code in judged else None
        areas.append(
            {
                "code": area.code,
                "name": area.name,
                "judgement": chosen.label if chosen else "",
                "point_order": chosen.order if chosen else None,
                "scale": chosen.scale_id if chosen else None,
                "period": "Autumn" if chosen else "",
                "change": "",
            }
        )
    return {"version": 1, "taken_on": today().isoformat(), "scale": "dm", "areas": areas}


@pytest.fixture
def cohort(home_la, other_la, care_setting, other_setting):
    """Five children in the cohort (three in county, two out), and four who are not."""
    now = timezone.now()
    amy = child(care_setting, home_la, months=30, funded_entitlement="two_15")  # 2, in
    ben = child(care_setting, home_la, months=40)  # 3, in, not funded
    cal = child(other_setting, home_la, months=52, funded_entitlement="universal_15")  # 4, out
    dot = child(care_setting, home_la, months=14)  # 1, in
    eve = child(other_setting, home_la, months=64, funded_entitlement="working_30")  # 5, out
    # Not in the cohort: not looked after, another LA's, six years old, left.
    ChildFactory(care_setting=care_setting, date_of_birth=add_months(today(), -30))
    child(care_setting, other_la, months=30)
    child(care_setting, home_la, months=75)
    child(care_setting, home_la, months=30, leave_date=today() - timedelta(days=1))

    # PEPs: Amy and Eve in date, Ben overdue, Cal and Dot none (Cal's only one is signed).
    before = PepFactory(
        child=amy,
        signed=True,
        submitted_at=now - timedelta(days=200),
        progress_snapshot=snapshot({"CL": "at-risk", "PSED": "at-risk", "PD": "typical"}),
    )
    PepFactory(
        child=amy,
        kind=Pep.Kind.REVIEW,
        previous=before,
        submitted=True,
        submitted_at=now - timedelta(days=2),
        progress_snapshot=snapshot({"CL": "typical", "PSED": "at-risk", "PD": "ahead"}),
    )
    PepFactory(child=ben, due_on=today() - timedelta(days=3))
    PepFactory(
        child=cal,
        signed=True,
        submitted_at=now - timedelta(days=20),
        progress_snapshot=snapshot({"CL": "ahead", "PSED": "typical"}),
    )
    PepFactory(child=eve, due_on=today())

    # The progress check: Amy's done, Cal's not done with a reason; Ben's and Eve's missing.
    ProgressCheckFactory(child=amy)
    ProgressCheckNotDone.objects.create(
        child=cal, reason="Done by the health visitor before placement.", decided_on=today()
    )

    # EYPP: Amy's plan approved and reviewed, Ben's approved not reviewed, Eve's a draft.
    reviewed = ImpactReviewFactory(
        plan=ActionPlanFactory(child=amy, approved=True, allocation=Decimal("300.00")),
        completed_at=now,
    )
    LineOutcomeFactory(review=reviewed, spent=Decimal("110.00"), line__cost=Decimal("120.00"))
    plan = ActionPlanFactory(child=ben, approved=True, allocation=Decimal("250.00"))
    PlanLineFactory(plan=plan, cost=Decimal("200.00"))
    ActionPlanFactory(child=eve, allocation=Decimal("999.00"))
    return {"amy": amy, "ben": ben, "cal": cal, "dot": dot, "eve": eve}


def report_for(user, la, **filters):
    access = la_access_for(user, la.slug)
    return selectors.report(access, selectors.Filters(**filters), today=today())


def url(la, name="cohort"):
    return reverse(f"la_quality:{name}", kwargs={"la_slug": la.slug})


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_figures_of_a_small_cohort(cic_advisor, home_la, cohort):
    report = report_for(cic_advisor, home_la)
    assert (report.total, report.in_county, report.out_of_county) == (5, 3, 2)
    assert [(a.key, a.in_county, a.out_of_county) for a in report.ages] == [
        ("0-1", 1, 0),
        ("2", 1, 0),
        ("3", 1, 0),
        ("4", 0, 1),
        ("5", 0, 1),
    ]
    assert [(s.label, s.count, s.of) for s in report.funded] == [
        ("Aged 2", 1, 1),
        ("Aged 3", 0, 1),
        ("Aged 4", 1, 1),
    ]
    assert [(s.label, s.count) for s in report.pep] == [
        ("In date", 2),
        ("Overdue", 1),
        ("No PEP yet", 2),
    ]
    # Eligible for the check: aged 2 or over (Amy, Ben, Cal, Eve).
    assert (report.check_eligible, report.check_done, report.check_not_done) == (4, 1, 1)
    assert report.check.percent == 25


def test_progress_by_area_from_the_pep_snapshots(cic_advisor, home_la, cohort):
    areas = {row.code: row for row in report_for(cic_advisor, home_la).areas}
    assert len(areas) == 7
    # Latest PEPs: Amy's review and Cal's signed PEP; the PEP before: Amy's first.
    cl = areas["CL"]
    assert (cl.latest.count, cl.latest.of, cl.before.count, cl.before.of) == (2, 2, 0, 1)
    assert cl.change == 100
    psed = areas["PSED"]
    assert (psed.latest.count, psed.latest.of) == (1, 2)
    assert (psed.before.count, psed.before.of) == (0, 1)
    assert psed.change == 50
    pd = areas["PD"]
    assert (pd.latest.count, pd.latest.of, pd.before.count, pd.before.of) == (1, 1, 1, 1)
    assert pd.change == 0
    assert areas["M"].latest.of == 0 and areas["M"].change is None


def test_eypp_of_the_cohort(cic_advisor, home_la, cohort):
    eypp = report_for(cic_advisor, home_la).eypp
    assert (eypp.plans, eypp.children, eypp.reviewed) == (2, 2, 1)
    assert eypp.allocated == Decimal("550.00")
    assert eypp.planned == Decimal("320.00")
    assert eypp.spent == Decimal("110.00")


def test_the_la_admin_reads_the_same_figures(la_admin, cic_advisor, home_la, cohort):
    mine = report_for(la_admin, home_la)
    theirs = report_for(cic_advisor, home_la)
    assert (mine.total, mine.pep, mine.eypp) == (theirs.total, theirs.pep, theirs.eypp)


def test_another_la_counts_only_the_children_it_is_responsible_for(
    other_la_admin, other_la, cohort
):
    # Westvale has two of Northshire's children placed in its settings: not its cohort. It
    # is responsible for one child placed at a Northshire setting: out of county for it.
    report = report_for(other_la_admin, other_la)
    assert (report.total, report.out_of_county) == (1, 1)


def test_the_filters(cic_advisor, home_la, other_setting, cohort):
    assert report_for(cic_advisor, home_la, placement="out").total == 2
    assert report_for(cic_advisor, home_la, placement="in").total == 3
    assert report_for(cic_advisor, home_la, age="2").total == 1
    assert report_for(cic_advisor, home_la, age="0-1").total == 1
    by_setting = report_for(cic_advisor, home_la, setting_id=other_setting.pk)
    assert by_setting.total == 2
    assert by_setting.eypp.plans == 0


def test_the_page_filters_by_get(client_as, cic_advisor, home_la, other_setting, cohort):
    response = client_as(cic_advisor).get(url(home_la), {"placement": "out", "age": "nonsense"})
    assert response.status_code == 200
    assert response.context["report"].total == 2
    assert response.context["report"].filters.age == ""
    assert "placement=out" in response.context["csv_url"]
    settings = dict(response.context["report"].settings)
    assert settings[other_setting.pk] == other_setting.name


def test_the_page_shows_charts_with_tables_and_no_names(client_as, la_admin, home_la, cohort):
    response = client_as(la_admin).get(url(home_la))
    html = response.content.decode()
    assert html.count('role="img"') == 4
    assert html.count("<title id=") == 4
    for table_id in ("cohort-ages", "cohort-funded", "cohort-pep", "cohort-areas"):
        assert f'id="{table_id}"' in html
    assert "In county: 1" in html and "Out of county: 1" in html
    assert "hatch" in html
    for one in cohort.values():
        assert one.last_name not in html


def test_a_long_area_name_is_written_in_full_on_two_lines():
    # "Personal, Social and Emotional Development" was cut to 26 characters, and even then
    # ran off the chart's left edge.
    chart = bar_chart(
        chart_id="areas",
        title="Progress by EYFS area",
        groups=[
            ("Personal, Social and Emotional Development", [("Latest PEP", 67, "67%")]),
            ("Literacy", [("Latest PEP", 50, "50%")]),
        ],
        largest=100,
    )
    long, short = chart.groups
    assert long.lines == ["Personal, Social and", "Emotional Development"]
    assert short.lines == ["Literacy"]
    assert all(len(line) <= LABEL_CHARACTERS for line in long.lines)
    assert long.label_y < long.bars[0].text_y < long.label_y + chart.line_height * 2
    html = render_to_string(
        "quality/cohort/_chart.html", {"chart": chart, "table_name": "Progress by EYFS area"}
    )
    assert ">Personal, Social and</tspan>" in html
    assert ">Emotional Development</tspan>" in html


def test_the_improvement_advisor_is_refused_and_other_places_are_404(
    client_as, advisor, manager, other_la_admin, home_la, cohort
):
    assert client_as(advisor).get(url(home_la)).status_code == 403
    assert client_as(advisor).get(url(home_la, "cohort_csv")).status_code == 403
    assert client_as(manager).get(url(home_la)).status_code == 404
    assert client_as(other_la_admin).get(url(home_la)).status_code == 404


def test_the_csv_hides_small_counts_and_names_no_child(client_as, cic_advisor, home_la, cohort):
    response = client_as(cic_advisor).get(url(home_la, "cohort_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0] == ["Measure", "Breakdown", "Count", "Share (%)"]
    cells = {(row[0], row[1]): row[2:] for row in rows[1:]}
    # Five children in all are shown; the three in county and two out are hidden.
    assert cells[("Children in the cohort", "All")] == ["5", ""]
    assert cells[("Children in the cohort", "In county")] == ["x", "x"]
    assert cells[("Children in the cohort", "Out of county")] == ["x", "x"]
    assert cells[("PEP", "In date")] == ["x", "x"]
    year = f"Financial year {report_for(cic_advisor, home_la).eypp.year_label}"
    assert cells[("EYPP allocated (£)", year)][0] == "x"
    assert any(row[0] == "Note" and "x: a count from 1 to 4" in row[1] for row in rows)
    text = response.content.decode("utf-8-sig")
    for one in cohort.values():
        assert one.last_name not in text
        assert one.first_name not in text
        assert f",{one.pk}," not in text
    assert AuditEvent.objects.filter(verb="quality.cohort_exported").count() == 1


def test_a_group_of_three_is_hidden_and_cannot_be_worked_out(
    client_as, cic_advisor, home_la, care_setting, other_setting
):
    for _ in range(7):
        child(care_setting, home_la, months=40)
    for _ in range(3):
        child(other_setting, home_la, months=40)
    rows = read_csv(client_as(cic_advisor).get(url(home_la, "cohort_csv")))
    cells = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert cells[("Children in the cohort", "All")] == "10"
    # Out of county (3) is hidden, so in county (7) is hidden too: 10 - 7 would give it away.
    assert cells[("Children in the cohort", "Out of county")] == "x"
    assert cells[("Children in the cohort", "In county")] == "x"
    assert cells[("Children in the cohort by age", "Aged 3, out of county")] == "x"
    assert cells[("Children in the cohort by age", "Aged 3, in county")] == "x"


def test_the_youngest_band_cannot_be_worked_out_from_the_children_eligible_for_the_check(
    client_as, cic_advisor, home_la, care_setting
):
    for months, how_many in ((14, 3), (30, 6), (40, 7)):
        for _ in range(how_many):
            child(care_setting, home_la, months=months)
    rows = read_csv(client_as(cic_advisor).get(url(home_la, "cohort_csv")))
    cells = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert cells[("Children in the cohort", "All")] == "16"
    # 16 - 13 eligible would give the 3 children aged 0 to 1 away.
    assert cells[("Children in the cohort by age", "Aged 0 to 1")] == "x"
    assert cells[("Progress check at two", "Children aged 2 or over (eligible)")] == "x"


def test_secondary_suppression_never_hides_a_zero_instead_of_a_count():
    parts = [Cell(3), Cell(0), Cell(7)]
    protect([Group(Cell(10), parts)])
    assert [cell.hidden for cell in parts] == [True, False, True]


def test_secondary_suppression_hides_the_smallest_other_part():
    total = Cell(20)
    parts = [Cell(3), Cell(9), Cell(8)]
    protect([Group(total, parts)])
    assert [cell.hidden for cell in parts] == [True, False, True]
    assert not total.hidden
    only = Cell(3)
    zero_total = Cell(3)
    protect([Group(zero_total, [only])])
    assert zero_total.hidden


def test_the_menu_has_the_report_for_those_who_may_read_it():
    items = [item for item in nav_items(Place.LA) if item.url_name == "la_quality:cohort"]
    assert items and items[0].label == "Children in care cohort"
    assert items[0].owns("la_quality:cohort_csv")


def _grow(home_la, care_setting, other_setting, n):
    for index in range(n):
        kid = child(
            care_setting if index % 2 else other_setting,
            home_la,
            months=14 + 10 * (index % 5),
            funded_entitlement="universal_15",
        )
        PepFactory(child=kid, progress_snapshot=snapshot({"CL": "typical"}), submitted=True)
        ActionPlanFactory(child=kid, approved=True)


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["cohort", "cohort_csv"])
def test_the_same_queries_for_3_and_15_children(
    client_as, cic_advisor, home_la, care_setting, other_setting, name
):
    client = client_as(cic_advisor)
    _grow(home_la, care_setting, other_setting, 3)
    small = _queries(client, url(home_la, name))
    _grow(home_la, care_setting, other_setting, 12)
    large = _queries(client, url(home_la, name))
    assert small == large
    CareSettingFactory(local_authority=home_la)
    assert _queries(client, url(home_la, name) + "?placement=in&age=3") == small
