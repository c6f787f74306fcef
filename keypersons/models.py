"""Key-person allocations with their history, and staff training records."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, User
from children.models import Child


class KeyPersonAllocation(models.Model):
    """A member of staff who is a child's key person (or buddy) from one day to another."""

    class Kind(models.TextChoices):
        KEY_PERSON = "key_person", "Key person"
        BUDDY = "buddy", "Buddy key person"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    staff = models.ForeignKey(User, on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.KEY_PERSON)
    is_designated = models.BooleanField(
        "designated key person for a child in care",
        default=False,
        help_text="The setting's lead for this looked-after child's education.",
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=250, blank=True)
    allocated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who ended it (or allocated the next one), to explain to a colleague who tries again.
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=Q(ends_on__isnull=True),
                name="allocation_one_current_per_child_and_kind",
            ),
            models.CheckConstraint(
                name="allocation_ends_after_it_starts",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
        ]
        indexes = [
            models.Index(
                fields=["staff", "kind"],
                name="allocation_staff_current",
                condition=Q(ends_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_kind_display()} for {self.child}"


class TrainingRecord(models.Model):
    """A course a member of staff has completed, and when it needs refreshing."""

    class Course(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding and child protection"
        DSL = "dsl", "Designated safeguarding lead"
        CHILDREN_IN_CARE = "children_in_care", "Children in care: designated key person"
        ATTACHMENT_TRAUMA = "attachment_trauma", "Attachment and trauma awareness"
        POSITIVE_BEHAVIOUR = "positive_behaviour", "Positive behaviour"
        PAEDIATRIC_FIRST_AID = "paediatric_first_aid", "Paediatric first aid"

    staff = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_records")
    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, related_name="training_records"
    )
    course = models.CharField(max_length=24, choices=Course)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    provider = models.CharField(max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["staff__full_name", "course", "-completed_on"]
        constraints = [
            models.CheckConstraint(
                name="training_expires_after_completion",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
            ),
        ]
        indexes = [models.Index(fields=["care_setting", "expires_on"], name="training_expiry")]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_course_display()} on {self.completed_on}"
