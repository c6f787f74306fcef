"""Writes for the progress tracker: policy, periods, early assessment and judgements."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import CareSetting, User
from children.models import Child
from common.audit import audit_record
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


def academic_year_terms(today: date) -> list[tuple[str, date, date]]:
    """Return the three default terms of the academic year (September to August) of today."""
    first = today.year if today.month >= 9 else today.year - 1
    return [
        (f"Autumn {first}", date(first, 9, 1), date(first, 12, 31)),
        (f"Spring {first + 1}", date(first + 1, 1, 1), date(first + 1, 3, 31)),
        (f"Summer {first + 1}", date(first + 1, 4, 1), date(first + 1, 8, 31)),
    ]


def _overlapping(
    care_setting: CareSetting, starts_on: date, ends_on: date
) -> AssessmentPeriod | None:
    return AssessmentPeriod.objects.filter(
        care_setting=care_setting, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).first()


@transaction.atomic
def periods_create_default(
    *, care_setting: CareSetting, today: date, by: User | None = None
) -> list[AssessmentPeriod]:
    """Create this academic year's three terms, skipping any that clash with existing periods."""
    created = []
    for name, starts_on, ends_on in academic_year_terms(today):
        if AssessmentPeriod.objects.filter(care_setting=care_setting, name=name).exists():
            continue
        if _overlapping(care_setting, starts_on, ends_on) is not None:
            continue
        created.append(
            AssessmentPeriod.objects.create(
                care_setting=care_setting, name=name, starts_on=starts_on, ends_on=ends_on
            )
        )
    if created:
        audit_record(
            actor=by,
            verb="tracker.periods_created",
            target=care_setting,
            care_setting=care_setting,
            changes={"periods": [period.name for period in created]},
        )
    return created


@transaction.atomic
def period_add(
    *, care_setting: CareSetting, by: User, name: str, starts_on: date, ends_on: date
) -> AssessmentPeriod:
    """Add a period; raise ValidationError if the name is taken or the dates overlap."""
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "The end date must be after the start date"})
    if AssessmentPeriod.objects.filter(care_setting=care_setting, name=name).exists():
        raise ValidationError({"name": f"There is already a period called {name}"})
    clash = _overlapping(care_setting, starts_on, ends_on)
    if clash is not None:
        raise ValidationError(
            {"starts_on": f"The dates overlap {clash.name}: periods must not overlap"}
        )
    period = AssessmentPeriod.objects.create(
        care_setting=care_setting, name=name, starts_on=starts_on, ends_on=ends_on
    )
    audit_record(
        actor=by,
        verb="tracker.period_added",
        target=period,
        care_setting=care_setting,
        changes={"name": name, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return period


@transaction.atomic
def tracker_policy_set(
    *, care_setting: CareSetting, by: User, scale: TrackerScale, early_assessment_weeks: int
) -> TrackerPolicy:
    """Choose the setting's tracker scale and early-assessment deadline."""
    policy, _ = TrackerPolicy.objects.update_or_create(
        care_setting=care_setting,
        defaults={"scale": scale, "early_assessment_weeks": early_assessment_weeks},
    )
    audit_record(
        actor=by,
        verb="tracker.policy_set",
        target=policy,
        care_setting=care_setting,
        changes={"scale": scale.name, "early_assessment_weeks": early_assessment_weeks},
    )
    return policy


# --- Early assessment --------------------------------------------------------------------


@transaction.atomic
def early_assessment_save(
    *,
    child: Child,
    by: User,
    completed_on: date,
    summary: str,
    entries: dict[Area, tuple[ScalePoint, str]],
) -> EarlyAssessment:
    """Record (or correct) the child's starting point in the prime areas."""
    assessment, created = EarlyAssessment.objects.update_or_create(
        child=child,
        defaults={"completed_on": completed_on, "summary": summary, "by": by},
    )
    for area, (point, note) in entries.items():
        EarlyAssessmentArea.objects.update_or_create(
            assessment=assessment, area=area, defaults={"point": point, "note": note}
        )
    audit_record(
        actor=by,
        verb="early_assessment.recorded" if created else "early_assessment.updated",
        target=assessment,
        subject=child,
        care_setting=child.care_setting,
        changes={
            "completed_on": completed_on.isoformat(),
            **{area.code: point.label for area, (point, _) in entries.items()},
        },
    )
    return assessment


# --- Judgements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgementEntry:
    """What the form sent for one area: the point, a note, and the version it was edited at."""

    area: Area
    point: ScalePoint | None
    note: str
    version: int | None  # None: there was no judgement when the form was opened


@dataclass(frozen=True)
class Conflict:
    area: Area
    changed_by: str

    @property
    def message(self) -> str:
        return (
            f"{self.changed_by} changed {self.area.name} while you were editing: "
            "your judgement was not saved"
        )


def judgements_save(
    *, child: Child, period: AssessmentPeriod, by: User, entries: list[JudgementEntry]
) -> list[Conflict]:
    """Save the period's judgements of the child area by area, with a version check each.

    An area whose judgement someone else saved (or first created) since the form was opened is
    not written: it comes back as a Conflict naming who changed it. Other areas are saved.
    """
    conflicts: list[Conflict] = []
    changes: dict[str, str] = {}
    with transaction.atomic():
        for entry in entries:
            conflict = _save_one(child=child, period=period, by=by, entry=entry, changes=changes)
            if conflict is not None:
                conflicts.append(conflict)
        if changes:
            audit_record(
                actor=by,
                verb="tracker.judged",
                target=child,
                subject=child,
                care_setting=child.care_setting,
                changes={"period": period.name, **changes},
            )
    return conflicts


def _save_one(
    *,
    child: Child,
    period: AssessmentPeriod,
    by: User,
    entry: JudgementEntry,
    changes: dict[str, str],
) -> Conflict | None:
    current = (
        TrackerJudgement.objects.filter(child=child, period=period, area=entry.area)
        .select_related("by", "point")
        .first()
    )
    if current is not None and current.version != entry.version:
        return Conflict(area=entry.area, changed_by=_who(current))
    if entry.point is None:
        return None  # nothing chosen, nothing there: the area stays blank
    if current is None:
        if entry.version is not None:
            return Conflict(area=entry.area, changed_by="Someone")  # deleted meanwhile
        try:
            with transaction.atomic():
                TrackerJudgement.objects.create(
                    child=child,
                    period=period,
                    area=entry.area,
                    point=entry.point,
                    note=entry.note,
                    by=by,
                )
        except IntegrityError:
            raced = TrackerJudgement.objects.select_related("by").get(
                child=child, period=period, area=entry.area
            )
            return Conflict(area=entry.area, changed_by=_who(raced))
        changes[entry.area.code] = entry.point.label
        return None
    if current.point_id == entry.point.pk and current.note == entry.note:
        return None
    written = TrackerJudgement.objects.filter(pk=current.pk, version=entry.version).update(
        point=entry.point,
        note=entry.note,
        by=by,
        judged_at=timezone.now(),
        version=F("version") + 1,
    )
    if not written:
        current.refresh_from_db()
        return Conflict(area=entry.area, changed_by=_who(current))
    changes[entry.area.code] = (
        f"{current.point.label} → {entry.point.label}"
        if current.point_id != entry.point.pk
        else f"{entry.point.label} (note changed)"
    )
    return None


def _who(judgement: TrackerJudgement) -> str:
    return judgement.by.full_name if judgement.by is not None else "Someone"
