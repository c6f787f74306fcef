"""factory_boy factories for the tracker: periods, judgements and early assessments.

Areas, scales and scale points are framework data shipped by a data migration, so the
helpers here *look them up* (``area("CL")``, ``point("dm", "typical")``) rather than
create them.
"""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from learning.models import (
    Area,
    AssessmentPeriod,
    EarlyAssessment,
    EarlyAssessmentArea,
    ScalePoint,
    TrackerJudgement,
    TrackerPolicy,
    TrackerScale,
)
from tests.factories.accounts import CareSettingFactory, ChildFactory

# Scale point codes of the shipped scales (learning/migrations/0002_framework_data.py).
DM_AT_RISK = "at-risk"
DM_TYPICAL = "typical"
DM_AHEAD = "ahead"


def area(code: str) -> Area:
    """Return the shipped area with this code: CL, PSED, PD, L, M, UTW or EAD."""
    return Area.objects.get(code=code)


def scale(code: str = "dm") -> TrackerScale:
    """Return the shipped scale with this code: dm, b25m or eyfsp."""
    return TrackerScale.objects.get(code=code)


def point(scale_code: str = "dm", code: str = DM_TYPICAL) -> ScalePoint:
    """Return the shipped scale point, e.g. ``point("dm", "at-risk")``."""
    return ScalePoint.objects.get(scale__code=scale_code, code=code)


class AreaLookup(factory.django.DjangoModelFactory):
    """Fetch (never create twice) a shipped area: ``AreaLookup(code="PSED")``."""

    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = "CL"


class ScalePointLookup(factory.django.DjangoModelFactory):
    """Fetch a shipped scale point: ``ScalePointLookup(code="ahead")`` on Development Matters."""

    class Meta:
        model = ScalePoint
        django_get_or_create = ("scale", "code")

    scale = factory.LazyFunction(lambda: scale("dm"))
    code = DM_TYPICAL


class TrackerPolicyFactory(DjangoModelFactory):
    """A setting's own tracker policy (pass ``care_setting=None, local_authority=…`` for an LA)."""

    class Meta:
        model = TrackerPolicy

    care_setting = factory.SubFactory(CareSettingFactory)
    local_authority = None
    scale = factory.LazyFunction(lambda: scale("b25m"))
    early_assessment_weeks = 6


class AssessmentPeriodFactory(DjangoModelFactory):
    """A term-long period; the sequence moves back a year at a time so names stay unique."""

    class Meta:
        model = AssessmentPeriod

    care_setting = factory.SubFactory(CareSettingFactory)
    name = factory.Sequence(lambda n: f"Autumn {2025 - n}")
    starts_on = factory.Sequence(lambda n: date(2025 - n, 9, 1))
    ends_on = factory.LazyAttribute(lambda period: date(period.starts_on.year, 12, 31))


class TrackerJudgementFactory(DjangoModelFactory):
    """A "typical for age" judgement in Communication and Language."""

    class Meta:
        model = TrackerJudgement

    child = factory.SubFactory(ChildFactory)
    area = factory.LazyFunction(lambda: area("CL"))
    period = factory.SubFactory(
        AssessmentPeriodFactory, care_setting=factory.SelfAttribute("..child.care_setting")
    )
    point = factory.LazyFunction(lambda: point("dm", DM_TYPICAL))
    note = "Best fit from this term's observations."
    judged_at = factory.LazyFunction(timezone.now)


class EarlyAssessmentFactory(DjangoModelFactory):
    """An early assessment with "typical for age" in the three prime areas."""

    class Meta:
        model = EarlyAssessment
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    completed_on = factory.LazyAttribute(lambda ea: ea.child.start_date)
    summary = "Settling in well; confident with familiar adults."

    @factory.post_generation
    def prime_areas(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create or extracted is False:
            return
        typical = point("dm", DM_TYPICAL)
        EarlyAssessmentArea.objects.bulk_create(
            EarlyAssessmentArea(assessment=self, area=prime, point=typical)
            for prime in Area.objects.filter(kind=Area.Kind.PRIME)
        )
