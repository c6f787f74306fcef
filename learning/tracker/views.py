"""Tracker pages: a child's progress over time, judgements, early assessment, group view, periods.

Thin views: the door is ``child_get_for`` / ``require`` (404 outside scope, 403 without the
grant), reads are tracker selectors, writes tracker services.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.permissions import (
    AccessRequest,
    Action,
    flags,
    require,
    setting_or_la_required,
    setting_required,
)
from children.models import Child
from children.selectors import child_get_for
from common import dates
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import Difference, StaleRecord, conflicted_form, differing
from learning.charts import progress_chart
from learning.pages import child_pages
from learning.tracker import selectors as selectors
from learning.tracker import services as services
from learning.tracker.forms import (
    EarlyAssessmentForm,
    GroupFilterForm,
    JudgementsForm,
    PeriodForm,
    PolicyForm,
)


def _tracker_url(child: Child) -> str:
    return reverse("settings:learning:tracker", args=[child.care_setting.slug, child.pk])


@setting_or_la_required
@require_http_methods(["GET"])
def tracker_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Show the child's progress over time: the chart, the table and the early assessment.

    Served on both sides; under an LA it is read-only (advisors hold no grant to write).
    """
    child = child_get_for(request.access, child_id, Action.VIEW_PROGRESS)
    today = dates.today()
    tracker = selectors.child_tracker(child, today=today)
    chart = progress_chart(
        child_name=str(child),
        areas=tracker.areas,
        periods=tracker.periods,
        points=tracker.points,
        grid=tracker.grid,
    )
    return render(
        request,
        "learning/tracker_detail.html",
        {
            "child": child,
            "care_setting": child.care_setting,
            "tracker": tracker,
            "chart": chart,
            "periods": tracker.periods,
            "rows": tracker.rows(),
            "current_period": selectors.current_period(tracker.periods, today),
            "pathway": selectors.pathway_for(child, on=today),
            "pages": child_pages(request.access, child),
            **flags(request.access, Action.EDIT_TRACKER, child=child),
            **flags(request.access, Action.CONFIGURE_TRACKER),
        },
    )


@setting_required
@require_http_methods(["GET", "POST"])
def tracker_start_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Create this academic year's terms if the setting has no current period, then judge."""
    child = child_get_for(request.access, child_id, Action.EDIT_TRACKER)
    if request.method != "POST":
        return redirect(_tracker_url(child))
    today = dates.today()
    services.periods_create_default(care_setting=child.care_setting, today=today, by=request.user)
    period = selectors.current_period(list(selectors.periods_for(child.care_setting)), today)
    if period is None:
        return redirect(_tracker_url(child))
    return redirect("settings:learning:tracker_edit", child.care_setting.slug, child.pk, period.pk)


@setting_required
@require_http_methods(["GET", "POST"])
def tracker_edit_view(request: AccessRequest, child_id: int, period_id: int) -> HttpResponse:
    """Record all seven areas' judgements for one period, with a version check per area."""
    child, period = selectors.child_period_get_for(
        request.access, child_id, period_id, Action.EDIT_TRACKER
    )
    scale = selectors.tracker_scale_for(child.care_setting)
    points = selectors.scale_points(scale)
    areas = selectors.areas()
    existing = selectors.judgements_in(child, period)
    # An empty POST is still a save: bound, so that saving nothing is refused.
    form = JudgementsForm(
        request.POST if request.method == "POST" else None,
        areas=areas,
        points=points,
        current=existing,
    )
    if request.method == "POST" and form.is_valid() and not form.changed_areas(existing):
        messages.info(
            request,
            f"Nothing changed: the judgements for {period.name} are as they were saved",
        )
        return redirect(_tracker_url(child))
    if request.method == "POST" and form.is_valid():
        conflicts = services.judgements_save(
            child=child,
            period=period,
            by=request.user,
            entries=[
                services.JudgementEntry(area=area, point=point, note=note, version=version)
                for area, point, note, version in form.entries()
            ],
        )
        if not conflicts:
            messages.success(request, f"Judgements for {period.name} saved")
            return redirect(_tracker_url(child))
        # Keep what the user typed; move the versions on, so saving again is a decision.
        fresh = selectors.judgements_in(child, period)
        data = request.POST.copy()
        for conflict in conflicts:
            judgement = fresh.get(conflict.area.pk)
            data[f"version_{conflict.area.pk}"] = str(judgement.version) if judgement else ""
        form = JudgementsForm(data, areas=areas, points=points, current=fresh)
        form.is_valid()
        for conflict in conflicts:
            judgement = fresh.get(conflict.area.pk)
            now = f" They recorded: {judgement.point}." if judgement else ""
            form.add_error(
                f"point_{conflict.area.pk}",
                f"{conflict.message}.{now} Check and save again to replace it.",
            )
        existing = fresh
    return render(
        request,
        "learning/tracker_edit.html",
        {
            "child": child,
            "care_setting": child.care_setting,
            "period": period,
            "scale": scale,
            "form": form,
            "existing": existing,
            "back_url": _tracker_url(child),
        },
    )


# --- Early assessment ----------------------------------------------------------------------


@setting_or_la_required
@require_http_methods(["GET"])
def early_assessment_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Show the child's starting point in the prime areas (on both sides, like the tracker)."""
    child = child_get_for(request.access, child_id, Action.VIEW_PROGRESS)
    pages = child_pages(request.access, child)
    return render(
        request,
        "learning/early_assessment.html",
        {
            "child": child,
            "care_setting": child.care_setting,
            "assessment": selectors.early_assessment_of(child),
            "pages": pages,
            "back_url": pages.tracker,
            **flags(request.access, Action.EDIT_TRACKER, child=child),
        },
    )


@setting_required
@require_http_methods(["GET", "POST"])
def early_assessment_edit_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Record or correct the early assessment: one judgement per prime area, and a summary."""
    child = child_get_for(request.access, child_id, Action.EDIT_TRACKER)
    today = dates.today()
    scale = selectors.tracker_scale_for(child.care_setting)
    areas = selectors.prime_areas()
    assessment = selectors.early_assessment_of(child)
    initial: dict[str, Any] = {"completed_on": today, "version": 0}
    if assessment is not None:
        initial = {
            "completed_on": assessment.completed_on,
            "summary": assessment.summary,
            "version": assessment.version,
        }
        for row in assessment.areas.all():
            initial[f"point_{row.area_id}"] = str(row.point_id)
            initial[f"note_{row.area_id}"] = row.note
    kwargs = {"areas": areas, "points": selectors.scale_points(scale), "today": today}
    form = EarlyAssessmentForm(request.POST or None, initial=initial, **kwargs)
    conflict: list[Difference] = []
    if request.method == "POST" and form.is_valid():
        entries = form.entries()
        try:
            services.early_assessment_save(
                child=child,
                by=request.user,
                version=form.cleaned_data["version"],
                completed_on=form.cleaned_data["completed_on"],
                summary=form.cleaned_data["summary"],
                entries=entries,
            )
        except StaleRecord:
            assessment = selectors.early_assessment_of(child)
            conflict = _assessment_differences(assessment, form.cleaned_data, entries)
            form = conflicted_form(
                EarlyAssessmentForm,
                request.POST,
                version=assessment.version if assessment is not None else 0,
                **kwargs,
            )
        else:
            messages.success(request, f"Early assessment of {child} saved")
            return redirect(_tracker_url(child))
    return render(
        request,
        "learning/early_assessment_form.html",
        {
            "child": child,
            "care_setting": child.care_setting,
            "form": form,
            "scale": scale,
            "is_new": assessment is None,
            "conflict": conflict,
            "back_url": _tracker_url(child),
        },
    )


def _assessment_differences(
    saved: Any, typed: dict[str, Any], entries: dict[Any, tuple[Any, str]]
) -> list[Difference]:
    """Return (question, saved now, typed) where the saved assessment differs from the form."""
    if saved is None:
        return []
    rows = {row.area_id: row for row in saved.areas.all()}
    pairs: list[tuple[str, Any, Any]] = [
        ("Date completed", saved.completed_on, typed["completed_on"]),
        ("Summary", saved.summary, typed["summary"]),
    ]
    for area, (point, note) in entries.items():
        row = rows.get(area.pk)
        pairs.append((area.name, row.point.label if row else None, point.label))
        pairs.append((f"Note on {area.name}", row.note if row else None, note))
    return differing(pairs)


# --- Group view --------------------------------------------------------------------------


@setting_required
@require_http_methods(["GET"])
def group_view(request: AccessRequest) -> HttpResponse:
    """Show, for a period and room, how many children are at each judgement in each area."""
    access = request.access
    require(access, Action.VIEW_GROUP_PROGRESS)
    care_setting = access.care_setting
    today = dates.today()
    periods = list(selectors.periods_for(care_setting).filter(starts_on__lte=today))
    rooms = selectors.rooms_of(care_setting)
    form = GroupFilterForm(request.GET or None, periods=periods, rooms=rooms)
    judged_id = selectors.latest_judged_period(care_setting)
    period = next((p for p in periods if p.pk == judged_id), None) or selectors.current_period(
        periods, today
    )
    room = None
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data.get("period")
        period = next((p for p in periods if p.pk == chosen), period)
        chosen_room = form.cleaned_data.get("room")
        room = next((r for r in rooms if str(r.pk) == chosen_room), None)
    if period is not None and not form.is_bound:
        form = GroupFilterForm(initial={"period": period.pk}, periods=periods, rooms=rooms)
    scale = selectors.tracker_scale_for(care_setting)
    progress = (
        selectors.group_progress(care_setting=care_setting, period=period, room=room, scale=scale)
        if period is not None
        else None
    )
    return render(
        request,
        "learning/group_progress.html",
        {
            "care_setting": care_setting,
            "form": form,
            "period": period,
            "room": room,
            "scale": scale,
            "progress": progress,
            **flags(access, Action.CONFIGURE_TRACKER),
        },
    )


# --- Periods and scale ---------------------------------------------------------------------


@setting_required
@require_http_methods(["GET", "POST"])
def periods_view(request: AccessRequest) -> HttpResponse:
    """Choose the setting's tracker scale and manage its assessment periods."""
    access = request.access
    require(access, Action.CONFIGURE_TRACKER)
    care_setting = access.care_setting
    today = dates.today()
    policy = selectors.tracker_policy_for(care_setting)
    own = policy if policy is not None and policy.care_setting_id == care_setting.pk else None
    scale = policy.scale if policy is not None else selectors.tracker_scale_for(care_setting)
    weeks = policy.early_assessment_weeks if policy else selectors.DEFAULT_EARLY_ASSESSMENT_WEEKS
    posted = request.POST if request.method == "POST" else None
    initial = {
        "scale": scale,
        "early_assessment_weeks": weeks,
        "version": own.version if own is not None else 0,
    }
    policy_form = PolicyForm(
        posted if posted and "save_policy" in posted else None, initial=initial, prefix="policy"
    )
    conflict: list[Difference] = []
    period_form = PeriodForm(
        posted if posted and "add_period" in posted else None, prefix="period"
    )
    here = reverse("settings:learning:periods", args=[care_setting.slug])
    if posted and "create_terms" in posted:
        created = services.periods_create_default(
            care_setting=care_setting, today=today, by=request.user
        )
        if created:
            messages.success(request, f"Added {', '.join(p.name for p in created)}")
        else:
            messages.info(request, "This year's terms are already there")
        return redirect(here)
    if policy_form.is_bound and policy_form.is_valid():
        typed = policy_form.cleaned_data
        try:
            services.tracker_policy_set(care_setting=care_setting, by=request.user, **typed)
        except StaleRecord:
            policy = selectors.tracker_policy_for(care_setting)
            own = (
                policy
                if policy is not None and policy.care_setting_id == care_setting.pk
                else None
            )
            saved_scale = policy.scale if policy is not None else scale
            saved_weeks = policy.early_assessment_weeks if policy is not None else weeks
            conflict = differing(
                [
                    ("Tracker scale", saved_scale.name, typed["scale"].name),
                    (
                        "Weeks after starting by which the early assessment is due",
                        saved_weeks,
                        typed["early_assessment_weeks"],
                    ),
                ]
            )
            scale = saved_scale
            policy_form = conflicted_form(
                PolicyForm, posted, version=own.version if own else 0, prefix="policy"
            )
        else:
            messages.success(request, "Tracker scale saved")
            return redirect(here)
    if period_form.is_bound and period_form.is_valid():
        try:
            period = services.period_add(
                care_setting=care_setting, by=request.user, **period_form.cleaned_data
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(here)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    period_form.add_error(field, message)
        else:
            messages.success(request, f"{period.name} added")
            return redirect(here)
    return render(
        request,
        "learning/tracker_periods.html",
        {
            "care_setting": care_setting,
            "policy": policy,
            "own_policy": own,
            "scale": scale,
            "policy_form": policy_form,
            "period_form": period_form,
            "periods": list(selectors.periods_for(care_setting)),
            "today": today,
            "conflict": conflict,
            "has_errors": bool(policy_form.errors or period_form.errors),
        },
    )
