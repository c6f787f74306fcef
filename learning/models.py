"""Framework data, trackers, early assessment, observations and the progress check at two."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, LocalAuthority, User
from children.models import Child
from common.models import Versioned


class Area(models.Model):
    """One of the seven EYFS areas of learning (shipped by a data migration)."""

    class Kind(models.TextChoices):
        PRIME = "prime", "Prime"
        SPECIFIC = "specific", "Specific"

    code = models.CharField(max_length=6, unique=True)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=8, choices=Kind)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class EarlyLearningGoal(models.Model):
    """One of the 17 Early Learning Goals, under its current name."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="goals")
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="elg_unique_name")]

    def __str__(self) -> str:
        return self.name


class TrackerScale(models.Model):
    """A best-fit scale: Development Matters, Birth to 5 Matters ranges, EYFSP, …"""

    class Framework(models.TextChoices):
        DEVELOPMENT_MATTERS = "dm", "Development Matters"
        BIRTH_TO_5 = "b25m", "Birth to 5 Matters"
        EYFS_PROFILE = "eyfsp", "EYFS profile"
        OTHER = "other", "Other"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    framework = models.CharField(max_length=8, choices=Framework)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScalePoint(models.Model):
    """One judgement on a scale, in order (lowest first)."""

    scale = models.ForeignKey(TrackerScale, on_delete=models.CASCADE, related_name="points")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()
    # Below what is expected for the child's age: highlighted in the group view.
    is_concern = models.BooleanField(default=False)

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="scale_point_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class TrackerPolicy(Versioned):
    """The scale an LA recommends (care_setting empty) or a setting uses."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    care_setting = models.OneToOneField(
        CareSetting, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scale = models.ForeignKey(TrackerScale, on_delete=models.PROTECT, related_name="+")
    early_assessment_weeks = models.PositiveSmallIntegerField(
        default=6, help_text="Weeks after starting by which the early assessment is due."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="tracker_policy_for_la_or_setting",
                condition=Q(local_authority__isnull=False, care_setting__isnull=True)
                | Q(local_authority__isnull=True, care_setting__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["local_authority"],
                condition=Q(care_setting__isnull=True),
                name="tracker_policy_one_per_la",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.care_setting or self.local_authority}: {self.scale}"


class AssessmentPeriod(models.Model):
    """A tracking period (a term, by default) for a setting."""

    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, related_name="assessment_periods"
    )
    name = models.CharField(max_length=40)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["care_setting", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["care_setting", "name"], name="period_unique_name"),
            models.CheckConstraint(
                name="period_ends_after_start", condition=Q(ends_on__gt=models.F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EarlyAssessment(Versioned):
    """The child's starting point in the prime areas, in the first weeks after starting."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="early_assessment")
    completed_on = models.DateField()
    summary = models.TextField(blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Early assessment of {self.child}"


class EarlyAssessmentArea(models.Model):
    assessment = models.ForeignKey(EarlyAssessment, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(ScalePoint, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="early_assessment_one_per_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.point}"


class TrackerJudgement(models.Model):
    """A best-fit judgement of a child in one area for one period."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="judgements")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(AssessmentPeriod, on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(ScalePoint, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    judged_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["period__starts_on", "area__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "area", "period"], name="judgement_one_per_child_area_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child}, {self.area}, {self.period}: {self.point}"


class Observation(models.Model):
    """An entry in the learning journey, about one or several children."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, related_name="observations"
    )
    children = models.ManyToManyField(Child, related_name="observations")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    observed_on = models.DateField()
    text = models.TextField()
    areas = models.ManyToManyField(Area, related_name="+", blank=True)
    next_steps = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    visible_to_carers = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-observed_on", "-created_at"]
        indexes = [
            models.Index(fields=["care_setting", "-observed_on"], name="observation_setting_date")
        ]

    def __str__(self) -> str:
        return f"Observation on {self.observed_on}"


def _photo_path(instance: "ObservationPhoto", filename: str) -> str:
    return f"observations/{instance.observation_id}/{timezone.now():%Y%m%d%H%M%S%f}.jpg"


class ObservationPhoto(models.Model):
    """A photo on an observation: resized, stored privately, served through a checked view."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Photo {self.pk} of observation {self.observation_id}"


class ProgressCheckAtTwo(models.Model):
    """The "Progress check at age two": once, between 24 and 36 months."""

    child = models.OneToOneField(
        Child, on_delete=models.CASCADE, related_name="progress_check_at_two"
    )
    completed_on = models.DateField()
    communication_and_language = models.TextField()
    personal_social_emotional = models.TextField()
    physical_development = models.TextField()
    strengths = models.TextField()
    less_than_expected = models.TextField("areas where progress is less than expected", blank=True)
    next_steps = models.TextField()
    parent_comments = models.TextField("parent or carer comments", blank=True)
    childs_voice = models.TextField("the child's voice", blank=True)
    shared_with_health_visitor_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "progress check at age two"

    def __str__(self) -> str:
        return f"Progress check at age two: {self.child}"


class Pathway(models.Model):
    """A Development Matters pathway: the age band whose statements guide a judgement."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class ProgressCheckNotDone(models.Model):
    """Why a child's progress check at age two was not done, recorded instead of the check.

    Once recorded, the check's reminders stop: the setting has accounted for it.
    """

    child = models.OneToOneField(
        Child, on_delete=models.CASCADE, related_name="progress_check_not_done"
    )
    reason = models.TextField()
    decided_on = models.DateField()
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "progress check at age two not done"
        verbose_name_plural = "progress checks at age two not done"

    def __str__(self) -> str:
        return f"Progress check at age two not done: {self.child}"
