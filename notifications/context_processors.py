"""Give every page the signed-in user's unread notification count, for the header."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count_for


def unread(request: HttpRequest) -> dict[str, Any]:
    """Return ``notifications_unread``: counted lazily, once, and only for a signed-in user.

    Anonymous requests and responses that never show the header make no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count_for(user))}
