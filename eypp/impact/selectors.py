"""Reads of an approved plan's impact review: what was spent, how it went, the evidence.

Evidence is chosen, never retyped: the child's published observations and tracker
judgements made within the plan's period (``evidence_for``). A review as pages and the PDF
show it is a ``ReviewReport`` (``report_for``), read in a fixed number of queries whatever
the number of lines or pieces of evidence.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from eypp import rules
from eypp.models import ActionPlan, ImpactReview, LineOutcome, PlanLine
from learning.models import Observation, TrackerJudgement

EXCERPT_LENGTH = 140


def excerpt(text: str, *, length: int = EXCERPT_LENGTH) -> str:
    """Return the start of the text on one line, cut at a word with "…" when longer."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    return flat[:length].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


@dataclass(frozen=True)
class ObservationEvidence:
    pk: int
    observed_on: date
    excerpt: str
    areas: tuple[str, ...]

    @property
    def label(self) -> str:
        areas = f" ({', '.join(self.areas)})" if self.areas else ""
        return f"{self.observed_on:%-d %B %Y}: {self.excerpt}{areas}"


@dataclass(frozen=True)
class JudgementEvidence:
    pk: int
    area: str
    period: str
    point: str
    judged_on: date

    @property
    def label(self) -> str:
        return f"{self.area}, {self.period}: {self.point} (judged {self.judged_on:%-d %B %Y})"


def _observation(observation: Observation, *, in_report: bool = False) -> ObservationEvidence:
    """Return the observation as evidence: in a review's report, a group one unquoted.

    The report goes beyond the setting (the LA reviewer, the PDF) and a group observation
    names other children, so the report says only that it was one, with whom counted.
    """
    others = getattr(observation, "child_count", 1) - 1
    words = excerpt(observation.text)
    if in_report and others > 0:
        words = f"a group observation with {others} other {'child' if others == 1 else 'children'}"
    return ObservationEvidence(
        pk=observation.pk,
        observed_on=observation.observed_on,
        excerpt=words,
        areas=tuple(area.name for area in observation.areas.all()),
    )


def _judgement(judgement: TrackerJudgement) -> JudgementEvidence:
    return JudgementEvidence(
        pk=judgement.pk,
        area=judgement.area.name,
        period=judgement.period.name,
        point=judgement.point.label,
        judged_on=timezone.localdate(judgement.judged_at),
    )


@dataclass(frozen=True)
class Evidence:
    """What may be chosen as evidence of a plan's impact, newest first."""

    observations: list[ObservationEvidence]
    judgements: list[JudgementEvidence]


def evidence_for(plan: ActionPlan) -> Evidence:
    """Return the child's published observations and tracker judgements of the plan's period.

    Three queries: the observations, their areas, the judgements with area, period, point.
    """
    observations = (
        Observation.objects.filter(
            children=plan.child_id,
            status=Observation.Status.PUBLISHED,
            observed_on__gte=plan.period_start,
            observed_on__lte=plan.period_end,
        )
        .prefetch_related("areas")
        .order_by("-observed_on", "-created_at", "-pk")
    )
    judgements = (
        TrackerJudgement.objects.filter(
            child=plan.child_id,
            judged_at__date__gte=plan.period_start,
            judged_at__date__lte=plan.period_end,
        )
        .select_related("area", "period", "point")
        .order_by("-judged_at", "area__order", "-pk")
    )
    return Evidence(
        observations=[_observation(o) for o in observations],
        judgements=[_judgement(j) for j in judgements],
    )


def review_of(plan: ActionPlan) -> ImpactReview | None:
    """Return the plan's impact review (draft or recorded) with who recorded it, or None."""
    return ImpactReview.objects.filter(plan=plan).select_related("completed_by").first()


@dataclass(frozen=True)
class LineResult:
    """One line of the plan, with what was spent on it and how it went (if reviewed)."""

    line: PlanLine
    outcome: str = ""
    outcome_label: str = ""
    spent: Decimal | None = None
    notes: str = ""

    @property
    def planned(self) -> str:
        return rules.money(self.line.cost)

    @property
    def spent_money(self) -> str:
        return rules.money(self.spent) if self.spent is not None else ""


@dataclass(frozen=True)
class ReviewReport:
    """A plan's lines with their outcomes, the totals, and the review with its evidence."""

    plan: ActionPlan
    lines: list[LineResult]
    review: ImpactReview | None = None
    observations: list[ObservationEvidence] = field(default_factory=list)
    judgements: list[JudgementEvidence] = field(default_factory=list)

    @property
    def planned_total(self) -> Decimal:
        return rules.pounds(sum((r.line.cost for r in self.lines), Decimal(0)))

    @property
    def spent_total(self) -> Decimal:
        return rules.pounds(sum((r.spent or Decimal(0) for r in self.lines), Decimal(0)))

    @property
    def planned_money(self) -> str:
        return rules.money(self.planned_total)

    @property
    def spent_money(self) -> str:
        return rules.money(self.spent_total)

    @property
    def is_recorded(self) -> bool:
        return self.review is not None and self.review.completed_at is not None

    @property
    def outcome_counts(self) -> list[tuple[str, int]]:
        """Return (outcome, how many lines) in the outcomes' order, leaving out zeros."""
        counts = [
            (label, sum(1 for r in self.lines if r.outcome == value))
            for value, label in LineOutcome.Outcome.choices
        ]
        return [(label, count) for label, count in counts if count]


def lines_of(plan: ActionPlan) -> list[PlanLine]:
    """Return the plan's lines with their area and outcome (one query)."""
    return list(
        PlanLine.objects.filter(plan=plan)
        .select_related("area", "pep_target", "outcome")
        .order_by("order", "pk")
    )


def _result(line: PlanLine) -> LineResult:
    try:
        outcome = line.outcome
    except LineOutcome.DoesNotExist:
        outcome = None
    if outcome is None:
        return LineResult(line=line)
    return LineResult(
        line=line,
        outcome=outcome.outcome,
        outcome_label=outcome.get_outcome_display(),
        spent=outcome.spent,
        notes=outcome.notes,
    )


def report_for(plan: ActionPlan, *, review: ImpactReview | None) -> ReviewReport:
    """Return the plan's lines with their outcomes, and the ``review`` given (or none).

    The caller chooses which review to show (``review_of``; a draft only to its writers).
    Queries: the lines with area, PEP target and outcome; then, with a review, its
    observations, their areas and its judgements (with area, period and point).
    """
    results = [_result(line) for line in lines_of(plan)]
    if review is None:
        return ReviewReport(plan=plan, lines=results)
    observations = (
        review.observations.annotate(child_count=Count("children", distinct=True))
        .prefetch_related("areas")
        .order_by("-observed_on", "-created_at", "-pk")
    )
    judgements = review.judgements.select_related("area", "period", "point").order_by(
        "-judged_at", "area__order", "-pk"
    )
    return ReviewReport(
        plan=plan,
        lines=results,
        review=review,
        observations=[_observation(o, in_report=True) for o in observations],
        judgements=[_judgement(j) for j in judgements],
    )
