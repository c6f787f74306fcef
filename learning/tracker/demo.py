"""Demo data for the tracker: periods, early assessments and a year of judgements.

Deterministic and idempotent: periods are found by name, assessments by child and
judgements by (child, area, period); only missing rows are created. Judgements are mostly
"typical for age", some "at risk of delay" (looked-after children a little more often),
a few "ahead", and children at risk tend to catch up from term to term.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting
from children.models import Child
from common.dates import add_years
from common.demo import DemoContext
from learning.models import (
    Area,
    AssessmentPeriod,
    EarlyAssessment,
    EarlyAssessmentArea,
    ScalePoint,
    TrackerJudgement,
    TrackerScale,
)
from learning.tracker.selectors import tracker_scale_for
from learning.tracker.services import academic_year_terms

PERIODS_SHOWN = 4  # the last three terms and the current one
RECENT_STARTERS_WITHOUT_ASSESSMENT = 3
# Birth to 5 Matters ranges by age in months (approximate: the ranges overlap).
B25M_RANGE_FROM_MONTHS = [(48, 6), (34, 5), (22, 4), (12, 3), (4, 2), (0, 1)]
NOTES = {
    -1: "Needs more support here; planned with parents.",
    0: "Secure; building on interests seen in observations.",
    1: "Confident and often leads play in this area.",
}
SUMMARIES = [
    "Settled quickly and enjoys the garden. Chats with familiar adults; finding friends.",
    "Cautious at first, now explores with a key person nearby. Loves books and songs.",
    "Busy and curious; enjoys building and climbing. Working on taking turns.",
]


def _terms(today: date) -> list[tuple[str, date, date]]:
    terms = academic_year_terms(add_years(today, -1)) + academic_year_terms(today)
    started = [term for term in terms if term[1] <= today]
    return started[-PERIODS_SHOWN:]


def _level(rng: random.Random, *, looked_after: bool) -> int:
    """Return -1 (at risk), 0 (typical) or 1 (ahead)."""
    roll = rng.random()
    at_risk = 0.28 if looked_after else 0.12
    if roll < at_risk:
        return -1
    return 1 if roll > 0.93 else 0


def _point(
    scale: TrackerScale, points: dict[str, ScalePoint], *, level: int, months: int
) -> ScalePoint:
    if scale.code == "b25m":
        expected = next(r for start, r in B25M_RANGE_FROM_MONTHS if months >= start)
        return points[f"range-{max(1, min(6, expected + level))}"]
    if scale.code == "eyfsp":
        return points["emerging" if level < 0 else "expected"]
    return points[{-1: "at-risk", 0: "typical", 1: "ahead"}[level]]


def demo_tracker(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Create the demo settings' periods, early assessments and judgements; return counts."""
    created: Counter[str] = Counter()
    areas = list(Area.objects.order_by("order"))
    primes = [area for area in areas if area.kind == Area.Kind.PRIME]
    points_of: dict[int, dict[str, ScalePoint]] = {}
    for point in ScalePoint.objects.all():
        points_of.setdefault(point.scale_id, {})[point.code] = point
    settings = list(CareSetting.objects.filter(pk__in=setting_ids).order_by("pk"))
    periods_of: dict[int, list[AssessmentPeriod]] = {}
    scale_of: dict[int, TrackerScale] = {}
    for setting in settings:
        scale_of[setting.pk] = tracker_scale_for(setting)
        existing = {p.name: p for p in AssessmentPeriod.objects.filter(care_setting=setting)}
        for name, starts_on, ends_on in _terms(today):
            if name in existing:
                continue
            overlapping = any(
                p.starts_on <= ends_on and p.ends_on >= starts_on for p in existing.values()
            )
            if overlapping:
                continue
            existing[name] = AssessmentPeriod.objects.create(
                care_setting=setting, name=name, starts_on=starts_on, ends_on=ends_on
            )
            created["assessment periods"] += 1
        periods_of[setting.pk] = sorted(existing.values(), key=lambda p: p.starts_on)

    children = list(
        Child.objects.filter(care_setting_id__in=setting_ids, start_date__lte=today)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .order_by("-start_date", "last_name", "first_name")
    )
    recent = {child.pk for child in children[:RECENT_STARTERS_WITHOUT_ASSESSMENT]}
    assessed = set(
        EarlyAssessment.objects.filter(child__in=children).values_list("child_id", flat=True)
    )
    judged = set(
        TrackerJudgement.objects.filter(child__in=children).values_list(
            "child_id", "area_id", "period_id"
        )
    )
    new_judgements = []
    for child in children:
        rng = random.Random(f"{child.first_name}-{child.last_name}-{child.date_of_birth}")
        scale = scale_of[child.care_setting_id]
        points = points_of[scale.pk]
        looked_after = child.looked_after_status == Child.LookedAfter.LOOKED_AFTER
        levels = {area.pk: _level(rng, looked_after=looked_after) for area in areas}
        if child.pk not in recent and child.pk not in assessed:
            completed_on = min(child.start_date + timedelta(days=rng.randint(14, 35)), today)
            assessment = EarlyAssessment.objects.create(
                child=child,
                completed_on=completed_on,
                summary=SUMMARIES[rng.randrange(len(SUMMARIES))],
                by_id=child.key_person_id,
            )
            EarlyAssessmentArea.objects.bulk_create(
                EarlyAssessmentArea(
                    assessment=assessment,
                    area=area,
                    point=_point(
                        scale,
                        points,
                        level=min(levels[area.pk], 0),
                        months=child.age_in_months(completed_on),
                    ),
                    note=NOTES[min(levels[area.pk], 0)],
                )
                for area in primes
            )
            created["early assessments"] += 1
        for period in periods_of[child.care_setting_id]:
            if period.ends_on >= today or period.ends_on < child.start_date:
                continue  # only finished periods the child attended
            for area in areas:
                level = levels[area.pk]
                if level < 0 and rng.random() < 0.35:
                    levels[area.pk] = 0  # catching up for next period
                if (child.pk, area.pk, period.pk) in judged:
                    continue
                new_judgements.append(
                    TrackerJudgement(
                        child=child,
                        area=area,
                        period=period,
                        point=_point(
                            scale, points, level=level, months=child.age_in_months(period.ends_on)
                        ),
                        note=NOTES[level] if rng.random() < 0.5 else "",
                        by_id=child.key_person_id,
                        # Judged in the last fortnight of the period.
                        judged_at=timezone.make_aware(
                            datetime.combine(period.ends_on - timedelta(days=10), time(15))
                        ),
                    )
                )
    TrackerJudgement.objects.bulk_create(new_judgements)
    created["tracker judgements"] += len(new_judgements)
    return created


def demo_step(ctx: DemoContext) -> None:
    """Seed the progress tracker's part of the demo, once the children exist."""
    ctx.created.update(demo_tracker(setting_ids=ctx.setting_ids, today=ctx.today))
