"""The signed-in user's notifications: list them, open one, mark them all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import selectors, services

PAGE_SIZE = 25


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Counted here too, so the page works (and the header shows it) whatever the settings;
    # it takes the place of the context processor's lazy count, which then makes no query.
    unread = selectors.unread_count_for(request.user)
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "notifications_unread": unread},
    )


@require_POST
@login_required
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read, then open the page it is about (a local path only)."""
    notification = selectors.notification_get_for(request.user, notification_id)
    services.notification_mark_read(notification=notification, now=timezone.now())
    if _is_local_path(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    marked = services.notifications_mark_all_read(recipient=request.user, now=timezone.now())
    if marked:
        messages.success(
            request, f"{marked} notification{'s' if marked != 1 else ''} marked as read"
        )
    return redirect("notifications:list")


def _is_local_path(url: str) -> bool:
    # A path on this site: "/…" but not "//host" or "/\host", which browsers treat as hosts.
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )
