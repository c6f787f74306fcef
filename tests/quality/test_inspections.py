"""Support level, below Good and the expected next inspection, under both Ofsted schemes."""

from datetime import date

import pytest

from accounts.models import CareSetting, OfstedInspection, below_good
from quality.inspections import (
    SupportLevel,
    next_inspection_expected,
    outcome,
    support_level,
    with_latest_inspection,
)
from quality.models import ActionPlan
from quality.plans.services import plans_follow_inspection
from tests.factories.accounts import OfstedInspectionFactory

Grade, Card = OfstedInspection.Grade, OfstedInspection.CardGrade


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        (Grade.OUTSTANDING, False),
        (Grade.GOOD, False),
        (Grade.MET, False),
        (Grade.REQUIRES_IMPROVEMENT, True),
        (Grade.INADEQUATE, True),
        (Grade.NOT_MET, True),
    ],
)
def test_a_graded_judgement_is_below_good_from_requires_improvement(grade, expected):
    assert below_good("graded", grade, None, {}) is expected


@pytest.mark.parametrize(
    ("safeguarding_met", "areas", "expected"),
    [
        (True, {"Achievement": Card.EXPECTED, "Inclusion": Card.STRONG}, False),
        (False, {"Achievement": Card.EXPECTED}, True),
        (True, {"Achievement": Card.NEEDS_ATTENTION}, True),
        (True, {"Inclusion": Card.URGENT_IMPROVEMENT}, True),
        (None, {}, False),
    ],
)
def test_a_report_card_is_below_good_on_safeguarding_or_any_weak_area(
    safeguarding_met, areas, expected
):
    assert below_good("report_card", "", safeguarding_met, areas) is expected


@pytest.mark.django_db
def test_saving_an_inspection_works_out_below_good_and_the_support_level(care_setting):
    OfstedInspectionFactory(care_setting=care_setting, inspected_on=date(2020, 1, 8))
    latest = OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=date(2024, 5, 21),
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
    )
    assert latest.below_good is True
    assert support_level(latest) == SupportLevel.TARGETED
    assert next_inspection_expected(latest) == date(2025, 5, 21)
    row = with_latest_inspection(CareSetting.objects.filter(pk=care_setting.pk)).get()
    assert (row.latest_inspection_id, row.support_level) == (latest.pk, SupportLevel.TARGETED)


@pytest.mark.django_db
def test_a_setting_never_inspected_is_on_universal_support(care_setting):
    row = with_latest_inspection(CareSetting.objects.filter(pk=care_setting.pk)).get()
    assert (row.latest_inspection_id, row.support_level) == (None, SupportLevel.UNIVERSAL)
    assert next_inspection_expected(None) is None


@pytest.mark.django_db
def test_a_report_card_reads_area_by_area_and_good_is_expected_again_in_six_years(care_setting):
    card = OfstedInspectionFactory(
        care_setting=care_setting,
        report_card=True,
        inspected_on=date(2026, 2, 4),
        area_grades={"Achievement": Card.STRONG, "Inclusion": Card.EXPECTED},
    )
    said = outcome(card)
    assert said.areas == (("Achievement", "Strong standard"), ("Inclusion", "Expected standard"))
    assert said.safeguarding == "Met"
    assert next_inspection_expected(card) == date(2032, 2, 4)


@pytest.mark.django_db
def test_below_good_opens_one_plan_and_the_next_good_inspection_closes_it(care_setting, manager):
    weak = OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=date(2026, 3, 2),
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
    )
    plan = plans_follow_inspection(weak, actor=manager)
    assert plan is not None and plan.status == ActionPlan.Status.OPEN
    # Ten working days from Monday 2 March 2026.
    assert plan.contact_due_by == date(2026, 3, 16)
    assert plans_follow_inspection(weak, actor=manager) is None
    good = OfstedInspectionFactory(
        care_setting=care_setting, report_card=True, inspected_on=date(2026, 11, 3)
    )
    closed = plans_follow_inspection(good, actor=manager)
    assert closed is not None and closed.pk == plan.pk
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CLOSED
    assert plan.closing_inspection == good
    assert plan.maintenance_contact_due == date(2027, 1, 2)
