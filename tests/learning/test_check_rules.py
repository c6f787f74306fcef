"""Reminders for the progress check at age two: due at 24 months, late at 33, missed at 36."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Membership
from common.dates import add_months
from learning.check.reminders import progress_check_due as due_rule
from learning.check.reminders import progress_check_overdue as overdue_rule
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from tests.factories.accounts import CareSettingFactory, MembershipFactory
from tests.factories.learning_check import ProgressCheckFactory, child_aged

TODAY = date(2026, 11, 24)
DUE = "learning.progress_check_due"
OVERDUE = "learning.progress_check_overdue"


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(
        datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=False
    ) as traveller:
        yield traveller


def sweep_only(kind: str, today: date = TODAY) -> int:
    return services.sweep(today=today, rules={kind: RULES[kind]})[kind]


def test_both_rules_are_registered():
    assert {DUE, OVERDUE} <= set(RULES)


def test_a_child_who_turned_24_months_is_due_to_their_key_person(care_setting, key_person):
    child = child_aged(months=24, care_setting=care_setting, key_person=key_person)
    child_aged(months=23, days=27, care_setting=care_setting, key_person=key_person)

    rows = list(due_rule(TODAY))

    assert [(row.recipient_id, row.subject_key) for row in rows] == [
        (key_person.pk, f"child-{child.pk}")
    ]
    # Due on the day the check must be done by, the day its text names (36 months).
    assert rows[0].due_on == add_months(child.date_of_birth, 36)
    assert "by 24 November 2027" in rows[0].body
    assert rows[0].url.endswith(f"/learning/{child.pk}/progress-check/")
    assert "is due" in rows[0].subject


def test_without_a_key_person_the_managers_are_told(care_setting, manager, other_manager):
    child_aged(months=25, care_setting=care_setting)

    assert [row.recipient_id for row in due_rule(TODAY)] == [manager.pk]


def test_a_child_with_a_check_or_who_has_left_is_not_reminded(care_setting, key_person):
    done = child_aged(months=26, care_setting=care_setting, key_person=key_person)
    ProgressCheckFactory(child=done, completed_on=add_months(done.date_of_birth, 25))
    child_aged(months=26, care_setting=care_setting, key_person=key_person, leave_date=TODAY)

    assert list(due_rule(TODAY)) == []
    assert list(overdue_rule(TODAY)) == []


def test_at_33_months_the_key_person_and_managers_are_told_it_is_late(
    care_setting, key_person, manager
):
    child = child_aged(months=33, care_setting=care_setting, key_person=key_person)

    late = list(overdue_rule(TODAY))

    assert {row.recipient_id for row in late} == {key_person.pk, manager.pk}
    assert {row.subject_key for row in late} == {f"child-{child.pk}-late"}
    assert all("must be done soon" in row.subject for row in late)
    assert list(due_rule(TODAY)) == []  # the overdue rule has taken over


def test_at_36_months_they_are_told_it_was_not_done(care_setting, key_person, manager):
    child = child_aged(months=36, care_setting=care_setting, key_person=key_person)

    missed = list(overdue_rule(TODAY))

    assert {row.subject_key for row in missed} == {f"child-{child.pk}-missed"}
    assert all(row.due_on == TODAY for row in missed)
    assert all("not done by 36 months" in row.subject for row in missed)


def test_each_stage_is_written_once_however_often_the_sweep_runs(
    care_setting, key_person, manager, pinned_time
):
    child = child_aged(months=24, care_setting=care_setting, key_person=key_person)

    assert sweep_only(DUE) == 1
    assert sweep_only(DUE) == 0
    later = add_months(child.date_of_birth, 33)
    pinned_time.move_to(datetime(later.year, later.month, later.day, 9, 30))
    assert sweep_only(DUE, later) == 0
    assert sweep_only(OVERDUE, later) == 2
    assert sweep_only(OVERDUE, later) == 0
    missed = add_months(child.date_of_birth, 36)
    pinned_time.move_to(datetime(missed.year, missed.month, missed.day, 9, 30))
    assert sweep_only(OVERDUE, missed) == 2
    assert sweep_only(OVERDUE, missed) == 0
    kinds = Notification.objects.filter(kind__in=[DUE, OVERDUE]).values_list("kind", flat=True)
    assert sorted(kinds) == [DUE, OVERDUE, OVERDUE, OVERDUE, OVERDUE]


def test_a_sweep_that_did_not_run_catches_up(care_setting, key_person):
    child_aged(months=27, care_setting=care_setting, key_person=key_person)

    assert sweep_only(DUE) == 1


@pytest.mark.parametrize("rows", [2, 22])
def test_the_rules_take_the_same_queries_for_2_and_22_children(
    rows, care_setting, key_person, django_assert_num_queries
):
    elsewhere = CareSettingFactory()
    MembershipFactory(care_setting=elsewhere, role=Membership.Role.MANAGER)
    MembershipFactory(care_setting=care_setting, role=Membership.Role.MANAGER)
    for n in range(rows):
        setting = care_setting if n % 2 else elsewhere
        child_aged(
            months=24 + (n * 10) % 14,
            care_setting=setting,
            key_person=key_person if n % 3 else None,
        )

    # children without a check, the managers of their settings
    with django_assert_num_queries(2):
        list(due_rule(TODAY))
    with django_assert_num_queries(2):
        list(overdue_rule(TODAY))
