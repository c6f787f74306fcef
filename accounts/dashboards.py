"""The shape every dashboard shares: its place, the right to open it, what it shows, a page.

Here, beside the door it wraps, so the LA administrator's overview (accounts) and the
workspace's dashboards (the setting's overview, "My key children", the advisor's home)
share it without accounts reaching up.

A dashboard is a function that returns what its template shows, given the request, the
viewer's ``Access`` and today's date; ``dashboard`` wraps it in the place's door
(``setting_required`` or ``la_required``), asks for the right first, adds the flags its
template asks and renders. So a dashboard names only its selectors.
"""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from accounts.permissions import Access, AccessRequest, Action, flags, require
from common import dates

Build = Callable[[AccessRequest, Access, date], dict[str, Any]]
View = Callable[..., HttpResponse]


def dashboard(
    door: Callable[[View], View],
    *,
    action: Action,
    template: str,
    flag_actions: tuple[Action, ...] = (),
) -> Callable[[Build], View]:
    """Make a view of ``build``: through the door, with the right, flags added, rendered."""

    def decorate(build: Build) -> View:
        @door
        @wraps(build)
        def view(request: AccessRequest) -> HttpResponse:
            access = request.access
            require(access, action)
            context = build(request, access, dates.today())
            return render(request, template, {**context, **flags(access, *flag_actions)})

        return view

    return decorate
