"""Writes for the progress tracker: policy, periods, early assessment and judgements.

The setting's scale and a child's early assessment are edited from a version
(``common.versioning``): a save over someone else's raises ``StaleRecord``. Periods of a
setting are added one after another (the setting's row is locked), so two added at once
cannot overlap; the period form's submission token makes a double click add one.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import CareSetting, User
from children.models import Child
from common.audit import audit_record
from common.dates import school_year_start
from common.submissions import claim_submission
from common.versioning import StaleRecord as StaleRecord  # raised here; callers catch it
from common.versioning import holds, versioned_update
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
    first = school_year_start(today).year
    return [
        (f"Autumn {first}", date(first, 9, 1), date(first, 12, 31)),
        (f"Spring {first + 1}", date(first + 1, 1, 1), date(first + 1, 3, 31)),
        (f"Summer {first + 1}", date(first + 1, 4, 1), date(first + 1, 8, 31)),
    ]


def _lock_periods(care_setting: CareSetting) -> None:
    """Lock the setting's row, so its periods are added one after another.

    ``FOR NO KEY UPDATE``: it conflicts with itself but not with rows merely pointing at
    the setting.
    """
    CareSetting.objects.select_for_update(no_key=True).filter(pk=care_setting.pk).first()


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
    _lock_periods(care_setting)
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
    *,
    care_setting: CareSetting,
    by: User,
    name: str,
    starts_on: date,
    ends_on: date,
    submission_token: uuid.UUID | None = None,
) -> AssessmentPeriod:
    """Add a period; raise ValidationError if the name is taken or the dates overlap.

    ``AlreadySaved`` when the same form was saved before.
    """
    claim = claim_submission(token=submission_token, by=by)
    _lock_periods(care_setting)
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
    claim.saved(period)
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
    *,
    care_setting: CareSetting,
    by: User,
    scale: TrackerScale,
    early_assessment_weeks: int,
    version: int,
) -> TrackerPolicy:
    """Choose the setting's tracker scale and early-assessment deadline.

    ``version`` is the setting's own policy as the form showed it (0: it had none): if
    someone else chose since, ``StaleRecord`` is raised and nothing is written.
    """
    values = {"scale": scale, "early_assessment_weeks": early_assessment_weeks}
    policy = TrackerPolicy.objects.select_for_update().filter(care_setting=care_setting).first()
    if policy is None and version == 0:
        try:
            # A savepoint: the setting's policy may be chosen at the same moment elsewhere.
            with transaction.atomic():
                policy = TrackerPolicy.objects.create(care_setting=care_setting, **values)
        except IntegrityError:
            policy = TrackerPolicy.objects.select_for_update().get(care_setting=care_setting)
            if not holds(policy, values):
                raise StaleRecord from None
            return policy
    elif policy is None:
        raise StaleRecord
    elif (policy.version == version and holds(policy, values)) or not versioned_update(
        policy, version=version, fields=values
    ):
        return policy
    audit_record(
        actor=by,
        verb="tracker.policy_set",
        target=policy,
        care_setting=care_setting,
        changes={"scale": scale.name, "early_assessment_weeks": early_assessment_weeks},
    )
    return policy


# --- Early assessment --------------------------------------------------------------------


def early_assessment_holds(
    assessment: EarlyAssessment,
    *,
    completed_on: date,
    summary: str,
    entries: dict[Area, tuple[ScalePoint, str]],
) -> bool:
    """Return whether the saved assessment already says exactly this."""
    saved = {row.area_id: (row.point_id, row.note) for row in assessment.areas.all()}
    typed = {area.pk: (point.pk, note) for area, (point, note) in entries.items()}
    return holds(assessment, {"completed_on": completed_on, "summary": summary}) and saved == typed


@transaction.atomic
def early_assessment_save(
    *,
    child: Child,
    by: User,
    version: int,
    completed_on: date,
    summary: str,
    entries: dict[Area, tuple[ScalePoint, str]],
) -> EarlyAssessment:
    """Record (``version`` 0) or correct the child's starting point in the prime areas.

    A correction names the version it was made from: ``StaleRecord`` (nothing written) if
    someone else recorded or changed the assessment since, unless it already says exactly
    this (the same form sent twice), which writes nothing.
    """
    values = {"completed_on": completed_on, "summary": summary, "by": by}
    assessment = EarlyAssessment.objects.select_for_update().filter(child=child).first()
    created = False
    if assessment is None and version == 0:
        try:
            # A savepoint: the child's assessment may be recorded at the same moment elsewhere.
            with transaction.atomic():
                assessment = EarlyAssessment.objects.create(child=child, **values)
            created = True
        except IntegrityError:
            assessment = EarlyAssessment.objects.select_for_update().get(child=child)
    if assessment is None:
        raise StaleRecord
    if not created:
        if assessment.version != version:
            if early_assessment_holds(
                assessment, completed_on=completed_on, summary=summary, entries=entries
            ):
                return assessment
            raise StaleRecord
        versioned_update(assessment, version=version, fields=values)
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
        if _already(current, entry):
            return None  # the same form sent twice: it is saved already
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
            if _already(raced, entry):
                return None
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


def _already(judgement: TrackerJudgement, entry: JudgementEntry) -> bool:
    """Return whether the saved judgement is already what the entry says."""
    return (
        entry.point is not None
        and judgement.point_id == entry.point.pk
        and judgement.note == entry.note
    )


def _who(judgement: TrackerJudgement) -> str:
    return judgement.by.full_name if judgement.by is not None else "Someone"
