"""Reminders of action plans: contact after an inspection below Good, actions overdue,
the maintenance contact; set-based, so their queries do not grow with the plans."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LaRole
from notifications import services as notifications
from notifications.rules import RULES
from quality.plans.reminders import ACTIONS_OVERDUE, CONTACT_DUE, MAINTENANCE_DUE
from tests.factories.accounts import AdvisorAssignmentFactory, CareSettingFactory, LaRoleFactory
from tests.factories.quality import ActionPlanFactory, PlanActionFactory

pytestmark = pytest.mark.django_db


def _due(kind):
    return list(RULES[kind].due(timezone.localdate()))


def test_contact_is_reminded_to_the_advisor_and_to_la_admins_once_overdue(
    care_setting, advisor, la_admin
):
    today = timezone.localdate()
    soon = ActionPlanFactory(care_setting=care_setting, contact_due_by=today + timedelta(days=2))
    rows = _due(CONTACT_DUE)
    assert [(row.recipient_id, row.due_on) for row in rows] == [(advisor.pk, soon.contact_due_by)]

    soon.contact_due_by = today - timedelta(days=1)
    soon.save()
    assert {row.recipient_id for row in _due(CONTACT_DUE)} == {advisor.pk, la_admin.pk}

    soon.contacted_on = today
    soon.save()
    assert _due(CONTACT_DUE) == []


def test_an_overdue_action_is_reminded_to_the_manager_and_the_advisor(
    care_setting, manager, advisor
):
    today = timezone.localdate()
    plan = ActionPlanFactory(care_setting=care_setting)
    PlanActionFactory(plan=plan, number=1, due_on=today - timedelta(days=1))
    PlanActionFactory(plan=plan, number=2, due_on=today - timedelta(days=1), status="done")
    PlanActionFactory(plan=plan, number=3, due_on=today + timedelta(days=1))

    rows = _due(ACTIONS_OVERDUE)

    assert {row.recipient_id for row in rows} == {manager.pk, advisor.pk}
    assert {row.subject_key for row in rows} == {f"q-action-{plan.actions.get(number=1).pk}"}


def test_a_maintenance_contact_is_reminded_until_it_is_made(care_setting, advisor):
    today = timezone.localdate()
    plan = ActionPlanFactory(
        care_setting=care_setting,
        status="closed",
        closed_on=today - timedelta(days=50),
        maintenance_contact_due=today + timedelta(days=10),
    )
    assert [row.recipient_id for row in _due(MAINTENANCE_DUE)] == [advisor.pk]
    plan.maintenance_contact_on = today
    plan.save()
    assert _due(MAINTENANCE_DUE) == []


def test_an_advisor_not_assigned_is_not_reminded(care_setting, advisor, outsider_advisor):
    ActionPlanFactory(care_setting=care_setting, contact_due_by=timezone.localdate())
    assert {row.recipient_id for row in _due(CONTACT_DUE)} == {advisor.pk}


def _world(home_la, count):
    today = timezone.localdate()
    advisor = LaRoleFactory(local_authority=home_la, role=LaRole.Role.IMPROVEMENT_ADVISOR)
    for _ in range(count):
        setting = CareSettingFactory(local_authority=home_la)
        AdvisorAssignmentFactory(la_role=advisor, care_setting=setting)
        plan = ActionPlanFactory(care_setting=setting, contact_due_by=today - timedelta(days=1))
        PlanActionFactory(plan=plan, number=1, due_on=today - timedelta(days=3))
        ActionPlanFactory(
            care_setting=setting,
            status="closed",
            closed_on=today - timedelta(days=30),
            maintenance_contact_due=today,
        )


@pytest.mark.parametrize("count", [2, 7])
def test_the_plan_rules_make_the_same_queries_whatever_the_number_of_plans(
    count, home_la, la_admin, django_assert_num_queries
):
    _world(home_la, count)
    # contact: plans, assignments, LA people (supporters), admins, supporters again;
    # actions: actions, managers, assignments, LA people; maintenance: plans, assignments,
    # LA people
    with django_assert_num_queries(12):
        for kind in (CONTACT_DUE, ACTIONS_OVERDUE, MAINTENANCE_DUE):
            assert _due(kind)


@pytest.mark.parametrize("count", [2, 7])
def test_the_sweep_writes_each_plan_reminder_once(count, home_la, la_admin):
    _world(home_la, count)
    first = notifications.sweep(
        today=timezone.localdate(),
        rules={k: RULES[k] for k in (CONTACT_DUE, ACTIONS_OVERDUE, MAINTENANCE_DUE)},
    )
    again = notifications.sweep(
        today=timezone.localdate(),
        rules={k: RULES[k] for k in (CONTACT_DUE, ACTIONS_OVERDUE, MAINTENANCE_DUE)},
    )
    assert first[CONTACT_DUE] == 2 * count  # the advisor and the LA admin
    assert set(again.values()) == {0}
