"""Reads for the progress tracker: the scale in force, periods, a child's grid, group counts."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import CareSetting
from accounts.permissions import Access, Action, require
from children.models import Child, Room
from children.selectors import child_in_scope_get
from common.dates import add_years, school_year_start
from learning.models import (
    Area,
    AssessmentPeriod,
    EarlyAssessment,
    Pathway,
    ScalePoint,
    TrackerJudgement,
    TrackerPolicy,
    TrackerScale,
)

DEFAULT_SCALE_CODE = "dm"
DEFAULT_EARLY_ASSESSMENT_WEEKS = 6


def tracker_policy_for(care_setting: CareSetting) -> TrackerPolicy | None:
    """Return the setting's own tracker policy, else its LA's, else None (one query)."""
    policies = list(
        TrackerPolicy.objects.filter(
            Q(care_setting=care_setting)
            | Q(local_authority_id=care_setting.local_authority_id, care_setting__isnull=True)
        ).select_related("scale")
    )
    own = [policy for policy in policies if policy.care_setting_id == care_setting.pk]
    return (own or policies or [None])[0]


def tracker_scale_for(care_setting: CareSetting) -> TrackerScale:
    """Return the setting's scale: its own choice, else its LA's default, else DM."""
    policy = tracker_policy_for(care_setting)
    if policy is not None:
        return policy.scale
    return TrackerScale.objects.get(code=DEFAULT_SCALE_CODE)


def scale_points(scale: TrackerScale) -> list[ScalePoint]:
    """Return the scale's points, lowest first."""
    return list(ScalePoint.objects.filter(scale=scale).order_by("order"))


def areas() -> list[Area]:
    return list(Area.objects.order_by("order"))


def prime_areas() -> list[Area]:
    return list(Area.objects.filter(kind=Area.Kind.PRIME).order_by("order"))


def periods_for(care_setting: CareSetting) -> QuerySet[AssessmentPeriod]:
    return AssessmentPeriod.objects.filter(care_setting=care_setting).order_by("starts_on")


def period_get_for(care_setting: CareSetting, period_id: int) -> AssessmentPeriod | None:
    return periods_for(care_setting).filter(pk=period_id).first()


def child_period_get_for(
    access: Access, child_id: int, period_id: int, action: Action
) -> tuple[Child, AssessmentPeriod]:
    """Return the child and one of their setting's periods if the access may do the action.

    A child out of scope or a period the setting does not use is 404; then a missing grant
    is 403.
    """
    child = child_in_scope_get(access, child_id)
    period = period_get_for(child.care_setting, period_id)
    if period is None:
        raise Http404
    require(access, action, child=child)
    return child, period


@dataclass
class ChildTracker:
    """Everything the child's tracker page shows, loaded in a fixed number of queries."""

    scale: TrackerScale
    points: list[ScalePoint]
    areas: list[Area]
    periods: list[AssessmentPeriod]
    # (area id, period id) -> judgement
    grid: dict[tuple[int, int], TrackerJudgement] = field(default_factory=dict)
    early_assessment: EarlyAssessment | None = None

    def rows(self) -> list[tuple[Area, list[TrackerJudgement | None]]]:
        """Return one row per area with the judgement of each period (or None)."""
        return [
            (area, [self.grid.get((area.pk, period.pk)) for period in self.periods])
            for area in self.areas
        ]


def child_tracker(child: Child, *, today: date) -> ChildTracker:
    """Return the child's judgements by area and period, and their early assessment.

    Periods shown: the setting's periods that have started by today and had not ended before
    the child started. Six queries whatever the number of periods and judgements.
    """
    scale = tracker_scale_for(child.care_setting)
    periods = list(
        periods_for(child.care_setting).filter(starts_on__lte=today, ends_on__gte=child.start_date)
    )
    judgements = TrackerJudgement.objects.filter(child=child).select_related("point", "by")
    grid = {(j.area_id, j.period_id): j for j in judgements}
    shown = {period.pk for period in periods}
    # A judgement in a period outside the window still appears (e.g. recorded before start).
    extra_ids = {period_id for (_, period_id) in grid} - shown
    if extra_ids:
        periods = sorted(
            [*periods, *AssessmentPeriod.objects.filter(pk__in=extra_ids)],
            key=lambda period: period.starts_on,
        )
    return ChildTracker(
        scale=scale,
        points=scale_points(scale),
        areas=areas(),
        periods=periods,
        grid=grid,
        early_assessment=early_assessment_of(child),
    )


def early_assessment_of(child: Child) -> EarlyAssessment | None:
    """Return the child's early assessment with its areas and points (three queries)."""
    return (
        EarlyAssessment.objects.filter(child=child)
        .select_related("by")
        .prefetch_related("areas__point", "areas__area")
        .first()
    )


def judgements_in(child: Child, period: AssessmentPeriod) -> dict[int, TrackerJudgement]:
    """Return the child's judgements in the period by area id, with who made them."""
    return {
        judgement.area_id: judgement
        for judgement in TrackerJudgement.objects.filter(
            child=child, period=period
        ).select_related("by")
    }


def current_period(periods: list[AssessmentPeriod], today: date) -> AssessmentPeriod | None:
    """Return the period containing today, else the last one started, else None."""
    started = [period for period in periods if period.starts_on <= today]
    for period in started:
        if period.ends_on >= today:
            return period
    return started[-1] if started else None


def latest_judged_period(care_setting: CareSetting) -> int | None:
    """Return the id of the latest period in which any child of the setting was judged."""
    return (
        TrackerJudgement.objects.filter(period__care_setting=care_setting)
        .order_by("-period__starts_on")
        .values_list("period_id", flat=True)
        .first()
    )


# --- The group view --------------------------------------------------------------------


def rooms_of(care_setting: CareSetting) -> list[Room]:
    """Return the setting's rooms in the manager's order, archived ones last."""
    return list(
        Room.objects.filter(care_setting=care_setting).order_by(
            "-is_active", "order", "name", "pk"
        )
    )


def is_summer_born(date_of_birth: date) -> bool:
    """Return whether the child was born between 1 April and 31 August."""
    return 4 <= date_of_birth.month <= 8


@dataclass(frozen=True)
class ConcernChild:
    child_id: int
    name: str
    point: str
    room: str
    looked_after: bool
    eypp: bool
    sen: bool
    summer_born: bool


@dataclass
class GroupProgress:
    """Counts of children per area and scale point in one period, and those at concern."""

    areas: list[Area]
    points: list[ScalePoint]
    # (area id, point id) -> number of children
    counts: dict[tuple[int, int], int]
    concerns: dict[int, list[ConcernChild]]
    children_in_group: int

    def rows(self) -> list[tuple[Area, list[int], int, list[ConcernChild]]]:
        """Return per area: counts per point, the number judged, and the children at concern."""
        result = []
        for area in self.areas:
            cells = [self.counts.get((area.pk, point.pk), 0) for point in self.points]
            result.append((area, cells, sum(cells), self.concerns.get(area.pk, [])))
        return result


def group_progress(
    *,
    care_setting: CareSetting,
    period: AssessmentPeriod,
    room: Room | None,
    scale: TrackerScale,
) -> GroupProgress:
    """Return the group's counts for the period; four queries whatever the group's size."""
    children = Child.objects.filter(care_setting=care_setting)
    if room is not None:
        children = children.filter(room=room)
    judgements = TrackerJudgement.objects.filter(
        period=period, child__in=children, point__scale=scale
    )
    counts = {
        (row["area_id"], row["point_id"]): row["n"]
        for row in judgements.values("area_id", "point_id").annotate(n=Count("pk"))
    }
    concerns: dict[int, list[ConcernChild]] = defaultdict(list)
    rows = (
        judgements.filter(point__is_concern=True)
        .order_by("area__order", "child__last_name", "child__first_name")
        .values(
            "area_id",
            "point__label",
            "child_id",
            "child__first_name",
            "child__preferred_name",
            "child__last_name",
            "child__room__name",
            "child__looked_after_status",
            "child__eypp_basis",
            "child__sen_status",
            "child__date_of_birth",
        )
    )
    for row in rows:
        concerns[row["area_id"]].append(
            ConcernChild(
                child_id=row["child_id"],
                name=f"{row['child__preferred_name'] or row['child__first_name']} "
                f"{row['child__last_name']}",
                point=row["point__label"],
                room=row["child__room__name"] or "",
                looked_after=row["child__looked_after_status"] == Child.LookedAfter.LOOKED_AFTER,
                eypp=bool(row["child__eypp_basis"]),
                sen=row["child__sen_status"] != Child.Sen.NONE,
                summer_born=is_summer_born(row["child__date_of_birth"]),
            )
        )
    in_group = judgements.values("child_id").distinct().count()
    return GroupProgress(
        areas=areas(),
        points=scale_points(scale),
        counts=counts,
        concerns=dict(concerns),
        children_in_group=in_group,
    )


def pathway_code_for(child: Child, *, on: date) -> str:
    """Return the Development Matters pathway for the child's age on the day.

    Children start reception in the September after their fourth birthday, so the school
    year decides between "3 and 4-year-olds" and "Children in reception".
    """
    school_year_starts = school_year_start(on)
    fourth_birthday = add_years(child.date_of_birth, 4)
    if child.age_in_months(on) < 36:
        return "birth_to_three"
    if fourth_birthday < school_year_starts:
        return "reception"
    return "three_and_four"


def pathway_for(child: Child, *, on: date) -> Pathway | None:
    """Return the child's Development Matters pathway row."""
    return Pathway.objects.filter(code=pathway_code_for(child, on=on)).first()
