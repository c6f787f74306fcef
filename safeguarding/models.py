"""Safeguarding records a setting keeps about its children and its staff.

Every record belongs to the setting that keeps it (``care_setting``), not to wherever the
child is now: when a child moves on, the sending setting keeps its log and the receiving
setting's DSL gets the file through a ``Transfer``, with a receipt. Nothing here is ever
shown to carers, in the learning journey or in its exports. Reads come through
``safeguarding.selectors`` (the door's ``safeguarding_record_q`` and ``allegation_q``).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, User
from children.models import Child
from common.models import Versioned
from learning.models import Observation
from safeguarding.concerns.body_map import region_label


class Category(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    ONLINE = "online", "Online safety"
    PREVENT = "prevent", "Radicalisation (Prevent)"
    OTHER = "other", "Other welfare concern"


class Outcome(models.TextChoices):
    MONITOR = "monitor", "Monitor"
    EARLY_HELP = "early_help", "Early help"
    CSC_REFERRAL = "csc_referral", "Referral to children's social care"
    POLICE = "police", "Referral to the police"
    LADO = "lado", "Referral to the LADO"
    NO_FURTHER_ACTION = "nfa", "No further action"


class Concern(Versioned):
    """A concern about a child's welfare, raised by any member of staff for the DSL.

    ``text`` is what was seen or heard; ``child_words`` the child's own words, verbatim.
    The DSL acknowledges it (``acknowledged_at``: reviewed), records decisions and actions
    (``ConcernAction``) and an outcome. Raised from the navigation, the child's hub or an
    observation (``observation`` keeps which one while it exists); never shown to carers.
    """

    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.PROTECT, related_name="concerns"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="concerns")
    observation = models.ForeignKey(
        Observation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    # What happened
    occurred_at = models.DateTimeField("date and time", null=True, blank=True)
    location = models.CharField("where", max_length=200, blank=True)
    others_present = models.CharField("who else was present", max_length=300, blank=True)
    category = models.CharField(max_length=20, choices=Category, blank=True)
    text = models.TextField("what was seen or heard")
    child_words = models.TextField("the child's own words", blank=True)
    immediate_actions = models.TextField("actions taken straight away", blank=True)
    # The DSL's review
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    outcome_reference = models.CharField(
        "reference (children's social care, police or LADO)", max_length=60, blank=True
    )
    outcome_notes = models.TextField("reasons for the outcome", blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(
                fields=["care_setting", "acknowledged_at"], name="sg_concern_setting_ack_idx"
            ),
            models.Index(fields=["child", "care_setting"], name="sg_concern_child_idx"),
        ]

    def __str__(self) -> str:
        # The trail's label of the record: no words of the concern, no category.
        return f"Concern {self.reference} about {self.child}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"

    @property
    def state(self) -> str:
        """Return where the concern stands: waiting, under review or closed."""
        if self.outcome:
            return "closed"
        if self.acknowledged_at is not None:
            return "under_review"
        return "waiting"


class BodyMapMark(models.Model):
    """A mark seen on the child, placed on the front or back outline and described.

    ``region`` is chosen from a list (the way to place a mark without a mouse); ``x`` and
    ``y`` (per cent of the outline's width and height) refine where, when a pointer was used,
    and otherwise are the region's centre.
    """

    class Side(models.TextChoices):
        FRONT = "front", "Front"
        BACK = "back", "Back"

    class Kind(models.TextChoices):
        BRUISE = "bruise", "Bruise"
        CUT = "cut", "Cut or graze"
        BURN = "burn", "Burn or scald"
        BITE = "bite", "Bite"
        SWELLING = "swelling", "Swelling"
        MARK = "mark", "Mark or scar"
        OTHER = "other", "Other"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="marks")
    side = models.CharField(max_length=5, choices=Side)
    region = models.CharField(max_length=30)  # safeguarding.concerns.body_map.REGIONS
    kind = models.CharField(max_length=10, choices=Kind)
    description = models.TextField("size, colour and shape")
    x = models.PositiveSmallIntegerField(null=True, blank=True)
    y = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(x__isnull=True) | Q(x__lte=100))
                & (Q(y__isnull=True) | Q(y__lte=100)),
                name="sg_mark_inside_outline",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} ({self.get_side_display().lower()}, "
            f"{self.get_region_display()})"
        )

    def get_region_display(self) -> str:
        """Return the part of the body in words, like "Left upper arm"."""
        return region_label(self.region)


class ConcernAction(models.Model):
    """One entry of the DSL's log on a concern: a decision, an action or a contact."""

    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        ACTION = "action", "Action"
        CONTACT = "contact", "Contact with another agency"
        NOTE = "note", "Note"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=10, choices=Kind)
    text = models.TextField()
    taken_on = models.DateField()
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taken_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.concern.reference}"


class ChronologyEntry(Versioned):
    """A significant event in the child's life, entered by hand in the chronology."""

    class Kind(models.TextChoices):
        SIGNIFICANT_EVENT = "event", "Significant event"
        FAMILY = "family", "Change in the family or home"
        HEALTH = "health", "Health or injury"
        ATTENDANCE = "attendance", "Attendance"
        CONTACT = "contact", "Contact with another agency"
        MEETING = "meeting", "Meeting"
        OTHER = "other", "Other"

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    occurred_on = models.DateField("date of the event")
    kind = models.CharField(max_length=12, choices=Kind)
    title = models.CharField("what happened, in a line", max_length=200)
    detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        indexes = [models.Index(fields=["child", "care_setting"], name="sg_chrono_child_idx")]

    def __str__(self) -> str:
        return f"Chronology entry about {self.child} on {self.occurred_on}"


class Level(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection plan"


class PlanCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    MULTIPLE = "multiple", "Multiple"


class SafeguardingStatus(Versioned):
    """A period of early help, child in need or a child protection plan.

    One open status per child at a setting: a step up or down ends the one before
    (``ended_on``) and starts the next, so the chronology shows each change.
    """

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, choices=Level)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    lead_professional = models.CharField(
        "lead professional (name and agency)", max_length=200, blank=True
    )
    social_worker = models.CharField("social worker (name and team)", max_length=200, blank=True)
    plan_category = models.CharField(
        "category of the plan", max_length=10, choices=PlanCategory, blank=True
    )
    initial_conference_on = models.DateField(null=True, blank=True)
    next_review_conference_on = models.DateField(null=True, blank=True)
    core_group = models.TextField("core group members", blank=True)
    next_core_group_on = models.DateField("next core group meeting", null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    end_reason = models.TextField("why it ended", blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "care_setting"],
                condition=Q(ended_on__isnull=True),
                name="sg_one_open_status",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="sg_status_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} for {self.child} from {self.started_on}"


class StatusTask(Versioned):
    """A task agreed for the setting under a plan: what, who owns it, by when, done."""

    status = models.ForeignKey(SafeguardingStatus, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField("task", max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Task due {self.due_on} under {self.status}"


class AgencyVisit(Versioned):
    """A professional from another agency visiting a child at the setting, never unsupervised."""

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    visitor_name = models.CharField(max_length=150)
    agency = models.CharField(max_length=150)
    visitor_role = models.CharField("role", max_length=150, blank=True)
    identity_checked = models.BooleanField("identity badge checked", default=False)
    purpose = models.TextField(blank=True)
    arrived_at = models.DateTimeField("time in")
    left_at = models.DateTimeField("time out", null=True, blank=True)
    supervised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-arrived_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("arrived_at")),
                name="sg_visit_leaves_after_arriving",
            )
        ]

    def __str__(self) -> str:
        return f"Visit from {self.agency} about {self.child}"


class InformationShare(Versioned):
    """Information shared about a child with another agency, or shared with us by one.

    What another agency shared is third-party information: it is never shared onward
    (in a transfer, a PDF or an export) unless that agency agreed (``onward_consent``).
    """

    class Direction(models.TextChoices):
        SHARED = "shared", "We shared information"
        RECEIVED = "received", "Information was shared with us"

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "Consent"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        PUBLIC_TASK = "public_task", "Public task"
        VITAL_INTERESTS = "vital_interests", "Vital interests"
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent sought and given"
        REFUSED = "refused", "Consent sought and refused: shared without it"
        NOT_SOUGHT = "not_sought", "Consent not sought"

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=10, choices=Direction)
    shared_on = models.DateField()
    agency = models.CharField(max_length=150)
    person = models.CharField("name and role", max_length=150, blank=True)
    what = models.TextField("what was shared")
    lawful_basis = models.CharField(max_length=25, choices=LawfulBasis, blank=True)
    consent = models.CharField(max_length=12, choices=Consent, blank=True)
    override_reason = models.TextField("why it was shared without consent", blank=True)
    onward_consent = models.BooleanField(
        "the agency agreed that it may be shared onward", default=False
    )
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_on", "-pk"]

    def __str__(self) -> str:
        return f"Information {self.get_direction_display().lower()} about {self.child}"

    @property
    def third_party(self) -> bool:
        return self.direction == self.Direction.RECEIVED

    @property
    def may_share_onward(self) -> bool:
        return not self.third_party or self.onward_consent


class Allegation(Versioned):
    """An allegation against a member of staff, for the manager and the DSL only.

    Never visible to the member of staff it is about, even if they are a manager or the
    DSL (``accounts.permissions.allegation_q``). Not part of any child's chronology.
    """

    class Result(models.TextChoices):
        SUBSTANTIATED = "substantiated", "Substantiated"
        UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
        UNFOUNDED = "unfounded", "Unfounded"
        FALSE = "false", "False"
        MALICIOUS = "malicious", "Malicious"

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    staff_member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("date the allegation was made")
    made_by = models.CharField("who made it", max_length=200)
    summary = models.TextField("the allegation")
    serious_harm = models.BooleanField(
        "an allegation of serious harm (Ofsted must be told within 14 days)", default=True
    )
    immediate_actions = models.TextField("actions taken", blank=True)
    lado_referred_on = models.DateField("date referred to the LADO", null=True, blank=True)
    lado_reference = models.CharField("LADO reference", max_length=60, blank=True)
    lado_advice = models.TextField("the LADO's advice", blank=True)
    ofsted_notified_on = models.DateField("date Ofsted was notified", null=True, blank=True)
    ofsted_reference = models.CharField("Ofsted reference", max_length=60, blank=True)
    result = models.CharField("outcome", max_length=20, choices=Result, blank=True)
    result_on = models.DateField("date of the outcome", null=True, blank=True)
    result_notes = models.TextField("notes on the outcome", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        # Never the member of staff's name: the trail's label is seen beside other events.
        return f"Allegation A-{self.pk:04d}"


class Transfer(models.Model):
    """The child's safeguarding file sent on when they leave, and its receipt.

    To a setting on the portal: the sending DSL sends the file, the receiving setting's DSL
    acknowledges receipt, and both keep it. To a setting off the portal: the file is
    prepared as a PDF, encrypted at rest, and every download records who took it
    (``TransferDownload``). ``pdf`` holds the encrypted bytes; ``checksum`` the SHA-256 of
    the PDF itself.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    from_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    to_setting = models.ForeignKey(
        CareSetting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destination = models.CharField(
        "receiving setting (not on the portal)", max_length=200, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()  # 5 working days after the move or the leaving date
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField("note to the receiving DSL", blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    checksum = models.CharField(max_length=64, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "from_setting"],
                condition=Q(sent_at__isnull=True),
                name="sg_one_unsent_transfer",
            ),
            models.CheckConstraint(
                condition=Q(to_setting__isnull=False) | ~Q(destination=""),
                name="sg_transfer_goes_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return f"Safeguarding file of {self.child}"

    @property
    def on_portal(self) -> bool:
        return self.to_setting_id is not None


class TransferDownload(models.Model):
    """Someone took a copy of a transfer's file: who, when, from where."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="downloads")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    handed_to = models.CharField("handed to", max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Download of {self.transfer}"
