"""The early-assessment reminder, with time pinned."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import TrackerPolicy
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from tests.factories.accounts import CareSettingFactory, ChildFactory, MembershipFactory
from tests.factories.learning import EarlyAssessmentFactory, TrackerPolicyFactory, scale

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)
KIND = "learning.early_assessment_due"


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


def started(care_setting, *, weeks_ago: int, days: int = 0, **extra):
    return ChildFactory(
        care_setting=care_setting,
        date_of_birth=date(2024, 3, 1),
        start_date=TODAY - timedelta(weeks=weeks_ago, days=days),
        **extra,
    )


def due_now() -> list:
    return list(RULES[KIND].due(TODAY))


def test_the_key_person_is_told_six_weeks_after_the_child_started():
    care_setting = CareSettingFactory()
    key_person = MembershipFactory(care_setting=care_setting).user
    late = started(care_setting, weeks_ago=6, key_person=key_person, first_name="Amy")
    started(care_setting, weeks_ago=5, days=6, key_person=key_person)  # not yet
    done = started(care_setting, weeks_ago=10, key_person=key_person)
    EarlyAssessmentFactory(child=done)
    started(care_setting, weeks_ago=10, key_person=key_person, leave_date=TODAY)  # left

    rows = due_now()

    assert [(row.recipient_id, row.subject_key, row.due_on) for row in rows] == [
        (key_person.pk, f"child-{late.pk}", TODAY)
    ]
    assert rows[0].subject == f"Amy {late.last_name}'s early assessment is due"
    assert rows[0].url.endswith(f"/learning/{late.pk}/early-assessment/edit/")


def test_without_a_key_person_the_managers_are_told():
    care_setting = CareSettingFactory()
    managers = {MembershipFactory(care_setting=care_setting, manager=True).user.pk for _ in "ab"}
    MembershipFactory(care_setting=care_setting)  # a practitioner is not told
    started(care_setting, weeks_ago=8)

    assert {row.recipient_id for row in due_now()} == managers


def test_the_setting_then_the_la_sets_the_number_of_weeks():
    by_la = CareSettingFactory()
    by_setting = CareSettingFactory(local_authority=by_la.local_authority)
    TrackerPolicy.objects.create(
        local_authority=by_la.local_authority, scale=scale("dm"), early_assessment_weeks=10
    )
    TrackerPolicyFactory(care_setting=by_setting, early_assessment_weeks=4)
    kp = MembershipFactory(care_setting=by_la).user
    kp2 = MembershipFactory(care_setting=by_setting).user
    started(by_la, weeks_ago=8, key_person=kp)  # LA: 10 weeks, not yet
    child = started(by_setting, weeks_ago=5, key_person=kp2)  # setting: 4 weeks, due

    assert [(row.recipient_id, row.due_on) for row in due_now()] == [
        (kp2.pk, child.start_date + timedelta(weeks=4))
    ]


@pytest.mark.parametrize("rows", [2, 22])
def test_the_rule_makes_the_same_queries_however_many_children(rows):
    care_setting = CareSettingFactory()
    MembershipFactory(care_setting=care_setting, manager=True)
    kp = MembershipFactory(care_setting=care_setting).user
    for n in range(rows):
        started(care_setting, weeks_ago=7 + n % 3, key_person=kp if n % 2 else None)

    with CaptureQueriesContext(connection) as queries:
        found = due_now()

    assert len(found) == rows
    # the children (weeks from policy subqueries), the managers of settings needing them
    assert len(queries) == 2


def test_the_sweep_writes_each_reminder_once():
    care_setting = CareSettingFactory()
    kp = MembershipFactory(care_setting=care_setting).user
    started(care_setting, weeks_ago=9, key_person=kp)

    services.sweep(today=TODAY, rules={KIND: RULES[KIND]})
    services.sweep(today=TODAY, rules={KIND: RULES[KIND]})

    assert Notification.objects.filter(kind=KIND, recipient=kp).count() == 1
