"""The EYPP lists and the roll-up: the LA's plans (filters, sort, pagination, scope), the
setting's EYPP list, the spend and impact figures, their CSV and chart, with time pinned."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.navigation import Place, nav_items
from accounts.permissions import la_access_for, setting_access_for
from eypp.models import ActionPlan, ImpactReview
from eypp.review import selectors
from eypp.review.chart import VALUE_WIDTH, bar_chart
from eypp.review.views import rollup_csv_rows
from learning.models import Area
from tests.factories.accounts import CareSettingFactory, ChildFactory
from tests.factories.eypp import (
    ActionPlanFactory,
    ImpactReviewFactory,
    LineOutcomeFactory,
    PlanLineFactory,
)
from workspace.navigation import menu_for

# Wednesday 4 March 2026: the financial year 2025-26.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 4)
YEAR = 2025

# Queries of each page, whatever the number of plans or settings (each named in its test).
LA_PLANS_QUERIES = 12
SETTING_PLANS_QUERIES = 13
ROLLUP_QUERIES = 13
ROLLUP_CSV_QUERIES = 13


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def area(code: str) -> Area:
    return Area.objects.get(code=code)


def plan_for(care_setting, *, first_name="", last_name="", lines=(), **fields) -> ActionPlan:
    """A plan of a new child (not looked after, economic basis) with lines of these costs."""
    child_fields = {"care_setting": care_setting, "eypp_basis": "economic"}
    if first_name:
        child_fields["first_name"] = first_name
    if last_name:
        child_fields["last_name"] = last_name
    plan = ActionPlanFactory(child=ChildFactory(**child_fields), **fields)
    for cost, code in lines:
        PlanLineFactory(plan=plan, cost=Decimal(cost), area=area(code))
    return plan


def la_plans(client, la, **query):
    return client.get(reverse("la_eypp:plans", args=[la.slug]), query)


def names(response) -> list[str]:
    return [
        f"{row.plan.child.known_as} {row.plan.child.last_name}" for row in response.context["rows"]
    ]


def count_queries(client, url, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def county(care_setting, home_la, other_setting, key_plan):
    """Plans of the home LA's settings in every state, and some the LA must never see."""
    second = CareSettingFactory(name="Birch Pre-school", local_authority=home_la)
    plans = {
        "ada": plan_for(
            care_setting,
            first_name="Ada",
            last_name="Able",
            submitted=True,
            submitted_at=NOW - timedelta(days=3),
            lines=[("200.00", "CL"), ("150.50", "PD")],
        ),
        "ben": plan_for(
            second,
            first_name="Ben",
            last_name="Brook",
            submitted=True,
            submitted_at=NOW - timedelta(days=5),
            lines=[("90.00", "M")],
        ),
        "cal": plan_for(
            care_setting, first_name="Cal", last_name="Cole", returned=True, lines=[("10", "L")]
        ),
        "dee": plan_for(
            second, first_name="Dee", last_name="Dale", approved=True, lines=[("20", "EAD")]
        ),
        # A draft of the manager's setting: stays with the setting.
        "draft": plan_for(care_setting, first_name="Dru", last_name="Draft", lines=[("5", "CL")]),
        # Another LA's setting.
        "outside": plan_for(other_setting, first_name="Zed", last_name="Zulu", submitted=True),
    }
    plans["key"] = key_plan  # the looked-after key child's draft
    return plans


# --- The LA's list ------------------------------------------------------------------------


def test_the_la_lists_the_plans_awaiting_review_oldest_first(client_as, la_admin, home_la, county):
    response = la_plans(client_as(la_admin), home_la)

    assert response.status_code == 200
    assert names(response) == ["Ben Brook", "Ada Able"]
    page = response.content.decode()
    assert "Dru" not in page and "Zed" not in page and "Kai" not in page
    [ada] = [row for row in response.context["rows"] if row.plan.child.first_name == "Ada"]
    assert ada.planned == "£350.50"
    assert ada.over_by == "£50.50"  # £300 allocated
    assert "Over allocation £50.50" in page
    assert ada.reviewed_by == "Improvement advisor (none assigned)"
    # Each row opens the plan on the LA's side.
    assert ada.url == reverse("la_eypp:plan", args=[home_la.slug, county["ada"].pk])
    assert f'href="{ada.url}"' in page


def test_the_status_filter_and_a_draft_is_never_listed(client_as, la_admin, home_la, county):
    client = client_as(la_admin)

    assert names(la_plans(client, home_la, status="returned")) == ["Cal Cole"]
    assert names(la_plans(client, home_la, status="approved")) == ["Dee Dale"]
    everything = la_plans(client, home_la, status="all", sort="child")
    assert names(everything) == ["Ada Able", "Ben Brook", "Cal Cole", "Dee Dale"]


def test_the_children_in_care_advisor_never_sees_a_draft_at_the_la(
    client_as, cic_advisor, home_la, county
):
    # The key child is in the advisor's scope, but the plan is a draft.
    response = la_plans(client_as(cic_advisor), home_la, status="all")
    assert "Kai" not in names(response)
    ActionPlan.objects.filter(pk=county["key"].pk).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=NOW
    )
    response = la_plans(client_as(cic_advisor), home_la)
    assert [row.plan.child.first_name for row in response.context["rows"]] == ["Kai"]
    assert response.context["rows"][0].reviewed_by == f"Children in care advisor, {home_la.name}"


def test_setting_basis_and_year_filters(client_as, la_admin, home_la, care_setting, county):
    client = client_as(la_admin)

    by_setting = la_plans(client, home_la, status="all", setting=care_setting.pk, sort="child")
    assert names(by_setting) == ["Ada Able", "Cal Cole"]
    ActionPlan.objects.filter(pk=county["key"].pk).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=NOW
    )
    looked_after = la_plans(client, home_la, basis="looked_after")
    assert [row.plan.child.first_name for row in looked_after.context["rows"]] == ["Kai"]
    other = la_plans(client, home_la, basis="other")
    assert names(other) == ["Ben Brook", "Ada Able"]
    assert names(la_plans(client, home_la, year=YEAR - 1)) == []
    assert names(la_plans(client, home_la, year=YEAR, basis="other")) == ["Ben Brook", "Ada Able"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"setting": "abc"},
        {"setting": "999999"},
        {"basis": "<script>"},
        {"year": "1900"},
        {"year": "x"},
        {"sort": "password"},
        {"order": "sideways"},
        {"page": "-1"},
        {"page": "9999"},
    ],
)
def test_a_filter_value_that_makes_no_sense_is_ignored(
    client_as, la_admin, home_la, county, query
):
    response = la_plans(client_as(la_admin), home_la, **query)

    assert response.status_code == 200
    assert sorted(names(response)) == ["Ada Able", "Ben Brook"]


def test_sorting_by_total_and_over_allocation_with_aria_sort(client_as, la_admin, home_la, county):
    client = client_as(la_admin)

    ascending = la_plans(client, home_la, sort="total")
    assert names(ascending) == ["Ben Brook", "Ada Able"]
    descending = la_plans(client, home_la, sort="total", order="desc")
    assert names(descending) == ["Ada Able", "Ben Brook"]
    assert names(la_plans(client, home_la, sort="over", order="desc")) == ["Ada Able", "Ben Brook"]
    assert names(la_plans(client, home_la, sort="setting")) == ["Ada Able", "Ben Brook"]
    page = descending.content.decode()
    assert 'aria-sort="descending"' in page
    assert page.count('aria-sort="none"') == 4
    [planned] = [header for header in descending.context["headers"] if header.label == "Planned"]
    assert planned.url == "?sort=total&order=asc"


def test_the_list_is_paginated_by_25_and_keeps_the_filters(
    client_as, la_admin, home_la, care_setting
):
    for index in range(27):
        plan_for(care_setting, last_name=f"Child{index:02d}", submitted=True)
    client = client_as(la_admin)

    first = la_plans(client, home_la, sort="child")
    assert len(first.context["rows"]) == 25
    page = first.content.decode()
    assert 'class="govuk-pagination"' in page
    assert "?sort=child&amp;page=2" in page
    second = la_plans(client, home_la, sort="child", page=2)
    assert len(second.context["rows"]) == 2


def test_an_advisor_not_assigned_sees_nothing_of_the_setting(
    client_as, outsider_advisor, advisor, home_la, county
):
    # The assigned advisor reads the submitted plan of a child whose case is not shared.
    assert "Ada Able" in names(la_plans(client_as(advisor), home_la))
    assert names(la_plans(client_as(outsider_advisor), home_la, status="all")) == []
    response = client_as(outsider_advisor).get(reverse("la_eypp:rollup", args=[home_la.slug]))
    assert response.context["rollup"].settings == []


def test_the_advisor_assigned_is_named_as_the_reviewer(
    client_as, la_admin, advisor, home_la, county
):
    response = la_plans(client_as(la_admin), home_la)
    [ada] = [row for row in response.context["rows"] if row.plan.child.first_name == "Ada"]
    assert ada.reviewed_by == "Improvement advisor: Adam Advisor"


def test_the_la_list_makes_the_same_queries_for_2_and_12_plans(
    client_as, la_admin, advisor, home_la, care_setting
):
    client = client_as(la_admin)
    url = reverse("la_eypp:plans", args=[home_la.slug])
    for _ in range(2):
        plan_for(care_setting, submitted=True, lines=[("10", "CL")])
    few = count_queries(client, url)
    for index in range(10):
        second = CareSettingFactory(local_authority=home_la)
        plan_for(second if index % 2 else care_setting, submitted=True, lines=[("10", "M")] * 2)
    many = count_queries(client, url)
    assert (few, many) == (LA_PLANS_QUERIES, LA_PLANS_QUERIES)


# --- The setting's list ------------------------------------------------------------------------


def setting_list(client, care_setting):
    return client.get(reverse("settings:eypp:plans", args=[care_setting.slug]))


def test_the_setting_lists_its_eligible_children_and_their_latest_plan(
    client_as, manager, care_setting, key_child, eypp_child
):
    eypp_child.eypp_basis = "economic"  # as the eligibility part keeps it
    eypp_child.save()
    ActionPlanFactory(
        child=eypp_child,
        period_label="Autumn",
        approved=True,
        period_start=TODAY - timedelta(days=200),
        period_end=TODAY - timedelta(days=100),
    )
    plan_for(care_setting, first_name="Xi", lines=[("400", "CL")])
    ChildFactory(care_setting=care_setting, first_name="Noel")  # not eligible
    ActionPlanFactory(
        child=eypp_child,
        period_label="Spring",
        submitted=True,
        period_start=TODAY - timedelta(days=20),
    )

    response = setting_list(client_as(manager), care_setting)

    assert response.status_code == 200
    rows = {row.child.first_name: row for row in response.context["rows"]}
    assert set(rows) == {"Kai", "Esme", "Xi"}
    assert rows["Esme"].plan.period_label == "Spring"
    assert rows["Kai"].plan is None
    assert rows["Xi"].over and rows["Xi"].planned == "£400.00"
    assert rows["Xi"].plan_url == reverse(
        "settings:eypp:plan", args=[care_setting.slug, rows["Xi"].plan.pk]
    )
    page = response.content.decode()
    # Every child links to their EYPP page, where a plan is started.
    kai = reverse("settings:eypp:child_eypp", args=[care_setting.slug, key_child.pk])
    assert rows["Kai"].child_url == kai and f'href="{kai}"' in page
    assert "Noel" not in page
    # The approved autumn plan's period has ended without an impact review.
    [due] = response.context["action_rows"]
    assert due.plan.period_label == "Autumn" and not due.returned


def test_returned_plans_and_impact_due_need_action(client_as, manager, care_setting):
    returned = plan_for(care_setting, first_name="Ria", returned=True)
    ended = plan_for(
        care_setting,
        first_name="Eli",
        approved=True,
        period_start=TODAY - timedelta(days=120),
        period_end=TODAY - timedelta(days=1),
    )
    reviewed = plan_for(
        care_setting,
        first_name="Rev",
        approved=True,
        period_start=TODAY - timedelta(days=120),
        period_end=TODAY - timedelta(days=1),
    )
    ImpactReviewFactory(plan=reviewed, completed_at=NOW)
    # A review started but not recorded is still due.
    ImpactReview.objects.create(plan=ended)

    response = setting_list(client_as(manager), care_setting)

    action = {row.plan.pk: row.returned for row in response.context["action_rows"]}
    assert action == {returned.pk: True, ended.pk: False}
    rows = {row.child.first_name: row for row in response.context["rows"]}
    assert rows["Rev"].plan.impact_done and not rows["Rev"].impact_due
    assert rows["Eli"].impact_due


def test_a_key_person_sees_only_their_own_key_children(
    client_as, key_person, practitioner, care_setting, key_child, eypp_child
):
    eypp_child.eypp_basis = "economic"
    eypp_child.save()
    response = setting_list(client_as(key_person), care_setting)

    assert [row.child.first_name for row in response.context["rows"]] == ["Kai"]
    assert response.context["own_children_only"]
    assert setting_list(client_as(practitioner), care_setting).status_code == 403


def test_the_setting_list_makes_the_same_queries_for_2_and_12_children(
    client_as, manager, care_setting
):
    client = client_as(manager)
    url = reverse("settings:eypp:plans", args=[care_setting.slug])
    for _ in range(2):
        plan_for(care_setting, returned=True, lines=[("10", "CL")])
    few = count_queries(client, url)
    for index in range(10):
        plan_for(care_setting, approved=index % 2, lines=[("10", "CL")] * 2)
    many = count_queries(client, url)
    assert (few, many) == (SETTING_PLANS_QUERIES, SETTING_PLANS_QUERIES)


# --- The roll-up ------------------------------------------------------------------------------


@pytest.fixture
def approved(care_setting, home_la):
    """Approved plans of the year at two settings, with lines, outcomes and reviews."""
    second = CareSettingFactory(name="Alder Nursery", local_authority=home_la)
    one = plan_for(care_setting, approved=True, allocation=Decimal("300.00"))
    PlanLineFactory(plan=one, cost=Decimal("120.10"), area=area("CL"))
    spent_line = PlanLineFactory(plan=one, cost=Decimal("99.95"), area=area("PD"))
    review = ImpactReviewFactory(plan=one, completed_at=NOW)
    LineOutcomeFactory(review=review, line=spent_line, spent=Decimal("80.33"))
    two = plan_for(second, approved=True, allocation=Decimal("150.50"))
    PlanLineFactory(plan=two, cost=Decimal("200.00"), area=area("CL"))
    # Same child, a second approved plan in the year (a later term).
    three = ActionPlanFactory(
        child=two.child,
        approved=True,
        allocation=Decimal("0.01"),
        period_start=TODAY - timedelta(days=5),
        period_end=TODAY + timedelta(days=30),
        period_label="Summer",
    )
    PlanLineFactory(plan=three, cost=Decimal("0.02"), area=area("M"))
    # Not counted: a replaced version, a submitted plan, a draft, last year's plan.
    old = plan_for(care_setting, status=ActionPlan.Status.SUPERSEDED, submitted_at=NOW)
    PlanLineFactory(plan=old, cost=Decimal("1000"), area=area("CL"))
    plan_for(care_setting, submitted=True, lines=[("1000", "CL")])
    plan_for(care_setting, lines=[("1000", "CL")])
    plan_for(
        care_setting,
        approved=True,
        period_start=date(2025, 3, 1),
        period_end=date(2025, 3, 31),
        lines=[("1000", "CL")],
    )
    return {"one": one, "two": two, "three": three, "second": second}


def test_the_rollup_figures_per_setting_and_in_all(la_admin, home_la, care_setting, approved):
    access = la_access_for(la_admin, home_la.slug)
    rollup = selectors.rollup(access, year=YEAR)

    by_name = {figures.name: figures for figures in rollup.settings}
    assert list(by_name) == [care_setting.name, "Alder Nursery"]  # Acorn, Alder
    mine = by_name[care_setting.name]
    assert (mine.children, mine.plans, mine.reviewed, mine.not_reviewed) == (1, 1, 1, 0)
    assert mine.allocation == Decimal("300.00")
    assert mine.planned == Decimal("220.05")
    assert mine.spent == Decimal("80.33")
    alder = by_name["Alder Nursery"]
    assert (alder.children, alder.plans, alder.reviewed) == (1, 2, 0)
    assert alder.allocation == Decimal("150.51")
    assert alder.planned == Decimal("200.02")
    assert alder.over_allocation
    total = rollup.total
    assert (total.children, total.plans, total.reviewed, total.not_reviewed) == (2, 3, 1, 2)
    assert total.allocation == Decimal("450.51")
    assert total.planned == Decimal("420.07")
    assert total.spent == Decimal("80.33")
    areas = {figure.area.code: (figure.lines, figure.cost) for figure in total.areas}
    assert len(areas) == 7
    assert areas["CL"] == (2, Decimal("320.10"))
    assert areas["PD"] == (1, Decimal("99.95"))
    assert areas["M"] == (1, Decimal("0.02"))
    assert areas["EAD"] == (0, Decimal("0.00"))


def test_the_rollup_page_shows_the_figures_a_chart_and_what_is_counted(
    client_as, la_admin, home_la, approved
):
    response = client_as(la_admin).get(reverse("la_eypp:rollup", args=[home_la.slug]))

    page = response.content.decode()
    assert "EYPP spend and impact, 2025-26" in page
    assert "What is counted: the approved" in page
    assert "£420.07" in page and "£450.51" in page and "£80.33" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "Communication and Language: £320.10" in page  # the chart's text alternative
    assert (
        f"{approved['one'].care_setting.name}: allocation £300.00, planned £220.05, "
        "spent £80.33" in page
    )
    assert page.count('role="img"') == 2
    assert "style=" not in page.split("<main", 1)[1]
    # Another year: nothing counted.
    response = client_as(la_admin).get(
        reverse("la_eypp:rollup", args=[home_la.slug]), {"year": YEAR - 1}
    )
    assert response.context["rollup"].total.plans == 1  # last year's approved plan
    response = client_as(la_admin).get(
        reverse("la_eypp:rollup", args=[home_la.slug]), {"year": "drop table"}
    )
    assert response.status_code == 200 and response.context["rollup"].year == YEAR


def test_the_rollup_csv(client_as, la_admin, home_la, care_setting, approved):
    approved["second"].name = '=HYPERLINK("http://x")'
    approved["second"].save()
    response = client_as(la_admin).get(reverse("la_eypp:rollup_csv", args=[home_la.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="eypp-roll-up-{home_la.slug}-2025-26.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:9] == [
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
    assert rows[0][9:11] == [
        "Communication and Language: lines",
        "Communication and Language: planned (£)",
    ]
    assert len(rows[0]) == 9 + 2 * 7
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name['\'=HYPERLINK("http://x")'][2:9] == [
        "1",
        "2",
        "150.51",
        "200.02",
        "0.00",
        "0",
        "2",
    ]
    assert by_name[care_setting.name][2:11] == [
        "1",
        "1",
        "300.00",
        "220.05",
        "80.33",
        "1",
        "0",
        "1",
        "120.10",
    ]
    assert rows[-1][:9] == [
        "All the settings counted",
        "2025-26",
        "2",
        "3",
        "450.51",
        "420.07",
        "80.33",
        "1",
        "2",
    ]


def test_every_csv_cell_is_made_safe():
    rollup = selectors.Rollup(
        year=YEAR,
        settings=[selectors.Figures(care_setting_id=1, name="@SUM(A1)")],
        total=selectors.Figures(care_setting_id=0, name="-all"),
        areas=[],
    )
    rows = rollup_csv_rows(rollup)
    assert rows[1][0] == "'@SUM(A1)" and rows[2][0] == "'-all"


def test_the_rollup_and_csv_make_the_same_queries_for_2_and_12_settings(
    client_as, la_admin, home_la
):
    client = client_as(la_admin)
    page = reverse("la_eypp:rollup", args=[home_la.slug])
    export = reverse("la_eypp:rollup_csv", args=[home_la.slug])

    def add(count):
        for _ in range(count):
            plan = plan_for(
                CareSettingFactory(local_authority=home_la), approved=True, lines=[("10", "CL")]
            )
            line = PlanLineFactory(plan=plan, cost=Decimal("5"), area=area("UTW"))
            review = ImpactReviewFactory(plan=plan, completed_at=NOW)
            LineOutcomeFactory(review=review, line=line)

    add(2)
    few, few_csv = count_queries(client, page), count_queries(client, export)
    add(10)
    many, many_csv = count_queries(client, page), count_queries(client, export)
    assert (few, many) == (ROLLUP_QUERIES, ROLLUP_QUERIES)
    assert (few_csv, many_csv) == (ROLLUP_CSV_QUERIES, ROLLUP_CSV_QUERIES)


# --- The menus -------------------------------------------------------------------------------


def test_the_menus_link_to_the_lists(manager, practitioner, la_admin, care_setting, home_la):
    setting = next(item for item in nav_items(Place.SETTING) if item.label == "Children")
    assert "settings:eypp:plans" in [sub.url_name for sub in setting.sub]
    la = [(item.label, item.url_name) for item in nav_items(Place.LA)]
    assert ("EYPP plans", "la_eypp:plans") in la
    assert ("EYPP roll-up", "la_eypp:rollup") in la

    menu = menu_for(setting_access_for(manager, care_setting.slug), "settings:eypp:plans")
    assert [link.label for link in menu.sub_items] == ["Children", "PEPs", "EYPP"]
    assert [link.label for link in menu.sub_items if link.current] == ["EYPP"]
    menu = menu_for(setting_access_for(practitioner, care_setting.slug), "settings:children:list")
    assert "EYPP" not in [link.label for link in menu.sub_items]
    menu = menu_for(la_access_for(la_admin, home_la.slug), "la_eypp:rollup_csv")
    assert [link.label for link in menu.items if link.current] == ["EYPP roll-up"]


def test_the_bar_chart_scales_to_the_largest_amount():
    chart = bar_chart(
        title="A chart",
        groups=[
            ("One", [Decimal("100"), Decimal("0.01")]),
            ("Two", [Decimal("0"), Decimal("50")]),
        ],
        series=("Planned", "Spent"),
    )

    widths = [[bar.width for bar in group.bars] for group in chart.groups]
    room = chart.width - chart.bar_x - VALUE_WIDTH
    assert widths == [[room, 2], [0, room // 2]]
    assert [key.series for key in chart.legend] == ["Planned", "Spent"]
    assert chart.description == (
        "A chart. One: planned £100.00, spent £0.01; Two: planned £0.00, spent £50.00."
    )
    assert bar_chart(title="Nothing", groups=[], series=("Planned",)).empty


def test_the_rollup_links_to_the_rates(client_as, la_admin, cic_advisor, home_la):
    """The rates page is reached from the roll-up by whoever may read both, not only from
    the LA administrator's menu."""
    rates = reverse("la_eypp:rates", args=[home_la.slug])
    for person in (la_admin, cic_advisor):
        response = client_as(person).get(reverse("la_eypp:rollup", args=[home_la.slug]))
        assert f'href="{rates}"' in response.content.decode()
        assert client_as(person).get(rates).status_code == 200

    for page in ("la_eypp:rates", "la_eypp:rate_change"):
        menu = menu_for(la_access_for(la_admin, home_la.slug), page)
        assert [link.label for link in menu.items if link.current] == ["EYPP rates"]
