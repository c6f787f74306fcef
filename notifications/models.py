"""Notifications: the outbox of reminders, read in the app and e-mailed as a daily digest."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, User


class Notification(models.Model):
    """One reminder for one person. ``dedup_key`` makes writing it twice impossible."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=48)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    due_on = models.DateField(null=True, blank=True)
    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    dedup_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # An immediate e-mail alert was sent (rules with an ``alert``); the digest still lists it.
    alerted_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
