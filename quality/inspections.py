"""What a setting's Ofsted history means for its support: level, next inspection, labels.

Both schemes are stored (``accounts.OfstedInspection``): the four graded judgements with
Met / Not met until 9 November 2025, and report cards from 10 November 2025 (an outcome per
evaluation area and safeguarding Met / Not met). ``OfstedInspection.below_good`` is worked out
on save from either scheme; the support level and the expected next inspection follow from
the latest inspection.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts.models import CareSetting, OfstedInspection
from common.dates import add_months, add_years

REPORT_CARDS_FROM = date(2025, 11, 10)

# The evaluation areas of an early years report card, in the order Ofsted prints them.
REPORT_CARD_AREAS = (
    "Leadership and governance",
    "Curriculum and teaching",
    "Achievement",
    "Behaviour, attitudes and routines",
    "Personal development and well-being",
    "Inclusion",
)


class SupportLevel:
    UNIVERSAL = "universal"
    TARGETED = "targeted"
    LABELS = {UNIVERSAL: "Universal", TARGETED: "Targeted"}
    CHOICES = [(UNIVERSAL, "Universal"), (TARGETED, "Targeted")]


def support_level(latest: OfstedInspection | None) -> str:
    """Universal for Good and better (and not yet inspected); targeted below Good."""
    if latest is not None and latest.below_good:
        return SupportLevel.TARGETED
    return SupportLevel.UNIVERSAL


# Ofsted's usual intervals: every registered provider once in each six-year cycle; sooner
# after a weaker outcome. An advisor who knows the date records it on the setting's support.
_MONTHS_AFTER = {
    "requires_improvement": 12,
    "inadequate": 6,
    "not_met": 6,
    "needs_attention": 12,
    "urgent_improvement": 6,
}
CYCLE_YEARS = 6


def next_inspection_expected(latest: OfstedInspection | None) -> date | None:
    """Return when the next inspection is expected, from the latest one (None if never)."""
    if latest is None:
        return None
    if latest.scheme == OfstedInspection.Scheme.GRADED:
        months = _MONTHS_AFTER.get(latest.overall_grade)
    else:
        months = min(
            (_MONTHS_AFTER[g] for g in (latest.area_grades or {}).values() if g in _MONTHS_AFTER),
            default=None,
        )
        if latest.safeguarding_met is False:
            months = 6
    if months is None:
        return add_years(latest.inspected_on, CYCLE_YEARS)
    return add_months(latest.inspected_on, months)


@dataclass(frozen=True)
class Outcome:
    """An inspection as people read it: the headline and, for a report card, each area."""

    headline: str
    areas: tuple[tuple[str, str], ...]
    safeguarding: str  # "Met", "Not met" or ""


def outcome(inspection: OfstedInspection) -> Outcome:
    """Return the inspection's outcome in words, under whichever scheme it was judged."""
    card_labels = dict(OfstedInspection.CardGrade.choices)
    safeguarding = (
        ""
        if inspection.safeguarding_met is None
        else ("Met" if inspection.safeguarding_met else "Not met")
    )
    if inspection.scheme == OfstedInspection.Scheme.GRADED:
        return Outcome(inspection.get_overall_grade_display(), (), safeguarding)
    areas = tuple(
        (area, card_labels.get(grade, grade))
        for area, grade in (inspection.area_grades or {}).items()
    )
    return Outcome("Report card", areas, safeguarding)


def with_latest_inspection(settings: QuerySet[CareSetting]) -> QuerySet[CareSetting]:
    """Annotate each setting with its latest inspection's date, scheme, grade and level.

    ``latest_inspection_id``, ``latest_inspected_on``, ``latest_scheme``, ``latest_grade``,
    ``latest_below_good`` and ``support_level`` ("targeted" or "universal"), in SQL, so a
    list can filter and sort on them.
    """
    latest = OfstedInspection.objects.filter(care_setting=OuterRef("pk")).order_by(
        "-inspected_on", "-pk"
    )
    return settings.annotate(
        latest_inspection_id=Subquery(latest.values("pk")[:1]),
        latest_inspected_on=Subquery(latest.values("inspected_on")[:1], output_field=DateField()),
        latest_scheme=Subquery(latest.values("scheme")[:1], output_field=CharField()),
        latest_grade=Subquery(latest.values("overall_grade")[:1], output_field=CharField()),
        latest_below_good=Subquery(latest.values("below_good")[:1], output_field=BooleanField()),
        support_level=Case(
            When(
                Exists(latest.filter(pk=OuterRef("latest_inspection_id"), below_good=True)),
                then=Value(SupportLevel.TARGETED),
            ),
            default=Value(SupportLevel.UNIVERSAL),
            output_field=CharField(),
        ),
    )
