"""Who reviews a plan, what the start page offers, PEP targets, panels and the submitted rule."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Template
from django.urls import reverse

from accounts.models import LaRole
from accounts.permissions import eypp_reviewers
from eypp import panels
from eypp.models import ActionPlan
from eypp.plans.reminders import plan_submitted
from tests.factories.accounts import AdvisorAssignmentFactory, ChildFactory, LaRoleFactory
from tests.factories.eypp import ActionPlanFactory, PlanLineFactory
from tests.factories.pep import PepTargetFactory

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response):
    return unescape(response.content.decode())


def test_reviewers_are_the_cic_advisors_and_the_assigned_improvement_advisors(
    care_setting, home_la, advisor, outsider_advisor, cic_advisor, la_admin
):
    LaRoleFactory(local_authority=home_la, role=LaRole.Role.CIC_ADVISOR, is_active=False)
    # An advisor of another LA assigned to the setting does not review its plans.
    AdvisorAssignmentFactory(care_setting=care_setting)
    by_la, by_setting = eypp_reviewers(
        responsible_la_ids=[home_la.pk], care_setting_ids=[care_setting.pk]
    )
    assert by_la == {home_la.pk: [cic_advisor.pk]}
    assert by_setting == {care_setting.pk: [advisor.pk]}
    assert eypp_reviewers(responsible_la_ids=[], care_setting_ids=[]) == ({}, {})


def test_a_looked_after_childs_plan_starts_in_the_current_pep(
    client_as, key_person, key_child, key_pep
):
    start = reverse("settings:eypp:plan_start", args=[key_child.care_setting.slug, key_child.pk])
    page = text(client_as(key_person).get(start))
    assert "(the current PEP)" in page
    checked = re.search(r'<input[^>]*name="period"[^>]*value="pep"[^>]*checked', page, re.S)
    assert checked, "the current PEP's period is chosen unless changed"
    key_child.funded_entitlement = "universal_15"
    key_child.save()
    response = client_as(key_person).post(start, {"period": "pep"})
    plan = ActionPlan.objects.get(child=key_child)
    assert response["Location"].endswith(f"/plans/{plan.pk}/")
    assert plan.pep == key_pep
    assert plan.allocation is None


def test_pep_targets_are_offered_only_for_a_looked_after_child(
    client_as, key_person, manager, key_plan, key_pep, signed_pep, eypp_child
):
    current = PepTargetFactory(pep=key_pep, target="Joins in a game of three.")
    page = text(
        client_as(key_person).get(
            reverse("settings:eypp:line_add", args=[key_plan.care_setting.slug, key_plan.pk])
        )
    )
    assert "PEP target it serves" in page
    assert current.target in page
    assert signed_pep.targets.get().target[:40] in page
    other = ActionPlanFactory(child=eypp_child)
    page = text(
        client_as(manager).get(
            reverse("settings:eypp:line_add", args=[other.care_setting.slug, other.pk])
        )
    )
    assert "PEP target" not in page


def test_registered_panels_are_shown_on_the_plan_page_in_order(client_as, key_person, key_plan):
    def build(access, plan):
        return {"words": f"Panel of plan {plan.pk}"}

    panels.register_plan_panel(
        panels.PlanPanel(key="test", template=Template("<p>{{ panel.words }}</p>"), build=build)
    )
    try:
        page = text(
            client_as(key_person).get(
                reverse("settings:eypp:plan", args=[key_plan.care_setting.slug, key_plan.pk])
            )
        )
    finally:
        panels._PANELS.pop("test")
    assert f"Panel of plan {key_plan.pk}" in page


@pytest.mark.parametrize("plans", [2, 12])
def test_the_submitted_rule_reads_a_fixed_number_of_queries(
    care_setting, advisor, cic_advisor, django_assert_num_queries, plans
):
    for number in range(plans):
        child = ChildFactory(care_setting=care_setting, looked_after=number % 2 == 0)
        PlanLineFactory(plan=ActionPlanFactory(child=child, submitted=True))
    with django_assert_num_queries(3):
        rows = list(plan_submitted(NOW.date() + timedelta(days=1)))
    assert {row.recipient_id for row in rows} == {advisor.pk, cic_advisor.pk}
    assert len(rows) == plans
