"""Read a person's notifications. Every read is scoped to the recipient: nobody else's."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from notifications.models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    """Return the user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_get_for(user: User, notification_id: int) -> Notification:
    """Return the user's notification; 404 for anyone else's, so none is revealed."""
    return get_object_or_404(Notification, pk=notification_id, recipient=user)


def unread_count_for(user: User) -> int:
    """Return how many of the user's notifications are unread: one COUNT query."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
