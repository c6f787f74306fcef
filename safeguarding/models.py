"""Safeguarding records of a setting's children: concerns, for now."""

from django.db import models
from django.utils import timezone

from accounts.models import User
from children.models import Child
from learning.models import Observation


class Concern(models.Model):
    """A concern about a child's welfare, passed to the setting's DSL to read and acknowledge.

    Raised today from an observation (``observation`` keeps which one, when it still
    exists); never shown to carers. The table was the learning app's "DSL referral" and
    its rows, audit trail and reminders came with it.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="concerns")
    observation = models.ForeignKey(
        Observation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        # The trail's label of the record: the everyday word the pages use.
        return f"Worry about {self.child} raised {self.raised_at:%d %b %Y}"
