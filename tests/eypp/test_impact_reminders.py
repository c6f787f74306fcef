"""The reminder that an approved plan's impact review is due at the end of its period."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from eypp.impact.reminders import IMPACT_REVIEW_DUE, impact_review_due
from notifications.models import Notification
from notifications.rules import RULES
from notifications.services import sweep
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import ActionPlanFactory, ImpactReviewFactory

TODAY = date(2026, 3, 31)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(TODAY, tick=False):
        yield


def ended_plan(child, *, ended=TODAY, **kwargs):
    return ActionPlanFactory(
        child=child,
        period_start=ended - timedelta(days=90),
        period_end=ended,
        **kwargs,
    )


def test_the_key_person_and_the_managers_are_told_when_the_period_ends(
    key_child, key_person, manager
):
    plan = ended_plan(key_child, approved=True)

    due = list(impact_review_due(TODAY))

    assert [row.recipient_id for row in due] == [key_person.pk, manager.pk]
    assert {row.due_on for row in due} == {plan.period_end}
    assert all(row.url.endswith(f"/eypp/plans/{plan.pk}/impact/") for row in due)
    assert all(row.child_id == key_child.pk for row in due)
    assert "Kai" not in due[0].subject + due[0].body


def test_nothing_is_due_before_the_period_ends(key_child, manager):
    ended_plan(key_child, approved=True, ended=TODAY + timedelta(days=1))

    assert list(impact_review_due(TODAY)) == []


def test_a_draft_review_still_reminds_and_a_recorded_one_stops_it(key_child, manager):
    plan = ended_plan(key_child, approved=True)
    review = ImpactReviewFactory(plan=plan)
    assert list(impact_review_due(TODAY))

    review.completed_at = timezone.now()
    review.save()
    assert list(impact_review_due(TODAY)) == []


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "superseded"])
def test_only_approved_plans_are_reviewed(key_child, manager, status):
    ended_plan(key_child, status=status, returned_reason="Why" if status == "returned" else "")

    assert list(impact_review_due(TODAY)) == []


def test_a_sweep_writes_the_reminder_once(key_child, key_person, manager):
    ended_plan(key_child, approved=True)

    assert sweep(today=TODAY, rules={IMPACT_REVIEW_DUE: RULES[IMPACT_REVIEW_DUE]}) == {
        IMPACT_REVIEW_DUE: 2
    }
    sweep(today=TODAY + timedelta(days=1), rules={IMPACT_REVIEW_DUE: RULES[IMPACT_REVIEW_DUE]})
    assert Notification.objects.filter(kind=IMPACT_REVIEW_DUE).count() == 2


@pytest.mark.parametrize("rows", [2, 12])
def test_the_rule_reads_in_the_same_queries_whatever_the_plans(
    rows, care_setting, manager, django_assert_num_queries
):
    for _ in range(rows):
        ended_plan(ChildFactory(care_setting=care_setting), approved=True)
    # The plans with child and setting; the settings' managers.
    with django_assert_num_queries(2):
        assert len(list(impact_review_due(TODAY))) >= rows
