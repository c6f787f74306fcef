"""Observation and learning journey pages, and photos.

Thin views: children come through ``child_get_for`` or the journey selectors (404 outside
scope), writes through ``learning.journey.services``. Photos are served only here, after
the same checks as the journey that shows them, never from a public media URL.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import (
    AccessRequest,
    Action,
    can,
    can_change_observation,
    require,
    setting_or_la_required,
    setting_required,
)
from children.selectors import child_get_for
from common import dates
from common.forms import parse_id
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import Difference, differences, differing
from learning.journey import selectors as selectors
from learning.journey import services as services
from learning.journey.forms import ObservationAddForm, ObservationEditForm
from learning.journey.links import links_allowed, observation_links
from learning.models import Observation
from learning.pages import child_pages

JOURNEY_PAGE_SIZE = 20


def _journey_url(slug: str, child_id: int) -> str:
    return reverse("settings:learning:journey", args=[slug, child_id])


def _photos_dropped(request: AccessRequest, form: Any) -> bool:
    """Return whether photos were chosen but the form must be sent again without them."""
    return bool(request.method == "POST" and form.errors and request.FILES.getlist("photos"))


@setting_required
def observation_add_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.ADD_OBSERVATION)
    today = dates.today()
    children = list(selectors.observable_children(access, today=today))
    groups = selectors.child_groups(children, user=request.user)
    preselected = parse_id(request.GET.get("child"))
    initial: dict[str, Any] = {"observed_on": today, "status": Observation.Status.PUBLISHED}
    if preselected is not None and any(child.pk == preselected for child in children):
        initial["children"] = [str(preselected)]
    form = ObservationAddForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        today=today,
        area_choices=selectors.areas(),
        groups=groups,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("children")
        try:
            services.observation_record(
                care_setting=access.care_setting, by=request.user, children=chosen, **data
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            if len(chosen) == 1:
                return redirect(_journey_url(access.care_setting.slug, chosen[0].pk))
            return redirect("settings:learning:observation_add", access.care_setting.slug)
        except services.PhotoConsentMissing:
            # Consent was withdrawn between the check and the save.
            form.add_error("photos", "A child has no photo consent: remove the photo or the child")
        else:
            worried = (
                " The designated safeguarding lead has been told about your concern."
                if (data["concern"].strip())
                else ""
            )
            messages.success(request, f"Your observation has been saved.{worried}")
            if len(chosen) == 1:
                return redirect(_journey_url(access.care_setting.slug, chosen[0].pk))
            return redirect("settings:learning:observation_add", access.care_setting.slug)
    back_url = ""
    if initial.get("children"):
        back_url = _journey_url(access.care_setting.slug, int(preselected))
    return render(
        request,
        "learning/observation_form.html",
        {
            "form": form,
            "care_setting": access.care_setting,
            "heading": "Record an observation",
            "back_url": back_url,
            "photos_dropped": _photos_dropped(request, form),
            "no_children": not groups,
        },
    )


@setting_required
def observation_edit_view(request: AccessRequest, observation_id: int) -> HttpResponse:
    access = request.access
    observation = selectors.observation_get_for(access, observation_id)
    children = list(observation.children.all())
    photos = list(observation.photos.all())
    kwargs = {
        "today": dates.today(),
        "area_choices": selectors.areas(),
        "photo_room": max(services.MAX_PHOTOS - len(photos), 0),
        "children": children,
    }
    initial = {
        "version": observation.version,
        "observed_on": observation.observed_on,
        "text": observation.text,
        "areas": [area.pk for area in observation.areas.all()],
        "next_steps": observation.next_steps,
        "status": observation.status,
        "visible_to_carers": observation.visible_to_carers,
    }
    form = ObservationEditForm(
        request.POST or None, request.FILES or None, initial=initial, **kwargs
    )
    back_url = _journey_url(access.care_setting.slug, children[0].pk)
    conflict: list[Difference] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.observation_update(
                observation=observation, by=request.user, version=version, **data
            )
        except services.StaleObservation:
            saved = selectors.observation_get_for(access, observation_id)
            conflict = _observation_differences(saved, data, form)
            retyped = request.POST.copy()
            retyped["version"] = str(saved.version)
            form = ObservationEditForm(retyped, initial=initial, **kwargs)
            form.is_valid()
            form.add_error(None, services.CONFLICT_MESSAGE)
        except services.PhotoConsentMissing:
            form.add_error("photos", "A child has no photo consent: remove the photo")
        else:
            messages.success(request, "The observation has been changed.")
            return redirect(back_url)
    return render(
        request,
        "learning/observation_form.html",
        {
            "form": form,
            "care_setting": access.care_setting,
            "heading": "Change the observation",
            "back_url": back_url,
            "observation": observation,
            "observation_links": observation_links(links_allowed(access), access, observation),
            "observation_children": children,
            "photos": photos,
            "photos_dropped": _photos_dropped(request, form),
            "conflict": conflict,
        },
    )


def _observation_differences(
    saved: Observation, typed: dict[str, Any], form: Any
) -> list[Difference]:
    """Return (question, saved now, typed) where the saved observation differs from the form."""
    names = ("observed_on", "text", "next_steps", "status", "visible_to_carers")
    labels = {name: form.fields[name].label for name in names}
    rows = differences(saved, {name: typed[name] for name in names}, labels=labels)
    saved_areas = sorted(area.name for area in saved.areas.all())
    typed_areas = sorted(area.name for area in typed["areas"])
    return rows + differing([(str(form.fields["areas"].label), saved_areas, typed_areas)])


@setting_required
@require_POST
def observation_publish_view(request: AccessRequest, observation_id: int) -> HttpResponse:
    access = request.access
    observation = selectors.observation_get_for(access, observation_id)
    services.observation_publish(observation=observation, by=request.user)
    messages.success(request, "The observation has been published.")
    children = list(observation.children.all())
    return redirect(_journey_url(access.care_setting.slug, children[0].pk))


@setting_or_la_required
def journey_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's learning journey: a timeline of observations, filterable by area.

    Served on both sides; under an LA it is read-only and shows published observations only.
    """
    access = request.access
    child = child_get_for(access, child_id, Action.VIEW_PROGRESS)
    pages = child_pages(access, child)
    areas = selectors.areas()
    area_code = request.GET.get("area", "")
    if area_code and area_code not in {area.code for area in areas}:
        area_code = ""
    observations = selectors.journey_for(access, child, area_code=area_code)
    page = Paginator(observations, JOURNEY_PAGE_SIZE).get_page(request.GET.get("page"))
    links = links_allowed(access)
    entries = [
        (
            observation,
            [other for other in observation.children.all() if other.pk != child.pk],
            can_change_observation(access, author_id=observation.author_id),
            [(photo, pages.photo(photo.pk)) for photo in observation.photos.all()],
            observation_links(links, access, observation, child),
        )
        for observation in page
    ]
    may_add = can(access, Action.ADD_OBSERVATION, child=child)
    return render(
        request,
        "learning/journey_detail.html",
        {
            "care_setting": child.care_setting,
            "child": child,
            "pages": pages,
            "areas": areas,
            "area_code": area_code,
            "area_name": next((a.name for a in areas if a.code == area_code), ""),
            "page": page,
            "entries": entries,
            "may_add": may_add,
            "child_url": pages.hub if can(access, Action.VIEW_CHILD, child=child) else "",
        },
    )


@setting_or_la_required
def photo_view(request: AccessRequest, photo_id: int) -> FileResponse:
    """Send a photo to someone who may see the journey it belongs to; 404 to anyone else."""
    photo = selectors.photo_get_for(request.access, photo_id)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
