"""factory_boy factories for the progress check at age two and the leaving summary.

Areas and scale points are framework data: ``area_named`` and ``scale_point`` fetch them by
code, creating them only where the data migration has not (so these work on their own).
"""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from children.models import Child
from common.dates import add_months
from learning.models import (
    Area,
    AssessmentPeriod,
    Observation,
    ProgressCheckAtTwo,
    ScalePoint,
    TrackerJudgement,
    TrackerScale,
)
from tests.factories.accounts import ChildFactory

AREAS = {
    "CL": ("Communication and language", Area.Kind.PRIME, 1),
    "PSED": ("Personal, social and emotional development", Area.Kind.PRIME, 2),
    "PD": ("Physical development", Area.Kind.PRIME, 3),
    "L": ("Literacy", Area.Kind.SPECIFIC, 4),
}


def area_named(code: str) -> Area:
    """Return the area with this code (CL, PSED, PD or L)."""
    name, kind, order = AREAS[code]
    return Area.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "order": order}
    )[0]


def scale_point(code: str = "typical", *, label: str = "", is_concern: bool = False) -> ScalePoint:
    """Return a point of the Development Matters scale."""
    scale = TrackerScale.objects.get_or_create(
        code="dm",
        defaults={
            "name": "Development Matters",
            "framework": TrackerScale.Framework.DEVELOPMENT_MATTERS,
        },
    )[0]
    return ScalePoint.objects.get_or_create(
        scale=scale,
        code=code,
        defaults={"label": label or code.title(), "order": 10, "is_concern": is_concern},
    )[0]


def child_aged(*, months: int, days: int = 0, today: date | None = None, **kwargs: object):
    """Return a child who is ``months`` months (and ``days`` days) old today."""
    today = today or timezone.localdate()
    born = add_months(today, -months) - timedelta(days=days)
    kwargs.setdefault("start_date", min(born + timedelta(days=200), today))
    return ChildFactory(date_of_birth=born, **kwargs)


class ProgressCheckFactory(DjangoModelFactory):
    """A completed check, done when the child was 26 months old."""

    class Meta:
        model = ProgressCheckAtTwo

    child = factory.SubFactory(ChildFactory)
    completed_on = factory.LazyAttribute(lambda check: add_months(check.child.date_of_birth, 26))
    communication_and_language = "Uses two-word phrases and follows simple instructions."
    personal_social_emotional = "Plays alongside friends and seeks out her key person."
    physical_development = "Climbs the low frame and feeds herself with a spoon."
    strengths = "Loves stories and singing."
    less_than_expected = ""
    next_steps = "Model new words during snack time."
    parent_comments = ""


class PeriodFactory(DjangoModelFactory):
    """A term; pass ``care_setting``."""

    class Meta:
        model = AssessmentPeriod

    name = factory.Sequence(lambda n: f"Term {n}")
    starts_on = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=120 * n))
    ends_on = factory.LazyAttribute(lambda period: period.starts_on + timedelta(days=100))


class JudgementFactory(DjangoModelFactory):
    """A judgement in Communication and language, in a new period of the child's setting."""

    class Meta:
        model = TrackerJudgement

    child = factory.SubFactory(ChildFactory)
    area = factory.LazyFunction(lambda: area_named("CL"))
    period = factory.SubFactory(
        PeriodFactory, care_setting=factory.SelfAttribute("..child.care_setting")
    )
    point = factory.LazyFunction(scale_point)


def observe(child: Child, **kwargs: object) -> Observation:
    """Return a new published observation of the child, shared with carers."""
    values: dict[str, object] = {
        "care_setting": child.care_setting,
        "observed_on": timezone.localdate(),
        "text": "Built a tall tower and counted the bricks.",
        "status": Observation.Status.PUBLISHED,
        "visible_to_carers": True,
        **kwargs,
    }
    observation = Observation.objects.create(**values)
    observation.children.add(child)
    return observation
