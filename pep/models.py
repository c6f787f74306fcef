"""Personal Education Plans: cycles and their paperwork, meetings, targets, QA and packs.

One ``Pep`` row is one PEP cycle of one looked-after child: the statutory clock (``due_on``)
set when the cycle opens, the paperwork the key person completes, the meeting that agrees
the targets, the LA's quality assurance and, once signed off, the locked PDF pack. A child
has at most one *current* PEP (a named constraint); the clock (``pep.clock.services``)
keeps exactly one for every looked-after child of early years PEP age.

A signed PEP is never edited. A correction is a new ``Pep`` row that ``corrects`` the
signed one (same cycle dates, its own version number and reason), which is signed off in
its turn; the old row and its pack stay as they were.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, LocalAuthority, User
from children.models import Child, TeamMember
from common.models import Versioned
from learning.models import Area, ObservationPhoto


class Pep(Versioned):
    """One PEP cycle of a looked-after child, from its opening to sign-off or closing."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial PEP"
        REVIEW = "review", "PEP review"
        CHANGE_OF_SETTING = "change_of_setting", "PEP after a change of setting"

    class Status(models.TextChoices):
        DUE = "due", "Not yet scheduled"
        SCHEDULED = "scheduled", "Meeting scheduled"
        PAPERWORK_REQUESTED = "paperwork_requested", "Paperwork requested"
        SUBMITTED = "submitted", "Paperwork submitted"
        AWAITING_QA = "awaiting_qa", "Awaiting quality assurance"
        RETURNED = "returned", "Returned"
        SIGNED_OFF = "signed_off", "Signed off"
        CLOSED = "closed", "Closed"

    class ClosedReason(models.TextChoices):
        LEFT_CARE = "left_care", "The child is no longer looked after"
        LEFT_SETTING = "left_setting", "The child left the setting"
        CHANGE_OF_SETTING = "change_of_setting", "Replaced by a PEP after a change of setting"
        SUPERSEDED = "superseded", "Replaced by a correction"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    # Statuses in which the paperwork may still be changed by the setting.
    OPEN_STATUSES = (
        Status.DUE,
        Status.SCHEDULED,
        Status.PAPERWORK_REQUESTED,
        Status.RETURNED,
    )
    LOCKED_STATUSES = (Status.SIGNED_OFF, Status.CLOSED)
    # "More about me": the child's voice, in the order the prompts are asked.
    VOICE_FIELDS = (
        "voice_likes",
        "voice_dislikes",
        "voice_comforters",
        "voice_routines",
        "voice_important_people",
        "voice_happy",
        "voice_worried",
        "voice_calm",
        "voice_how_i_show_it",
    )

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="peps")
    care_setting = models.ForeignKey(
        CareSetting,
        on_delete=models.PROTECT,
        related_name="peps",
        help_text="The setting the child attended when the cycle opened.",
    )
    responsible_la = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="peps",
        verbose_name="responsible local authority",
        help_text="The LA that arranges this PEP (the child's responsible LA at opening).",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.DUE)
    is_current = models.BooleanField(
        default=True, help_text="The child's current cycle: at most one per child."
    )
    # The statutory clock.
    opened_on = models.DateField(help_text="The day the cycle's clock started.")
    due_on = models.DateField("PEP due by")
    clock_rule = models.CharField(
        max_length=200, blank=True, help_text="How the due date was worked out, in words."
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The PEP before this one, whose targets this one reviews.",
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(max_length=20, choices=ClosedReason, blank=True)
    # A correction of a signed PEP: a new version that keeps the old.
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The signed PEP this one corrects.",
    )
    correction_reason = models.TextField(blank=True)
    document_version = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the PEP as first signed, 2 for its first correction..."
    )

    # Paperwork: "More about me", in the child's words or as the key person saw it.
    voice_likes = models.TextField("What I like", blank=True)
    voice_dislikes = models.TextField("What I don't like", blank=True)
    voice_comforters = models.TextField("What comforts me", blank=True)
    voice_routines = models.TextField("My routines", blank=True)
    voice_important_people = models.TextField("People who are important to me", blank=True)
    voice_happy = models.TextField("What makes me happy", blank=True)
    voice_worried = models.TextField("What makes me worried or upset", blank=True)
    voice_calm = models.TextField("What helps me feel calm", blank=True)
    voice_how_i_show_it = models.TextField("How I show how I feel", blank=True)
    voice_photos = models.ManyToManyField(
        ObservationPhoto, blank=True, related_name="+", verbose_name="photos from my journey"
    )
    # Views, typed by the key person from what they were told, or by the advisor.
    carer_views = models.TextField("carer's views", blank=True)
    carer_views_source = models.CharField(
        "how the carer's views were given", max_length=150, blank=True
    )
    social_worker_views = models.TextField("social worker's views", blank=True)
    social_worker_views_source = models.CharField(
        "how the social worker's views were given", max_length=150, blank=True
    )
    # Attendance, health and SEND.
    sessions_offered = models.PositiveSmallIntegerField(
        "sessions offered this term", null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    sessions_attended = models.PositiveSmallIntegerField(
        "sessions attended this term", null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    funded_hours = models.DecimalField(
        "funded hours a week",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    attendance_notes = models.TextField(blank=True)
    health = models.TextField("health and wellbeing", blank=True)
    sen_support = models.TextField("SEN status and support", blank=True)
    # Progress: prefilled from the tracker while the paperwork is open, frozen on submission.
    progress_notes = models.TextField("the key person's summary of progress", blank=True)
    progress_snapshot = models.JSONField(
        null=True,
        blank=True,
        help_text="The tracker as it stood at submission: never rewritten by later edits.",
    )
    transition_notes = models.TextField("transition to school", blank=True)
    paperwork_requested_on = models.DateField(null=True, blank=True)
    paperwork_due_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # After the meeting.
    next_pep_on = models.DateField("date of the next PEP", null=True, blank=True)
    meeting_outcome = models.TextField(
        blank=True, help_text="Out of county: what the responsible LA's meeting decided."
    )
    # Quality assurance by the LA (the latest; each decision is a QaReview).
    rag = models.CharField("QA rating", max_length=5, choices=Rag, blank=True)
    qa_feedback = models.TextField("QA feedback", blank=True)
    returned_reason = models.TextField(blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(is_current=True),
                name="pep_one_current_per_child",
            ),
            models.CheckConstraint(
                name="pep_closed_has_reason",
                condition=~Q(status="closed") | ~Q(closed_reason=""),
            ),
            models.CheckConstraint(
                name="pep_correction_has_reason",
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["responsible_la", "status"], name="pep_la_status"),
            models.Index(fields=["care_setting", "is_current"], name="pep_setting_current"),
            models.Index(fields=["is_current", "due_on"], name="pep_current_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on:%-d %B %Y}"

    @property
    def is_locked(self) -> bool:
        """Signed off or closed: nobody changes it (a correction is a new version)."""
        return self.status in self.LOCKED_STATUSES

    @property
    def is_out_of_county(self) -> bool:
        return self.responsible_la_id != self.care_setting.local_authority_id


class Meeting(Versioned):
    """A meeting about a looked-after child, with a calendar invite that moves when it moves.

    ``uid`` is the iCalendar UID for the meeting's whole life; ``sequence`` rises with
    every change sent to the invitees (a reschedule, a cancellation).
    """

    class Kind(models.TextChoices):
        PEP = "pep", "PEP meeting"
        LAC_REVIEW = "lac_review", "Looked-after review"
        ADVISOR_VISIT = "advisor_visit", "Improvement advisor visit"
        TRANSITION = "transition", "Transition meeting with the receiving school"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CONFIRMED = "confirmed", "Confirmed"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="meetings")
    pep = models.ForeignKey(
        Pep, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.PEP)
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("place", max_length=200, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    organiser = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    cancelled_reason = models.TextField(blank=True)
    reschedule_reason = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    held_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            ),
            models.CheckConstraint(
                name="meeting_cancelled_has_reason",
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
            ),
            models.CheckConstraint(
                name="meeting_pep_kind_has_pep",
                condition=~Q(kind="pep") | Q(pep__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_status_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.starts_at):%-d %B %Y}"


class Invitee(models.Model):
    """Someone invited to a meeting: a member of the team around the child or a user."""

    class Attendance(models.TextChoices):
        UNKNOWN = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Did not attend"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    team_member = models.ForeignKey(
        TeamMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when the invitee signs in to the portal (the key person, an advisor).",
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class PepTarget(models.Model):
    """A SMART target agreed at the PEP meeting."""

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    target = models.TextField()
    actions = models.TextField(blank=True)
    who = models.CharField(max_length=150, blank=True)
    by_when = models.DateField(null=True, blank=True)
    success_measure = models.TextField("how success is measured", blank=True)
    eypp_funded = models.BooleanField("funded by EYPP", default=False)
    cost = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.target[:80]

    def smart_warnings(self) -> list[str]:
        """Return what keeps the target from being specific: no date, owner or measure."""
        warnings = []
        if self.by_when is None:
            warnings.append("It has no date to be achieved by.")
        if not self.who.strip():
            warnings.append("It does not say who will do it.")
        if not self.success_measure.strip():
            warnings.append("It does not say how success will be measured.")
        return warnings


class TargetReview(models.Model):
    """How a previous PEP's target went, reviewed in the next PEP's paperwork."""

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        CARRIED_FORWARD = "carried_forward", "Carried forward"

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="target_reviews")
    target = models.ForeignKey(PepTarget, on_delete=models.PROTECT, related_name="reviews")
    outcome = models.CharField(max_length=16, choices=Outcome)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["target__order", "target__pk"]
        constraints = [
            models.UniqueConstraint(fields=["pep", "target"], name="target_review_once_per_pep")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.target}"


class QaReview(models.Model):
    """One quality-assurance decision on a PEP by the LA: returned, or signed off."""

    class Decision(models.TextChoices):
        FEEDBACK = "feedback", "Feedback only"
        RETURNED = "returned", "Returned"
        SIGNED_OFF = "signed_off", "Signed off"

    # The virtual school's checklist (DOMAIN.md §5), in order.
    CHECKLIST = (
        ("child_voice", "The child's voice is present"),
        ("previous_targets", "The previous targets are evaluated"),
        ("smart_targets", "The targets are SMART"),
        ("carer_input", "The carer's input is included"),
        ("funding_linked", "Funding is linked to the targets"),
        ("attendees_next_date", "Attendees and the next PEP date are recorded"),
    )

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="qa_reviews")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision)
    rag = models.CharField(max_length=5, choices=Pep.Rag)
    checklist = models.JSONField(default=dict, help_text="{item: true/false} for CHECKLIST.")
    feedback = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why it was returned (required then).")

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="qa_return_has_reason",
                condition=~Q(decision="returned") | ~Q(reason=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.get_rag_display()})"


def _pack_path(instance: "PepPack", filename: str) -> str:
    return f"pep-packs/{instance.pep.child_id}/{uuid.uuid4().hex}.pdf"


class PepPack(models.Model):
    """The locked PDF pack of a signed PEP, stored with its SHA-256 checksum; never changed."""

    pep = models.OneToOneField(Pep, on_delete=models.PROTECT, related_name="pack")
    pdf = models.FileField(upload_to=_pack_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"PEP pack {self.sha256[:12]}"


def _document_path(instance: "ExternalPepDocument", filename: str) -> str:
    return f"pep-external/{instance.pep.child_id}/{uuid.uuid4().hex}"


class ExternalPepDocument(models.Model):
    """The PEP document of a responsible LA not on the portal, uploaded by the setting."""

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="external_documents")
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
