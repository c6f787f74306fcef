"""The setting's Ofsted and support page, recording inspections in both schemes, who
supports the setting, and the LA's settings portfolio with its CSV."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole, OfstedInspection
from common.models import AuditEvent
from pep.models import Pep
from quality.inspections import REPORT_CARD_AREAS
from quality.models import ActionPlan, PlanAction, SettingSupport
from quality.plans.services import plans_follow_inspection
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    ChildFactory,
    LaRoleFactory,
    OfstedInspectionFactory,
)
from tests.factories.pep import PepFactory
from tests.factories.quality import (
    ActionPlanFactory,
    PlanActionFactory,
    SettingSupportFactory,
    VisitFactory,
)
from tests.matrix.base import day_parts

Grade, Card = OfstedInspection.Grade, OfstedInspection.CardGrade


def overview_url(care_setting):
    return reverse("settings:quality:overview", args=[care_setting.slug])


def add_url(care_setting):
    return reverse("settings:quality:inspection_add", args=[care_setting.slug])


def graded(day: date, grade: str, **extra) -> dict:
    return {**day_parts("inspected_on", day), "scheme": "graded", "overall_grade": grade, **extra}


def report_card(day: date, *grades: str, safeguarding: str = "met") -> dict:
    grades = grades or (Card.EXPECTED,) * len(REPORT_CARD_AREAS)
    return {
        **day_parts("inspected_on", day),
        "scheme": "report_card",
        "safeguarding": safeguarding,
        **{f"area_{index}": grade for index, grade in enumerate(grades)},
    }


# --- The setting's overview -------------------------------------------------------------


def test_the_overview_shows_both_schemes_and_who_supports_the_setting(
    client_as, advisor, care_setting, la_admin
):
    OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=date(2023, 3, 8), overall_grade=Grade.OUTSTANDING
    )
    OfstedInspectionFactory(
        care_setting=care_setting,
        report_card=True,
        inspected_on=date(2026, 3, 18),
        area_grades=dict(
            zip(REPORT_CARD_AREAS, [Card.STRONG] * 5 + [Card.NEEDS_ATTENTION], strict=True)
        ),
    )
    SettingSupportFactory(care_setting=care_setting, sufficiency_officer=la_admin)
    VisitFactory(care_setting=care_setting, advisor=advisor, visited_on=date(2026, 4, 2))

    page = client_as(advisor).get(overview_url(care_setting)).content.decode()

    assert "8 March 2023: graded judgement" in page
    assert "Outstanding" in page
    assert "18 March 2026: report card" in page
    for area in REPORT_CARD_AREAS:
        assert area in page
    assert "Needs attention" in page
    assert "Targeted support" in page
    assert "Inclusion was Needs attention" in page
    assert "Adam Advisor" in page
    assert "Alex Administrator" in page
    assert "Area SENCo, North team" in page
    assert "2 April 2026: Support visit" in page
    assert "Record an inspection" in page


def test_the_manager_reads_the_overview_without_the_recording_links(
    client_as, manager, care_setting
):
    OfstedInspectionFactory(care_setting=care_setting, overall_grade=Grade.GOOD)

    page = client_as(manager).get(overview_url(care_setting)).content.decode()

    assert "Universal support" in page
    assert "Record an inspection" not in page
    assert "/support/" not in page


def test_the_overview_says_when_the_next_inspection_is_past_its_expected_date(
    client_as, manager, care_setting
):
    # The portfolio said so; the setting's own page gave only the date, long gone.
    OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=date(2024, 5, 21),
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
    )
    page = client_as(manager).get(overview_url(care_setting)).content.decode()
    assert "Past this date" in page

    OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=timezone.localdate() - timedelta(days=30),
        overall_grade="",
        scheme=OfstedInspection.Scheme.REPORT_CARD,
        area_grades=dict.fromkeys(REPORT_CARD_AREAS, Card.EXPECTED),
        safeguarding_met=True,
    )
    page = client_as(manager).get(overview_url(care_setting)).content.decode()
    assert "Past this date" not in page


def test_the_overview_shows_the_open_plan_and_its_open_actions(client_as, advisor, care_setting):
    inspection = OfstedInspectionFactory(
        care_setting=care_setting, overall_grade=Grade.REQUIRES_IMPROVEMENT
    )
    plan = plans_follow_inspection(inspection, actor=advisor)
    PlanActionFactory(plan=plan, number=1)
    PlanActionFactory(plan=plan, number=2, status=PlanAction.Status.DONE)

    page = client_as(advisor).get(overview_url(care_setting)).content.decode()

    assert "Open action plan" in page
    assert "1 of 2 actions still to do" in page


# --- Recording an inspection ---------------------------------------------------------------


def test_a_below_good_inspection_opens_the_plan_and_says_so(client_as, advisor, care_setting):
    client = client_as(advisor)
    form = client.get(add_url(care_setting)).context["form"]
    token = str(form[("submission_token")].value())

    response = client.post(
        add_url(care_setting),
        {**graded(date(2025, 6, 3), Grade.REQUIRES_IMPROVEMENT), "submission_token": token},
        follow=True,
    )

    inspection = OfstedInspection.objects.get(care_setting=care_setting)
    assert inspection.below_good and inspection.recorded_by == advisor
    assert inspection.recorded_at is not None
    plan = ActionPlan.objects.get(care_setting=care_setting)
    assert plan.status == ActionPlan.Status.OPEN and plan.inspection == inspection
    assert "an action plan has been opened" in response.content.decode()
    assert AuditEvent.objects.filter(verb="quality.inspection_recorded").count() == 1
    # The same form sent again saves nothing more.
    client.post(
        add_url(care_setting),
        {**graded(date(2025, 6, 3), Grade.REQUIRES_IMPROVEMENT), "submission_token": token},
    )
    assert OfstedInspection.objects.filter(care_setting=care_setting).count() == 1


def test_a_good_report_card_closes_the_open_plan(client_as, advisor, care_setting):
    before = OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=date(2024, 5, 21), overall_grade=Grade.INADEQUATE
    )
    plans_follow_inspection(before, actor=advisor)

    response = client_as(advisor).post(
        add_url(care_setting), report_card(date(2026, 2, 10)), follow=True
    )

    plan = ActionPlan.objects.get(care_setting=care_setting)
    assert plan.status == ActionPlan.Status.CLOSED
    assert plan.closing_inspection.inspected_on == date(2026, 2, 10)
    page = response.content.decode()
    assert "the action plan has been closed" in page
    inspection = plan.closing_inspection
    assert inspection.area_grades == dict.fromkeys(REPORT_CARD_AREAS, Card.EXPECTED)
    assert inspection.safeguarding_met is True


def test_a_report_card_with_safeguarding_not_met_is_below_good(client_as, advisor, care_setting):
    client_as(advisor).post(
        add_url(care_setting), report_card(date(2026, 1, 12), safeguarding="not_met")
    )

    inspection = OfstedInspection.objects.get(care_setting=care_setting)
    assert inspection.below_good
    assert ActionPlan.objects.filter(care_setting=care_setting, status="open").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            graded(date(2025, 11, 10), Grade.GOOD),
            "scheme",
            "Inspections from 10 November 2025 have a report card",
        ),
        (
            report_card(date(2025, 11, 9)),
            "scheme",
            "Inspections up to 9 November 2025 have a graded judgement",
        ),
        (
            {**day_parts("inspected_on", date(2025, 1, 8)), "scheme": "graded"},
            "overall_grade",
            "Select the overall effectiveness grade",
        ),
        (
            {**report_card(date(2026, 1, 8)), "area_3": ""},
            "area_3",
            "Select the outcome for Behaviour, attitudes and routines",
        ),
        (
            {**report_card(date(2026, 1, 8)), "safeguarding": ""},
            "safeguarding",
            "Select whether safeguarding was met",
        ),
        (
            graded(timezone.localdate() + timedelta(days=3), Grade.GOOD),
            "inspected_on",
            "must be today or in the past",
        ),
        (
            {**graded(date(2025, 1, 8), Grade.GOOD), "overall_grade": "brilliant"},
            "overall_grade",
            "Select one of the grades shown",
        ),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(
    client_as, advisor, care_setting, data, field, message
):
    response = client_as(advisor).post(add_url(care_setting), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f'value="{data["inspected_on_2"]}"' in page
    assert not OfstedInspection.objects.filter(care_setting=care_setting).exists()


def test_a_second_inspection_on_the_same_day_is_refused(client_as, advisor, care_setting):
    OfstedInspectionFactory(care_setting=care_setting, inspected_on=date(2025, 3, 4))

    response = client_as(advisor).post(add_url(care_setting), graded(date(2025, 3, 4), "good"))

    assert "already recorded" in str(response.context["form"].errors["inspected_on"])
    assert OfstedInspection.objects.filter(care_setting=care_setting).count() == 1


def test_a_correction_is_audited_and_can_open_the_plan(client_as, advisor, care_setting):
    inspection = OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=date(2025, 3, 4), overall_grade=Grade.GOOD
    )
    url = reverse("settings:quality:inspection_edit", args=[care_setting.slug, inspection.pk])
    client = client_as(advisor)
    assert client.get(url).status_code == 200

    response = client.post(url, graded(date(2025, 3, 4), Grade.INADEQUATE, recorded=""))

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.overall_grade == Grade.INADEQUATE and inspection.below_good
    event = AuditEvent.objects.get(verb="quality.inspection_corrected")
    assert event.changes["overall_grade"] == ["good", "inadequate"]
    assert ActionPlan.objects.filter(care_setting=care_setting, status="open").exists()


def test_a_correction_over_someone_elses_is_refused_and_shown(client_as, advisor, care_setting):
    inspection = OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=date(2025, 3, 4), overall_grade=Grade.GOOD
    )
    url = reverse("settings:quality:inspection_edit", args=[care_setting.slug, inspection.pk])
    # Someone else corrected it after this editor opened the page.
    OfstedInspection.objects.filter(pk=inspection.pk).update(
        overall_grade=Grade.OUTSTANDING, recorded_at=timezone.now()
    )

    response = client_as(advisor).post(
        url, graded(date(2025, 3, 4), Grade.REQUIRES_IMPROVEMENT, recorded="")
    )

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert ("Overall effectiveness", "Outstanding", "Requires improvement") in response.context[
        "conflict"
    ]
    inspection.refresh_from_db()
    assert inspection.overall_grade == Grade.OUTSTANDING
    # Sent again, knowingly, it is saved.
    again = dict(response.context["form"].data.items())
    assert client_as(advisor).post(url, again).status_code == 302
    inspection.refresh_from_db()
    assert inspection.overall_grade == Grade.REQUIRES_IMPROVEMENT


# --- Who supports the setting -----------------------------------------------------------------


def test_support_is_made_on_first_save_then_version_checked(
    client_as, advisor, care_setting, la_admin
):
    url = reverse("settings:quality:setting_support_edit", args=[care_setting.slug])
    client = client_as(advisor)
    data = {
        "version": "0",
        "sufficiency_officer": str(la_admin.pk),
        "area_senco_name": "Area SENCo, North team",
        "area_senco_email": "north@example.test",
        **day_parts("next_inspection_expected", date(2027, 5, 1)),
    }

    assert client.post(url, data).status_code == 302
    support = SettingSupport.objects.get(care_setting=care_setting)
    assert support.sufficiency_officer == la_admin and support.version == 1
    assert support.next_inspection_expected == date(2027, 5, 1)
    # A stale form (version 0) with other words is refused, not saved over.
    response = client.post(url, {**data, "area_senco_name": "Area SENCo, West team"})
    assert "Someone else changed this record" in response.content.decode()
    support.refresh_from_db()
    assert support.area_senco_name == "Area SENCo, North team"


def test_the_sufficiency_officer_is_one_of_the_las_people(
    client_as, advisor, care_setting, other_la_admin
):
    url = reverse("settings:quality:setting_support_edit", args=[care_setting.slug])

    response = client_as(advisor).post(
        url,
        {
            "version": "0",
            "sufficiency_officer": str(other_la_admin.pk),
            "area_senco_name": "Area SENCo, North team",
            "area_senco_email": "not an address",
        },
    )

    errors = response.context["form"].errors
    assert "Select someone from the list" in str(errors["sufficiency_officer"])
    assert "correct format" in str(errors["area_senco_email"])
    assert 'value="Area SENCo, North team"' in response.content.decode()
    assert not SettingSupport.objects.exists()


# --- The portfolio -----------------------------------------------------------------------


def portfolio(client, la, **query):
    return client.get(reverse("la_quality:portfolio", args=[la.slug]), query)


def names(response) -> list[str]:
    return [row.care_setting.name for row in response.context["rows"]]


@pytest.fixture
def county(home_la, care_setting, advisor, la_admin):
    """Three more settings: one targeted with an open plan, one never inspected, one Good."""
    today = timezone.localdate()
    # The manager's setting: Outstanding, visited last month.
    OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=date(2023, 3, 8), overall_grade="outstanding"
    )
    VisitFactory(care_setting=care_setting, visited_on=today - timedelta(days=30))
    owls = CareSettingFactory(name="Little Owls", local_authority=home_la, kind="preschool")
    AdvisorAssignmentFactory(la_role=advisor.la_roles.get(), care_setting=owls)
    ri = OfstedInspectionFactory(
        care_setting=owls, inspected_on=date(2024, 5, 21), overall_grade="requires_improvement"
    )
    plan = plans_follow_inspection(ri, actor=advisor)
    PlanActionFactory(plan=plan, number=1)
    PlanActionFactory(plan=plan, number=2)
    PlanActionFactory(plan=plan, number=3, status="done")
    SettingSupportFactory(care_setting=owls, sufficiency_officer=la_admin)
    # Children in care at Little Owls: one PEP overdue, one in date, one below PEP age.
    for due in (-5, 20):
        child = ChildFactory(care_setting=owls, looked_after=True)
        PepFactory(child=child, care_setting=owls, due_on=today + timedelta(days=due))
    ChildFactory(care_setting=owls, looked_after=True)
    other = LaRoleFactory(
        local_authority=home_la, role=LaRole.Role.IMPROVEMENT_ADVISOR, user__full_name="Zed"
    )
    new = CareSettingFactory(name="Brand New Nursery", local_authority=home_la)
    AdvisorAssignmentFactory(la_role=other, care_setting=new)
    SettingSupportFactory(
        care_setting=new, area_senco_name="", next_inspection_expected=today + timedelta(days=30)
    )
    brook = CareSettingFactory(name="Brook Lane", local_authority=home_la, kind="school_nursery")
    OfstedInspectionFactory(
        care_setting=brook,
        report_card=True,
        inspected_on=date(2026, 2, 4),
        area_grades=dict.fromkeys(REPORT_CARD_AREAS, Card.STRONG),
    )
    return {"owls": owls, "new": new, "brook": brook, "other": other}


def test_the_advisor_sees_only_their_settings(client_as, advisor, home_la, county):
    response = portfolio(client_as(advisor), home_la)

    assert names(response) == ["Acorn Day Nursery", "Little Owls"]


def test_the_la_admin_sees_every_setting_with_its_columns(client_as, la_admin, home_la, county):
    response = portfolio(client_as(la_admin), home_la)

    assert names(response) == [
        "Acorn Day Nursery",
        "Brand New Nursery",
        "Brook Lane",
        "Little Owls",
    ]
    owls = response.context["rows"][3]
    assert owls.latest_words == "Requires improvement"
    assert owls.support_level == "targeted"
    assert owls.next_expected == date(2025, 5, 21)
    assert owls.advisors == ["Adam Advisor"]
    assert owls.sufficiency_officer == "Alex Administrator"
    assert owls.open_actions == 2
    assert owls.children_in_care == "3 in care: 1 PEP overdue"
    brook = response.context["rows"][2]
    assert brook.latest_words.startswith("Report card: safeguarding met")
    assert brook.children_in_care == "None"
    page = response.content.decode()
    assert "3 in care: 1 PEP overdue" in page
    assert reverse("settings:quality:overview", args=[county["owls"].slug]) in page
    assert "Not yet inspected" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "owl"}, ["Little Owls"]),
        ({"kind": "school_nursery"}, ["Brook Lane"]),
        ({"support": "targeted"}, ["Little Owls"]),
        ({"support": "universal"}, ["Acorn Day Nursery", "Brand New Nursery", "Brook Lane"]),
        ({"open_plan": "yes"}, ["Little Owls"]),
        ({"open_plan": "no"}, ["Acorn Day Nursery", "Brand New Nursery", "Brook Lane"]),
        # Little Owls was expected by May 2025 (past: included); the new nursery's date is
        # known to its advisor (next month); Acorn's is in 2029, Brook Lane's in 2032.
        ({"within_months": "6"}, ["Little Owls", "Brand New Nursery"]),
    ],
)
def test_the_filters(client_as, la_admin, home_la, county, query, expected):
    response = portfolio(client_as(la_admin), home_la, **query)

    assert sorted(names(response)) == sorted(expected)
    assert response.context["filtered"]


def test_the_advisor_filter(client_as, la_admin, home_la, county):
    response = portfolio(client_as(la_admin), home_la, advisor=str(county["other"].pk))

    assert names(response) == ["Brand New Nursery"]


def test_a_filter_that_makes_no_sense_is_explained_and_kept(client_as, la_admin, home_la, county):
    response = portfolio(client_as(la_admin), home_la, within_months="soon", kind="castle")

    assert len(names(response)) == 4
    page = response.content.decode()
    assert "Enter a whole number of months from 1 to 72" in page
    assert 'value="soon"' in page


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("name", "desc", ["Little Owls", "Brook Lane", "Brand New Nursery", "Acorn Day Nursery"]),
        (
            "inspected",
            "asc",
            ["Acorn Day Nursery", "Little Owls", "Brook Lane", "Brand New Nursery"],
        ),
        (
            "inspected",
            "desc",
            ["Brook Lane", "Little Owls", "Acorn Day Nursery", "Brand New Nursery"],
        ),
        ("next", "asc", ["Little Owls", "Brand New Nursery", "Acorn Day Nursery", "Brook Lane"]),
        (
            "support",
            "desc",
            ["Little Owls", "Acorn Day Nursery", "Brand New Nursery", "Brook Lane"],
        ),
        (
            "visited",
            "desc",
            ["Acorn Day Nursery", "Brand New Nursery", "Brook Lane", "Little Owls"],
        ),
    ],
)
def test_sorting(client_as, la_admin, home_la, county, sort, order, expected):
    response = portfolio(client_as(la_admin), home_la, sort=sort, order=order)

    assert names(response) == expected
    page = response.content.decode()
    assert f'aria-sort="{"descending" if order == "desc" else "ascending"}"' in page


def test_pagination(client_as, la_admin, home_la):
    for number in range(53):
        CareSettingFactory(name=f"Setting {number:02d}", local_authority=home_la)
    client = client_as(la_admin)

    first = portfolio(client, home_la, support="universal")
    second = portfolio(client, home_la, support="universal", page="2")

    assert len(first.context["rows"]) == 50
    assert names(second) == ["Setting 50", "Setting 51", "Setting 52"]
    page = first.content.decode()
    assert "govuk-pagination" in page and "support=universal&amp;page=2" in page


def test_the_csv_has_the_filtered_rows(client_as, la_admin, home_la, county):
    response = client_as(la_admin).get(
        reverse("la_quality:portfolio_csv", args=[home_la.slug]), {"support": "targeted"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Setting", "Kind", "Ofsted URN"]
    assert len(rows) == 2
    owls = dict(zip(rows[0], rows[1], strict=True))
    assert owls["Setting"] == "Little Owls"
    assert owls["Latest inspection"] == "2024-05-21"
    assert owls["Latest outcome"] == "Requires improvement"
    assert owls["Support level"] == "Targeted"
    assert owls["Open actions"] == "2"
    assert owls["Children in care"] == "3"
    assert owls["PEPs overdue"] == "1"
    assert AuditEvent.objects.filter(verb="quality.portfolio_exported").count() == 1


def test_a_name_that_looks_like_a_formula_is_not_run(client_as, la_admin, home_la):
    CareSettingFactory(name="=HYPERLINK(1)", slug="formula", local_authority=home_la)

    response = client_as(la_admin).get(reverse("la_quality:portfolio_csv", args=[home_la.slug]))

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


# --- Queries -----------------------------------------------------------------------------


def fill(la, size: int, advisor) -> None:
    """Settings with inspections, plans, visits, children in care and PEPs."""
    today = timezone.localdate()
    role = advisor.la_roles.get()
    for number in range(size):
        setting = CareSettingFactory(local_authority=la)
        AdvisorAssignmentFactory(la_role=role, care_setting=setting)
        inspection = OfstedInspectionFactory(
            care_setting=setting, overall_grade="requires_improvement" if number % 2 else "good"
        )
        if inspection.below_good:
            plan = ActionPlanFactory(care_setting=setting, inspection=inspection)
            PlanActionFactory(plan=plan)
        SettingSupportFactory(care_setting=setting, sufficiency_officer=advisor)
        VisitFactory(care_setting=setting, visited_on=today - timedelta(days=number))
        child = ChildFactory(care_setting=setting, looked_after=True)
        PepFactory(child=child, care_setting=setting, due_on=today - timedelta(days=number - 2))


def count_queries(client, url, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"sort": "next", "within_months": "24"}])
@pytest.mark.parametrize("name", ["la_quality:portfolio", "la_quality:portfolio_csv"])
def test_the_portfolio_queries_do_not_grow_with_settings(client_as, advisor, home_la, name, query):
    client = client_as(advisor)
    url = reverse(name, args=[home_la.slug])
    fill(home_la, 2, advisor)
    small = count_queries(client, url, query)
    fill(home_la, 12, advisor)
    large = count_queries(client, url, query)

    assert small == large
    assert large <= 16


def test_the_overview_queries_do_not_grow_with_history(client_as, advisor, care_setting):
    client = client_as(advisor)
    url = overview_url(care_setting)
    OfstedInspectionFactory(care_setting=care_setting)
    VisitFactory(care_setting=care_setting)
    small = count_queries(client, url)
    for _ in range(5):
        OfstedInspectionFactory(care_setting=care_setting)
        VisitFactory(care_setting=care_setting)
    assert count_queries(client, url) == small


def test_the_pep_rule_is_the_boards(client_as, la_admin, home_la, care_setting):
    """A signed-off cycle is not current: only the current cycle counts, as on the board."""
    child = ChildFactory(care_setting=care_setting, looked_after=True)
    PepFactory(
        child=child,
        care_setting=care_setting,
        is_current=False,
        status=Pep.Status.SIGNED_OFF,
        due_on=timezone.localdate() - timedelta(days=100),
    )

    rows = portfolio(client_as(la_admin), home_la).context["rows"]

    assert rows[0].children_in_care == "1 in care: no PEP due yet"
