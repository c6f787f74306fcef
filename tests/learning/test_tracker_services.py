"""Tracker services: scale resolution, periods, judgements with a version check, audit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEvent
from learning.models import AssessmentPeriod, TrackerJudgement, TrackerPolicy
from learning.tracker import services as services
from learning.tracker.selectors import tracker_scale_for
from tests.factories.accounts import CareSettingFactory, ChildFactory, UserFactory
from tests.factories.learning import (
    DM_AHEAD,
    DM_AT_RISK,
    AssessmentPeriodFactory,
    TrackerPolicyFactory,
    area,
    point,
    scale,
)

pytestmark = pytest.mark.django_db


def test_the_scale_is_the_settings_then_the_las_then_development_matters():
    care_setting = CareSettingFactory()
    assert tracker_scale_for(care_setting).code == "dm"

    TrackerPolicy.objects.create(
        local_authority=care_setting.local_authority, scale=scale("eyfsp")
    )
    assert tracker_scale_for(care_setting).code == "eyfsp"

    TrackerPolicyFactory(care_setting=care_setting, scale=scale("b25m"))
    assert tracker_scale_for(care_setting).code == "b25m"


def test_default_terms_are_this_academic_years_three_terms():
    care_setting = CareSettingFactory()

    created = services.periods_create_default(care_setting=care_setting, today=date(2026, 11, 24))
    again = services.periods_create_default(care_setting=care_setting, today=date(2026, 11, 24))

    assert [(p.name, p.starts_on, p.ends_on) for p in created] == [
        ("Autumn 2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("Spring 2027", date(2027, 1, 1), date(2027, 3, 31)),
        ("Summer 2027", date(2027, 4, 1), date(2027, 8, 31)),
    ]
    assert again == []
    # In May the academic year is still the one that began last September.
    assert [name for name, *_ in services.academic_year_terms(date(2027, 5, 1))] == [
        "Autumn 2026",
        "Spring 2027",
        "Summer 2027",
    ]


def test_a_period_may_not_overlap_another():
    care_setting = CareSettingFactory()
    by = UserFactory()
    services.period_add(
        care_setting=care_setting,
        by=by,
        name="Autumn 2026",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )

    with pytest.raises(ValidationError, match="overlap Autumn 2026"):
        services.period_add(
            care_setting=care_setting,
            by=by,
            name="Half term",
            starts_on=date(2026, 12, 1),
            ends_on=date(2027, 1, 31),
        )
    assert AssessmentPeriod.objects.filter(care_setting=care_setting).count() == 1


def _entries(*items):
    return [
        services.JudgementEntry(area=area(code), point=pt, note=note, version=version)
        for code, pt, note, version in items
    ]


def test_saving_judgements_creates_them_and_audits_once_against_the_child():
    child = ChildFactory()
    period = AssessmentPeriodFactory(care_setting=child.care_setting)
    by = UserFactory(full_name="Kim Keyperson")

    conflicts = services.judgements_save(
        child=child,
        period=period,
        by=by,
        entries=_entries(
            ("CL", point("dm", DM_AT_RISK), "Few words yet", None),
            ("PD", point("dm", DM_AHEAD), "", None),
            ("M", None, "", None),
        ),
    )

    assert conflicts == []
    saved = {j.area.code: (j.point.code, j.version) for j in TrackerJudgement.objects.all()}
    assert saved == {"CL": (DM_AT_RISK, 1), "PD": (DM_AHEAD, 1)}
    event = AuditEvent.objects.get(verb="tracker.judged")
    assert event.subject_id == str(child.pk)
    assert event.changes["CL"] == "May be at risk of delay"


def test_a_concurrent_change_is_reported_per_area_and_not_overwritten():
    child = ChildFactory()
    period = AssessmentPeriodFactory(care_setting=child.care_setting)
    first = UserFactory(full_name="Amira Khan")
    second = UserFactory(full_name="Ben Lowe")
    services.judgements_save(
        child=child,
        period=period,
        by=first,
        entries=_entries(("CL", point("dm", DM_AT_RISK), "", None), ("PD", point(), "", None)),
    )
    # Both open the form at version 1; Amira saves first.
    services.judgements_save(
        child=child, period=period, by=first, entries=_entries(("CL", point(), "Talking more", 1))
    )

    conflicts = services.judgements_save(
        child=child,
        period=period,
        by=second,
        entries=_entries(
            ("CL", point("dm", DM_AHEAD), "", 1), ("PD", point("dm", DM_AHEAD), "", 1)
        ),
    )

    assert [c.message for c in conflicts] == [
        "Amira Khan changed Communication and Language while you were editing: "
        "your judgement was not saved"
    ]
    cl = TrackerJudgement.objects.get(area__code="CL")
    pd = TrackerJudgement.objects.get(area__code="PD")
    assert (cl.point.code, cl.note, cl.version) == ("typical", "Talking more", 2)
    assert (pd.point.code, pd.by, pd.version) == (DM_AHEAD, second, 2)


def test_a_judgement_created_meanwhile_is_a_conflict_too():
    child = ChildFactory()
    period = AssessmentPeriodFactory(care_setting=child.care_setting)
    services.judgements_save(
        child=child,
        period=period,
        by=UserFactory(full_name="Amira Khan"),
        entries=_entries(("CL", point(), "", None)),
    )

    conflicts = services.judgements_save(
        child=child,
        period=period,
        by=UserFactory(),
        entries=_entries(("CL", point("dm", DM_AHEAD), "", None)),
    )

    assert [c.changed_by for c in conflicts] == ["Amira Khan"]
    assert TrackerJudgement.objects.get().point.code == "typical"


def test_the_early_assessment_is_recorded_and_audited():
    child = ChildFactory()
    by = UserFactory()

    assessment = services.early_assessment_save(
        child=child,
        by=by,
        version=0,
        completed_on=child.start_date,
        summary="Settling well",
        entries={area(code): (point(), "") for code in ("CL", "PSED", "PD")},
    )

    assert assessment.areas.count() == 3
    assert AuditEvent.objects.filter(
        verb="early_assessment.recorded", subject_id=child.pk
    ).exists()
