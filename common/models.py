"""Base models, the audit trail and used form submissions. No domain rules live here."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Versioned(models.Model):
    """A record two people may edit at once.

    ``version`` rises with every save, and an edit names the version its form was rendered
    at, so a save made over someone else's is detected (``common.versioning``).
    """

    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every edit, so a concurrent edit is detected."
    )

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which record, when and from where.

    ``target`` is the record acted on; ``subject`` the record whose trail it
    belongs to (a child, for an observation about that child). ``care_setting``
    and ``local_authority`` scope who may read the event. ``restricted_to`` names
    the right (an action of the permission module) a reader needs to see the event
    at all, set by the service that writes it; blank for none.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    verb = models.CharField(max_length=64)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(max_length=254, blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    care_setting = models.ForeignKey(
        "accounts.CareSetting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    local_authority = models.ForeignKey(
        "accounts.LocalAuthority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    restricted_to = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "-at"], name="audit_subject_at"),
            models.Index(fields=["care_setting", "-at"], name="audit_setting_at"),
            models.Index(fields=["local_authority", "-at"], name="audit_la_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"

    @property
    def verb_label(self) -> str:
        """Return the verb for people: its app's label ("Member of staff invited")."""
        from common.audit import verb_label  # the registry lives with the audit mechanism

        return verb_label(self.verb)


class SubmissionToken(models.Model):
    """A form render whose submission has been saved (``common.submissions``).

    The token is made fresh for each render of a form that creates a record, and claimed in
    the transaction that saves it: the unique index refuses the same render sent twice.
    ``target`` is what the first submission saved, to send the second one to the same place.
    """

    token = models.UUIDField(unique=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    used_at = models.DateTimeField(default=timezone.now, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    def __str__(self) -> str:
        return f"Form submission {self.token} at {self.used_at:%Y-%m-%d %H:%M}"
