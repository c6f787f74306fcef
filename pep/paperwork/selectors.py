"""Reads of a PEP's paperwork: who may change it, what it holds, and the progress summary.

The progress summary is read live from the tracker while the paperwork is open, and from
the snapshot frozen at submission afterwards (``progress_summary``): the PEP page, the
section page and the PDF pack all call it, so a later tracker edit never rewrites a
submitted PEP.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.http import Http404

from accounts.permissions import Access, Action, can, can_organise_pep, require
from children.models import Child
from common import dates
from learning.charts import Chart, progress_chart
from learning.journey.selectors import children_without_photo_consent
from learning.models import Observation, ObservationPhoto, ProgressCheckAtTwo
from learning.tracker.selectors import child_tracker
from pep.models import Meeting, Pep, PepTarget, TargetReview
from pep.paperwork.eypp import EyppPlan, eypp_on_portal, eypp_plan_for
from pep.selectors import peps_in_scope

SNAPSHOT_VERSION = 1


# --- Getting a PEP and deciding what the reader may do ----------------------------------


def pep_in_scope_get(access: Access, pep_id: int) -> Pep:
    """Return the PEP if its child is in the access's scope, else 404 (no grant weighed)."""
    try:
        return peps_in_scope(access).get(pk=pep_id)
    except Pep.DoesNotExist:
        raise Http404 from None


def target_in_pep_get(pep: Pep, target_id: int) -> PepTarget:
    """Return the PEP's own target, else 404."""
    try:
        return PepTarget.objects.select_related("area").get(pep=pep, pk=target_id)
    except PepTarget.DoesNotExist:
        raise Http404 from None


def may_edit_paperwork(access: Access, pep: Pep) -> bool:
    """Return whether the access holds EDIT_PEP for the PEP's child (the key person, manager)."""
    return can(access, Action.EDIT_PEP, child=pep.child)


def may_organise(access: Access, pep: Pep) -> bool:
    """Return whether the access is the responsible LA's children in care advisor."""
    return can_organise_pep(access, Action.ORGANISE_PEP_MEETINGS, child=pep.child)


def may_edit_targets(access: Access, pep: Pep) -> bool:
    """Return whether the access may add or change the PEP's SMART targets."""
    return may_edit_paperwork(access, pep) or may_organise(access, pep)


def require_view(access: Access, pep: Pep) -> None:
    """Raise 403 unless the access may read the PEP (scope already checked)."""
    require(access, Action.VIEW_PEP, child=pep.child)


# --- What the paperwork holds ---------------------------------------------------------------


@dataclass(frozen=True)
class PaperworkFacts:
    """What the sections' completion needs beyond the PEP's own fields, loaded once."""

    previous_targets: list[PepTarget]
    reviews: dict[int, TargetReview]  # by target id
    photo_ids: frozenset[int]
    eypp: EyppPlan | None
    eypp_on_portal: bool

    @property
    def unreviewed_targets(self) -> list[PepTarget]:
        return [target for target in self.previous_targets if target.pk not in self.reviews]


def paperwork_facts(pep: Pep, *, access: Access | None = None) -> PaperworkFacts:
    """Return the PEP's previous targets, their reviews, chosen photos and EYPP plan.

    Three queries whatever the number of targets, reviews and photos (two without a
    previous PEP), plus the EYPP provider's own.
    """
    previous_targets: list[PepTarget] = []
    if pep.previous_id is not None:
        previous_targets = list(
            PepTarget.objects.filter(pep_id=pep.previous_id).select_related("area")
        )
    reviews = {review.target_id: review for review in TargetReview.objects.filter(pep=pep)}
    photo_ids = frozenset(pep.voice_photos.values_list("pk", flat=True))
    return PaperworkFacts(
        previous_targets=previous_targets,
        reviews=reviews,
        photo_ids=photo_ids,
        eypp=eypp_plan_for(pep, access=access),
        eypp_on_portal=eypp_on_portal(),
    )


def targets_of(pep: Pep) -> list[PepTarget]:
    """Return the PEP's SMART targets with their areas, in order (one query)."""
    return list(PepTarget.objects.filter(pep=pep).select_related("area"))


def meeting_held(pep: Pep) -> bool:
    """Return whether the PEP's meeting has been held (recorded by the organiser)."""
    return Meeting.objects.filter(
        pep=pep, kind=Meeting.Kind.PEP, status=Meeting.Status.HELD
    ).exists()


def progress_check_of(child: Child) -> ProgressCheckAtTwo | None:
    """Return the child's progress check at age two, if done (one query)."""
    return ProgressCheckAtTwo.objects.filter(child=child).only("pk", "completed_on").first()


# --- Photos from the learning journey ---------------------------------------------------------


def photo_consent_in_force(child: Child, *, on: date | None = None) -> bool:
    """Return whether the child's photograph consent is in force (learning's own rule)."""
    return not children_without_photo_consent([child], on=on or dates.today())


def offered_photos(child: Child, *, consent: bool) -> list[ObservationPhoto]:
    """Return the photos of the child's published observations, newest first.

    None at all unless ``consent`` (the child's photo consent is in force).
    """
    if not consent:
        return []
    return list(
        ObservationPhoto.objects.filter(
            observation__children=child, observation__status=Observation.Status.PUBLISHED
        )
        .select_related("observation")
        .order_by("-observation__observed_on", "-pk")
        .distinct()
    )


def chosen_photos(pep: Pep, *, consent: bool) -> list[ObservationPhoto]:
    """Return the photos chosen for "More about me", only while photo consent is in force."""
    if not consent:
        return []
    return list(
        pep.voice_photos.filter(observation__status=Observation.Status.PUBLISHED)
        .select_related("observation")
        .order_by("-observation__observed_on", "-pk")
    )


# --- The progress summary ---------------------------------------------------------------------


@dataclass(frozen=True)
class AreaProgress:
    """One area's latest judgement and how it changed since the last PEP."""

    code: str
    name: str
    judgement: str
    period: str
    change: str


# Stand-ins for the tracker's rows, so the chart can be drawn from a frozen snapshot.
@dataclass(frozen=True)
class _Area:
    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class _Period:
    pk: int
    name: str


@dataclass(frozen=True)
class _Point:
    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class _Judgement:
    point_id: int
    point: _Point
    note: str = ""


@dataclass(frozen=True)
class ProgressSummary:
    """The latest judgement per area, the change since the last PEP and the chart."""

    frozen: bool
    taken_on: str  # ISO date of the snapshot, "" when read live
    scale: str
    areas: list[AreaProgress]
    chart: Chart
    periods: list[Any]
    rows: list[tuple[Any, list[Any]]]

    @property
    def judged(self) -> bool:
        return any(area.judgement for area in self.areas)

    @property
    def taken_on_date(self) -> date | None:
        """Return the day of the snapshot, for pages to write as "1 December 2026"."""
        return date.fromisoformat(self.taken_on) if self.taken_on else None


def progress_summary(pep: Pep, *, today: date | None = None) -> ProgressSummary:
    """Return the PEP's progress summary: the frozen snapshot if submitted, else the tracker.

    From the snapshot: no query. Live: the tracker's reads (a fixed handful) and one for
    the previous PEP's snapshot.
    """
    if pep.progress_snapshot:
        return summary_from_snapshot(pep.progress_snapshot, child_name=pep.child.known_as)
    snapshot = progress_snapshot_of(pep, today=today)
    summary = summary_from_snapshot(snapshot, child_name=pep.child.known_as)
    return replace(summary, frozen=False, taken_on="")


def progress_snapshot_of(pep: Pep, *, today: date | None = None) -> dict[str, Any]:
    """Return the tracker as it stands now, as the JSON a submitted PEP keeps."""
    today = today or dates.today()
    tracker = child_tracker(pep.child, today=today)
    previous = _previous_snapshot(pep)
    previous_areas = {row["code"]: row for row in (previous or {}).get("areas", [])}
    areas = []
    cells = []
    for area in tracker.areas:
        latest = None
        for period in tracker.periods:
            judgement = tracker.grid.get((area.pk, period.pk))
            if judgement is None:
                continue
            latest = (judgement, period)
            cells.append(
                {
                    "area": area.pk,
                    "period": period.pk,
                    "point": judgement.point_id,
                    "label": judgement.point.label,
                    "note": judgement.note,
                }
            )
        row: dict[str, Any] = {
            "code": area.code,
            "name": area.name,
            "judgement": latest[0].point.label if latest else "",
            "point_order": latest[0].point.order if latest else None,
            "scale": latest[0].point.scale_id if latest else None,
            "period": latest[1].name if latest else "",
        }
        row["change"] = _change(row, previous_areas.get(area.code), has_previous=bool(previous))
        areas.append(row)
    return {
        "version": SNAPSHOT_VERSION,
        "taken_on": today.isoformat(),
        "scale": tracker.scale.name,
        "areas": areas,
        "chart": {
            "areas": [{"id": a.pk, "code": a.code, "name": a.name} for a in tracker.areas],
            "periods": [{"id": p.pk, "name": p.name} for p in tracker.periods],
            "points": [{"id": p.pk, "label": p.label} for p in tracker.points],
            "cells": cells,
        },
    }


def _previous_snapshot(pep: Pep) -> dict[str, Any] | None:
    if pep.previous_id is None:
        return None
    return (
        Pep.objects.filter(pk=pep.previous_id).values_list("progress_snapshot", flat=True).first()
    )


def _change(row: dict[str, Any], before: dict[str, Any] | None, *, has_previous: bool) -> str:
    """Return in words how the area's judgement moved since the previous PEP's snapshot."""
    if not row["judgement"]:
        return ""
    if not has_previous:
        return "No earlier PEP to compare with"
    if before is None or not before.get("judgement"):
        return "Not judged at the last PEP"
    same_scale = before.get("scale") == row["scale"] and before.get("point_order") is not None
    if same_scale and row["point_order"] > before["point_order"]:
        return f"Moved up from {before['judgement']}"
    if same_scale and row["point_order"] < before["point_order"]:
        return f"Moved down from {before['judgement']}"
    if before["judgement"] == row["judgement"]:
        return "No change"
    return f"Was {before['judgement']} at the last PEP"


def summary_from_snapshot(snapshot: dict[str, Any], *, child_name: str) -> ProgressSummary:
    """Return the summary and chart a snapshot describes, without reading the tracker."""
    chart_data = snapshot.get("chart", {})
    areas = [
        _Area(pk=a["id"], code=a["code"], name=a["name"]) for a in chart_data.get("areas", [])
    ]
    periods = [_Period(pk=p["id"], name=p["name"]) for p in chart_data.get("periods", [])]
    points = [_Point(pk=p["id"], label=p["label"]) for p in chart_data.get("points", [])]
    grid = {
        (cell["area"], cell["period"]): _Judgement(
            point_id=cell["point"],
            point=_Point(pk=cell["point"], label=cell["label"]),
            note=cell.get("note", ""),
        )
        for cell in chart_data.get("cells", [])
    }
    chart = progress_chart(
        child_name=child_name, areas=areas, periods=periods, points=points, grid=grid
    )
    rows = [(area, [grid.get((area.pk, period.pk)) for period in periods]) for area in areas]
    return ProgressSummary(
        frozen=True,
        taken_on=snapshot.get("taken_on", ""),
        scale=snapshot.get("scale", ""),
        areas=[
            AreaProgress(
                code=row["code"],
                name=row["name"],
                judgement=row.get("judgement", ""),
                period=row.get("period", ""),
                change=row.get("change", ""),
            )
            for row in snapshot.get("areas", [])
        ],
        chart=chart,
        periods=periods,
        rows=rows,
    )
