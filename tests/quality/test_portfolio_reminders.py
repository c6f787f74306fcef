"""Visits due by support level: targeted within the LA's targeted days of the last visit
(or of the inspection that put the setting there), universal within its universal days.
The setting's improvement advisors are told, once per setting and due date. Time pinned.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import LaRole
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from quality.portfolio.reminders import VISIT_DUE
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    LaRoleFactory,
    OfstedInspectionFactory,
)
from tests.factories.quality import VisitFactory

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(
        datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


def sweep(today: date = TODAY) -> int:
    return services.sweep(today=today, rules={VISIT_DUE: RULES[VISIT_DUE]})[VISIT_DUE]


def supported(la, *, grade: str = "good", inspected_on: date = date(2025, 6, 2), **extra):
    care_setting = CareSettingFactory(local_authority=la, **extra)
    OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=inspected_on, overall_grade=grade
    )
    return care_setting


def test_a_targeted_setting_not_visited_in_42_days_reminds_its_advisors(
    home_la, advisor, outsider_advisor
):
    care_setting = supported(home_la, grade="requires_improvement")
    AdvisorAssignmentFactory(la_role=advisor.la_roles.get(), care_setting=care_setting)
    VisitFactory(care_setting=care_setting, visited_on=TODAY - timedelta(days=50))

    assert sweep() == 1
    assert sweep() == 0

    note = Notification.objects.get(kind=VISIT_DUE)
    assert note.recipient == advisor
    assert note.due_on == TODAY - timedelta(days=8)
    assert "16 November 2026" in note.subject
    assert "targeted support" in note.body
    assert note.url == reverse("settings:quality:overview", args=[care_setting.slug])


def test_a_below_good_inspection_after_the_last_visit_starts_the_clock(home_la, advisor):
    care_setting = supported(home_la, grade="inadequate", inspected_on=TODAY - timedelta(days=30))
    AdvisorAssignmentFactory(la_role=advisor.la_roles.get(), care_setting=care_setting)
    VisitFactory(care_setting=care_setting, visited_on=TODAY - timedelta(days=200))

    assert sweep() == 0
    assert sweep(TODAY + timedelta(days=12)) == 1


def test_a_universal_setting_is_due_a_visit_a_year_after_the_last(home_la, advisor):
    care_setting = supported(home_la)
    AdvisorAssignmentFactory(la_role=advisor.la_roles.get(), care_setting=care_setting)
    VisitFactory(care_setting=care_setting, visited_on=TODAY - timedelta(days=300))

    assert sweep() == 0
    assert sweep(TODAY + timedelta(days=65)) == 1
    note = Notification.objects.get(kind=VISIT_DUE)
    assert note.due_on == TODAY + timedelta(days=65)
    assert "universal support" in note.body


def test_the_las_own_days_count(home_la, advisor):
    home_la.targeted_visit_days = 20
    home_la.save()
    care_setting = supported(home_la, grade="requires_improvement")
    AdvisorAssignmentFactory(la_role=advisor.la_roles.get(), care_setting=care_setting)
    VisitFactory(care_setting=care_setting, visited_on=TODAY - timedelta(days=25))

    assert sweep() == 1


def test_a_recent_visit_or_no_advisor_reminds_no_one(home_la, advisor):
    visited = supported(home_la, grade="requires_improvement")
    AdvisorAssignmentFactory(la_role=advisor.la_roles.get(), care_setting=visited)
    VisitFactory(care_setting=visited, visited_on=TODAY - timedelta(days=10))
    unassigned = supported(home_la, grade="requires_improvement")
    VisitFactory(care_setting=unassigned, visited_on=TODAY - timedelta(days=100))
    # An advisor whose role has ended is not told.
    ended = LaRoleFactory(
        local_authority=home_la, role=LaRole.Role.IMPROVEMENT_ADVISOR, is_active=False
    )
    AdvisorAssignmentFactory(la_role=ended, care_setting=unassigned)

    assert sweep() == 0


def test_the_rule_queries_do_not_grow_with_settings(home_la, advisor):
    role = advisor.la_roles.get()

    def add(count: int) -> None:
        for number in range(count):
            care_setting = supported(
                home_la, grade="requires_improvement" if number % 2 else "good"
            )
            AdvisorAssignmentFactory(la_role=role, care_setting=care_setting)
            VisitFactory(care_setting=care_setting, visited_on=TODAY - timedelta(days=400))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found = list(RULES[VISIT_DUE].due(TODAY))
        assert found
        return len(captured)

    add(2)
    small = queries()
    add(10)
    assert queries() == small == 3
