"""The reminder that an EYPP action plan has not been written (time pinned)."""

from datetime import date

import pytest
import time_machine

from accounts.models import LocalAuthority
from children.models import Child
from eypp.eligibility.reminders import PLAN_NOT_WRITTEN, plan_not_written
from eypp.models import Basis
from notifications.rules import RULES
from tests.eypp.helpers import PINNED, give_terms
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import ActionPlanFactory, EligibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(PINNED, tick=False):
        yield


def funded(care_setting, *, since=date(2025, 10, 1), key_person=None, basis=Basis.ECONOMIC):
    """A child funded since the term after ``since`` (5 January 2026 with the LA's terms)."""
    child = ChildFactory(
        care_setting=care_setting,
        date_of_birth=date(2022, 6, 1),
        funded_entitlement="universal_15",
        key_person=key_person,
        eypp_basis=basis,
    )
    EligibilityFactory(child=child, basis=basis, eligible_from=since)
    return child


def test_the_rule_is_registered_for_dashboards():
    assert RULES[PLAN_NOT_WRITTEN].per_child


def test_a_funded_child_without_a_plan_is_due_once_the_las_days_have_passed(
    care_setting, home_la, manager, key_person
):
    give_terms(home_la)
    child = funded(care_setting, key_person=key_person)

    due = list(plan_not_written(date(2026, 2, 10)))

    # Funding started 5 January 2026; 30 days later.
    assert {row.recipient_id for row in due} == {key_person.pk, manager.pk}
    assert {row.due_on for row in due} == {date(2026, 2, 4)}
    assert {row.child_id for row in due} == {child.pk}
    assert f"/eypp/children/{child.pk}/" in due[0].url
    assert "EYPP" in due[0].subject and child.first_name not in due[0].body


def test_not_due_before_the_las_days_nor_with_a_plan_nor_before_funding_starts(
    care_setting, home_la, manager
):
    give_terms(home_la)
    LocalAuthority.objects.filter(pk=home_la.pk).update(eypp_plan_days=60)
    funded(care_setting)
    assert list(plan_not_written(date(2026, 2, 10))) == []

    LocalAuthority.objects.filter(pk=home_la.pk).update(eypp_plan_days=30)
    planned = funded(care_setting)
    ActionPlanFactory(child=planned, period_start=date(2026, 1, 5), period_end=date(2026, 3, 27))
    recent = funded(care_setting, since=date(2026, 1, 20))  # funded from 13 April
    not_funded = funded(care_setting)
    Child.objects.filter(pk=not_funded.pk).update(eypp_basis="")

    children = {row.child_id for row in plan_not_written(date(2026, 2, 10))}
    assert planned.pk not in children
    assert recent.pk not in children
    assert not_funded.pk not in children
    assert len(children) == 1  # the first child, now past 30 days


@pytest.mark.parametrize("rows", [2, 12])
def test_the_rule_makes_the_same_queries_whatever_the_children(
    rows, care_setting, home_la, manager, key_person, django_assert_num_queries
):
    give_terms(home_la)
    for number in range(rows):
        child = funded(care_setting, key_person=key_person)
        if number % 2:
            ActionPlanFactory(child=child)
    # children without a plan covering today, grounds, terms, managers
    RULE_QUERIES = 4
    with django_assert_num_queries(RULE_QUERIES):
        due = list(plan_not_written(date(2026, 2, 10)))
    assert len({row.child_id for row in due}) == rows // 2
