"""Reads for the progress check at age two and the leaving summary.

Both PDF builders return plain dictionaries, complete before rendering, in a fixed number of
queries whatever the number of observations, judgements or periods.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Prefetch, Q

from children.models import Child, Consent
from children.selectors import has_consent
from common.dates import add_months
from common.models import AuditEvent
from common.pdf import storage_url
from learning.models import (
    Area,
    Observation,
    ObservationPhoto,
    ProgressCheckAtTwo,
    ProgressCheckNotDone,
    TrackerJudgement,
)

CHECK_FROM_MONTHS = 24
CHECK_BY_MONTHS = 36
# The reminder that the check is getting late comes in time to still do it.
CHECK_LATE_MONTHS = 33


def check_for(child: Child) -> ProgressCheckAtTwo | None:
    """Return the child's progress check at age two, or None."""
    return ProgressCheckAtTwo.objects.select_related("by").filter(child=child).first()


def not_done_for(child: Child) -> ProgressCheckNotDone | None:
    """Return why the child's check was not done, if that was recorded."""
    return ProgressCheckNotDone.objects.select_related("by").filter(child=child).first()


@dataclass(frozen=True)
class CheckWindow:
    """Where the child stands against the 24 to 36 month window on a day."""

    age_in_months: int
    opens_on: date
    closes_on: date

    @property
    def state(self) -> str:
        """Return "not_yet", "due", "late" (from 33 months) or "missed" (36 months or more)."""
        if self.age_in_months < CHECK_FROM_MONTHS:
            return "not_yet"
        if self.age_in_months < CHECK_LATE_MONTHS:
            return "due"
        if self.age_in_months < CHECK_BY_MONTHS:
            return "late"
        return "missed"


def check_window(child: Child, today: date) -> CheckWindow:
    """Return the child's age and the days the check window opens and closes."""
    return CheckWindow(
        age_in_months=child.age_in_months(today),
        opens_on=add_months(child.date_of_birth, CHECK_FROM_MONTHS),
        closes_on=add_months(child.date_of_birth, CHECK_BY_MONTHS),
    )


def _key_person_name(child: Child) -> str:
    return child.key_person.full_name if child.key_person_id and child.key_person else ""


def check_prime_areas(check: ProgressCheckAtTwo) -> list[tuple[str, str]]:
    """Return the check's prime areas as (heading, text), in the order page and PDF show them."""
    return [
        ("Communication and language", check.communication_and_language),
        ("Personal, social and emotional development", check.personal_social_emotional),
        ("Physical development", check.physical_development),
    ]


def check_sections(check: ProgressCheckAtTwo) -> list[tuple[str, str]]:
    """Return the sections after the prime areas as (heading, text), in the order both show.

    The parent or carer comments come last in both, after these: on paper they end with the
    space for the carers to write in and sign.
    """
    return [
        ("Strengths", check.strengths),
        ("Areas where progress is less than expected", check.less_than_expected),
        ("Next steps", check.next_steps),
        ("The child's voice", check.childs_voice),
    ]


def check_pdf_context(*, child: Child, check: ProgressCheckAtTwo) -> dict[str, Any]:
    """Return everything the progress check PDF shows; no query (the child comes loaded)."""
    return {
        "setting_name": child.care_setting.name,
        "child_name": f"{child.known_as} {child.last_name}",
        "date_of_birth": child.date_of_birth,
        "age_at_check": child.age_label(check.completed_on),
        "key_person_name": _key_person_name(child),
        "check": check,
        "prime_areas": check_prime_areas(check),
        "sections": check_sections(check),
    }


# --- The leaving summary --------------------------------------------------------------

# Events that say a summary was made or read: they do not make the stored summary stale.
SUMMARY_VERBS = ("learning.leaving_summary_stored", "learning.leaving_summary_downloaded")
# How many of the observations' latest next steps the summary lists after the check's.
RECENT_NEXT_STEPS = 3


def leaving_summary_child(child_id: int) -> Child:
    """Return the child with what the summary's heading shows (for the worker, no access)."""
    return Child.objects.select_related("care_setting", "key_person").get(pk=child_id)


def leaving_summary_context(*, child: Child, today: date) -> dict[str, Any]:
    """Return everything the leaving summary PDF shows, in six queries.

    Queries: the areas; the judgements with their area, period and point; the progress
    check; photograph consent; the published observations shared with carers; their areas
    (prefetched); their photos (prefetched only with photograph consent, so seven then).
    """
    areas = list(Area.objects.order_by("order"))  # 1
    judgements = list(  # 2
        TrackerJudgement.objects.filter(child=child)
        .select_related("area", "period", "point")
        .order_by("period__starts_on", "area__order", "pk")
    )
    check = ProgressCheckAtTwo.objects.filter(child=child).first()  # 3
    photos_allowed = has_consent(child, Consent.Kind.PHOTOGRAPHS, today)  # 4
    prefetches: list[Any] = [Prefetch("areas", queryset=Area.objects.order_by("order"))]
    if photos_allowed:
        prefetches.append(
            Prefetch("photos", queryset=ObservationPhoto.objects.order_by("uploaded_at", "pk"))
        )
    observations = list(  # 5, 6 (and 7 for photos)
        Observation.objects.filter(
            children=child, status=Observation.Status.PUBLISHED, visible_to_carers=True
        )
        .prefetch_related(*prefetches)
        .order_by("observed_on", "created_at", "pk")
    )

    periods: list[Any] = []
    by_area_period: dict[tuple[int, int], TrackerJudgement] = {}
    latest: dict[int, TrackerJudgement] = {}
    for judgement in judgements:
        if judgement.period not in periods:
            periods.append(judgement.period)
        by_area_period[(judgement.area_id, judgement.period_id)] = judgement
        latest[judgement.area_id] = judgement  # ordered by period: the last one wins

    progress = []
    for area in areas:
        cells = []
        for period in periods:
            judgement = by_area_period.get((area.pk, period.pk))
            cells.append(
                {
                    "label": judgement.point.label if judgement else "",
                    "concern": bool(judgement and judgement.point.is_concern),
                }
            )
        progress.append({"area": area.name, "cells": cells})

    observation_rows = [
        {
            "observed_on": observation.observed_on,
            "text": observation.text,
            "areas": [area.name for area in observation.areas.all()],
            "next_steps": observation.next_steps,
            "photos": [
                {"src": storage_url(photo.image.name), "caption": photo.caption}
                for photo in observation.photos.all()
            ]
            if photos_allowed
            else [],
        }
        for observation in observations
    ]
    next_steps = _next_steps(
        from_check=check.next_steps if check is not None else "",
        from_observations=[row["next_steps"] for row in reversed(observation_rows)],
        recent=RECENT_NEXT_STEPS,
    )

    return {
        "setting_name": child.care_setting.name,
        "child_name": f"{child.known_as} {child.last_name}",
        "date_of_birth": child.date_of_birth,
        "start_date": child.start_date,
        "leave_date": child.leave_date,
        "leaving_destination": child.leaving_destination,
        "key_person_name": _key_person_name(child),
        "produced_on": today,
        "latest": [
            {
                "area": area.name,
                "point": latest[area.pk].point.label if area.pk in latest else "",
                "concern": area.pk in latest and latest[area.pk].point.is_concern,
                "period": latest[area.pk].period.name if area.pk in latest else "",
            }
            for area in areas
        ]
        if latest
        else [],
        "periods": [period.name for period in periods],
        "progress": progress,
        "check": check,
        "observations": observation_rows,
        "photos_allowed": photos_allowed,
        "next_steps": next_steps,
    }


def _next_steps(*, from_check: str, from_observations: list[str], recent: int) -> list[str]:
    """Return the check's next steps, then the ``recent`` latest other ones of observations.

    A group observation gives each child in it the same next step, and the check may name
    one an observation names too: each step is listed once, whatever its spacing or case.
    ``from_observations`` comes newest first.
    """
    steps: list[str] = []
    seen: set[str] = set()

    def add(step: str) -> bool:
        key = " ".join(step.split()).casefold()
        if not key or key in seen:
            return False
        seen.add(key)
        steps.append(step.strip())
        return True

    add(from_check)
    added = 0
    for step in from_observations:
        if added == recent:
            break
        added += add(step)
    return steps


def leaving_summary_is_fresh(child: Child) -> bool:
    """Return whether a summary was stored after the last audited write to the child's records.

    Every write to a child's records is audited with the child as subject, and so is storing
    the summary: one query compares the two.
    """
    times = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Child), subject_id=str(child.pk)
    ).aggregate(
        stored_at=Max("at", filter=Q(verb="learning.leaving_summary_stored")),
        changed_at=Max("at", filter=~Q(verb__in=SUMMARY_VERBS)),
    )
    stored_at, changed_at = times["stored_at"], times["changed_at"]
    return stored_at is not None and (changed_at is None or stored_at > changed_at)
