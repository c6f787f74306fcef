"""Support for settings: who supports each setting, notes of visit, action plans, strategy.

The LA's improvement advisors keep these records about the settings they support; the
settings' managers read those of their own setting (the door's ``quality_record_q`` and
``visit_q``). Ofsted inspections themselves are ``accounts.OfstedInspection``; the support
level follows from the latest one (``quality.inspections``). No grade is ever given here:
Ofsted is the sole arbiter, and a note of visit records three questions and two scales.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, LocalAuthority, OfstedInspection, User
from common.models import Versioned

SCALE = [MinValueValidator(0), MaxValueValidator(10)]


class SettingSupport(Versioned):
    """Who the LA has allocated to support a setting, besides its improvement advisors.

    The improvement advisors are ``accounts.AdvisorAssignment``; the expected date of the next
    inspection is worked out from the latest one unless an advisor knows better.
    """

    care_setting = models.OneToOneField(
        CareSetting, on_delete=models.CASCADE, related_name="support"
    )
    sufficiency_officer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area_senco_name = models.CharField("Area SENCo", max_length=120, blank=True)
    area_senco_email = models.EmailField("Area SENCo's e-mail", blank=True)
    next_inspection_expected = models.DateField(
        "next inspection expected by",
        null=True,
        blank=True,
        help_text="Leave blank to work it out from the latest inspection.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Support for {self.care_setting}"


class ActionPlan(Versioned):
    """A setting's action plan after an inspection below Good, with its support package.

    Opened when a below-Good inspection is recorded (or by the advisor); the advisor
    contacts the setting within the LA's ``below_good_contact_days``; the setting writes its
    actions; the advisor comments and brokers support. Closed when the next inspection is
    Good or better, which makes a maintenance contact due.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Engagement(models.TextChoices):
        ENGAGED = "engaged", "Engaged"
        DECLINED = "declined", "Declined support"
        NOT_ENGAGED = "not_engaged", "Not engaged"

    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.PROTECT, related_name="action_plans"
    )
    inspection = models.ForeignKey(
        OfstedInspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The inspection below Good that opened the plan.",
    )
    opened_on = models.DateField(default=timezone.localdate)
    opened_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_due_by = models.DateField("contact the setting by")
    contacted_on = models.DateField("setting contacted on", null=True, blank=True)
    contacted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    advisor_comment = models.TextField("advisor's comments", blank=True)
    engagement = models.CharField(max_length=12, choices=Engagement, default=Engagement.ENGAGED)
    engagement_recorded_on = models.DateField(null=True, blank=True)
    engagement_notes = models.TextField("what happened", blank=True)
    ofsted_informed_on = models.DateField("Ofsted informed on", null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closing_inspection = models.ForeignKey(
        OfstedInspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    maintenance_contact_due = models.DateField(null=True, blank=True)
    maintenance_contact_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["care_setting"],
                condition=Q(status="open"),
                name="quality_one_open_plan_per_setting",
                violation_error_message="This setting already has an open action plan.",
            ),
        ]

    def __str__(self) -> str:
        return f"Action plan for {self.care_setting}, opened {self.opened_on:%d %B %Y}"


class PlanAction(Versioned):
    """One action of a setting's plan: the concern, what needs to happen, who, by when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField()
    concern = models.TextField("what is the concern")
    action = models.TextField("what needs to happen")
    who = models.CharField("who will do it", max_length=150)
    due_on = models.DateField("by when")
    evidence = models.TextField("evidence of progress", blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    advisor_comment = models.TextField("advisor's comment", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="quality_action_number"),
        ]

    def __str__(self) -> str:
        return f"Action {self.number}"


class SupportItem(Versioned):
    """One part of the support package brokered for a setting, and what was taken up."""

    class Kind(models.TextChoices):
        ADVISORY_VISITS = "advisory_visits", "Advisory visits"
        PEER = "peer", "Peer-to-peer support"
        IN_HOUSE_TRAINING = "in_house_training", "In-house training"
        EXTERNAL_TRAINING = "external_training", "Signposting to external training"
        REMOTE = "remote", "E-mail and telephone support"

    class TakeUp(models.TextChoices):
        OFFERED = "offered", "Offered"
        TAKEN_UP = "taken_up", "Taken up"
        PARTLY = "partly", "Partly taken up"
        NOT_TAKEN_UP = "not_taken_up", "Not taken up"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(max_length=20, choices=Kind)
    detail = models.TextField("what is offered")
    offered_on = models.DateField(default=timezone.localdate)
    take_up = models.CharField(max_length=14, choices=TakeUp, default=TakeUp.OFFERED)
    take_up_notes = models.TextField("what was taken up", blank=True)
    brokered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "offered_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Visit(Versioned):
    """A visit to a setting and its notes, written with the Positive Practice Tool.

    Three questions and, optionally, where the setting and the advisor each put things on a
    0 to 10 scale. No grade is given. The setting's manager reads the notes once shared and may
    add their own reflections.
    """

    class Kind(models.TextChoices):
        PRE_INSPECTION = "pre_inspection", "Pre-inspection"
        POST_INSPECTION = "post_inspection", "After an inspection"
        SUPPORT = "support", "Support"
        MONITORING = "monitoring", "Monitoring"
        MAINTENANCE = "maintenance", "Maintenance contact"

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="visits")
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    visited_on = models.DateField("date of visit")
    kind = models.CharField("kind of visit", max_length=16, choices=Kind)
    advisor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    met_with = models.CharField("who was met", max_length=300)
    working_well = models.TextField("what is working well?")
    worried_about = models.TextField("what are we worried about?")
    needs_to_happen = models.TextField("what needs to happen?")
    setting_scale = models.PositiveSmallIntegerField(
        "where the setting puts itself (0 to 10)", null=True, blank=True, validators=SCALE
    )
    advisor_scale = models.PositiveSmallIntegerField(
        "where the advisor puts it (0 to 10)", null=True, blank=True, validators=SCALE
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reflections = models.TextField("the setting's reflections", blank=True)
    reflections_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reflections_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["care_setting", "-visited_on"], name="quality_visit_recent")
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} visit to {self.care_setting}, {self.visited_on:%d %B %Y}"
        )


class StrategyChapter(Versioned):
    """A chapter of the LA's early years strategy action plan, e.g. "2 Children in care"."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="strategy_chapters"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["local_authority", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "number"],
                name="quality_chapter_number",
                violation_error_message="There is already a chapter with this number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StrategyCommitment(Versioned):
    """A numbered commitment of the strategy, e.g. "2.4 (iv) Track and monitor attainment"."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ONGOING = "ongoing", "Ongoing"
        COMPLETE = "complete", "Complete"
        DEFERRED = "deferred", "Deferred"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="strategy_commitments"
    )
    chapter = models.ForeignKey(
        StrategyChapter, on_delete=models.PROTECT, related_name="commitments"
    )
    reference = models.CharField("number", max_length=30, help_text="For example, 2.4 (iv)")
    position = models.PositiveIntegerField(default=0, help_text="Order within the chapter.")
    text = models.TextField("commitment")
    leading = models.CharField("who is leading", max_length=200)
    leads = models.ManyToManyField(User, blank=True, related_name="+")
    timescale = models.DateField("to be done by", null=True, blank=True)
    timescale_note = models.CharField(
        "timescale", max_length=80, blank=True, help_text="For example, Ongoing, or By summer 2027"
    )
    existing_plan = models.CharField("the existing plan it belongs to", max_length=200, blank=True)
    resources = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag, default=Rag.GREEN)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["chapter__number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "reference"],
                name="quality_commitment_reference",
                violation_error_message="There is already a commitment with this number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:60]}"


class StrategyUpdate(models.Model):
    """A dated progress update on a commitment, with its status and RAG at the time."""

    commitment = models.ForeignKey(
        StrategyCommitment, on_delete=models.CASCADE, related_name="updates"
    )
    written_on = models.DateField(default=timezone.localdate)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField("progress")
    status = models.CharField(max_length=12, choices=StrategyCommitment.Status)
    rag = models.CharField("RAG rating", max_length=5, choices=StrategyCommitment.Rag)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.commitment.reference}, {self.written_on:%d %B %Y}"
