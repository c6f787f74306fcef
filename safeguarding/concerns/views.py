"""Pages of the setting's concerns, and the learning journey's old addresses of them.

Thin views: concerns come through ``safeguarding.selectors`` (404 without the right),
writes through ``safeguarding.services``. The old addresses answer as before to anyone
who may not see concerns (404) and send everyone else on to the new pages.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import AccessRequest, Action, require, setting_required
from safeguarding.concerns import selectors, services
from safeguarding.selectors import record_read


@setting_required
def concern_list_view(request: AccessRequest) -> HttpResponse:
    """Concerns passed to the DSL, not yet acknowledged."""
    access = request.access
    concerns = list(selectors.concerns_waiting_for(access))
    return render(
        request,
        "safeguarding/concern_list.html",
        {"care_setting": access.care_setting, "concerns": concerns},
    )


@setting_required
@require_POST
def concern_acknowledge_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    access = request.access
    concern = selectors.concern_get_for(access, concern_id)
    services.concern_acknowledge(concern=concern, by=request.user)
    messages.success(request, f"The worry about {concern.child} has been acknowledged.")
    return redirect("settings:safeguarding:concern_list", access.care_setting.slug)


@setting_required
def moved_concern_list_view(request: AccessRequest) -> HttpResponse:
    """Send the old address of the concerns page on to the new one, after the same check."""
    access = request.access
    require(access, Action.VIEW_CONCERNS)
    return redirect("settings:safeguarding:concern_list", access.care_setting.slug)


@setting_required
def moved_concern_acknowledge_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Send the old address of acknowledging a concern to the concerns page, acting on nothing.

    Only a page rendered before the move posts here: the concern is checked as the new
    address would (404 to anyone who may not see it) and stays waiting, to be acknowledged
    from the concerns page.
    """
    access = request.access
    selectors.concern_get_for(access, concern_id)
    return redirect("settings:safeguarding:concern_list", access.care_setting.slug)


@setting_required
def concern_detail_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """One concern as the DSL reads it: what happened, the body map, the DSL's log."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id)
    record_read(access, page=f"Concern {concern.reference}", child=concern.child, target=concern)
    return render(
        request,
        "safeguarding/concern_detail.html",
        {
            "care_setting": access.care_setting,
            "concern": concern,
            "marks": list(concern.marks.all()),
            "actions": list(concern.actions.select_related("by")),
        },
    )
