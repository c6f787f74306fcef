"""The action plan demo step: Little Owls' open plan, made once however often it runs."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.demo import LITTLE_OWLS
from accounts.models import OfstedInspection
from quality.models import ActionPlan
from quality.plans.demo import demo_plan
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    MembershipFactory,
    OfstedInspectionFactory,
)

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_made_once_with_actions_comments_and_support(home_la):
    owls = CareSettingFactory(slug=LITTLE_OWLS, local_authority=home_la)
    MembershipFactory(care_setting=owls, manager=True, user__email="littleowls@demo.test")
    AdvisorAssignmentFactory(
        care_setting=owls,
        la_role__local_authority=home_la,
        la_role__user__email="advisor@demo.test",
    )
    OfstedInspectionFactory(
        care_setting=owls,
        inspected_on=date(2024, 5, 21),
        overall_grade=OfstedInspection.Grade.REQUIRES_IMPROVEMENT,
    )

    first = demo_plan(setting_ids=[owls.pk], today=timezone.localdate())
    again = demo_plan(setting_ids=[owls.pk], today=timezone.localdate())

    plan = ActionPlan.objects.get(care_setting=owls)
    assert first["plan actions"] == 5 and not again
    assert plan.contacted_on == date(2024, 5, 26)
    assert {action.status for action in plan.actions.all()} == {
        "done",
        "in_progress",
        "not_started",
    }
    assert plan.advisor_comment
    assert plan.support.values("kind").distinct().count() == 4
