"""The portfolio's demo data: who supports each Northshire setting, Little Owls' open plan."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.demo import BROOK_LANE, LITTLE_OWLS, NORTHSHIRE
from accounts.models import CareSetting, LaRole, OfstedInspection
from quality.models import ActionPlan, SettingSupport

pytestmark = pytest.mark.django_db


def test_the_demo_supports_the_northshire_settings_and_opens_little_owls_plan():
    call_command("seed_demo", stdout=StringIO())

    supports = SettingSupport.objects.select_related("care_setting", "sufficiency_officer")
    assert {s.care_setting.local_authority.slug for s in supports} == {NORTHSHIRE}
    assert supports.count() == CareSetting.objects.filter(local_authority__slug=NORTHSHIRE).count()
    for support in supports:
        assert support.area_senco_name.startswith("Area SENCo, ")
        assert LaRole.objects.filter(
            user=support.sufficiency_officer, local_authority__slug=NORTHSHIRE, is_active=True
        ).exists()
    assert supports.get(care_setting__slug=BROOK_LANE).area_senco_name == "Area SENCo, North team"
    # Written in bulk, the inspections still know which are below Good.
    assert set(
        OfstedInspection.objects.filter(below_good=True).values_list(
            "care_setting__slug", "inspected_on"
        )
    ) == {(LITTLE_OWLS, date(2024, 5, 21)), (BROOK_LANE, date(2026, 2, 4))}
    plan = ActionPlan.objects.get(care_setting__slug=LITTLE_OWLS)
    assert plan.status == ActionPlan.Status.OPEN
    assert plan.inspection.overall_grade == "requires_improvement"

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert ActionPlan.objects.filter(care_setting__slug=LITTLE_OWLS).count() == 1
    assert "Created: nothing." in out.getvalue()
