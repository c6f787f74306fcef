"""The child's record: who the child is, where they attend and their care status."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import CareSetting, LocalAuthority
from common import dates
from common.models import Versioned


class Room(Versioned):
    """A room or group of a setting, from the list its manager keeps.

    Children are put in a room from the list, never by typing its name, so one typo cannot
    make a new room in every filter. A room is archived, not deleted: the records of the
    children who were in it keep its name. Its manager's edits carry the ``version``.
    """

    care_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=60)
    min_age_months = models.PositiveSmallIntegerField("from age (months)", null=True, blank=True)
    max_age_months = models.PositiveSmallIntegerField("up to age (months)", null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        "position in lists", default=0, help_text="Rooms are listed in this order."
    )
    is_active = models.BooleanField(
        default=True, help_text="Archived rooms are no longer offered for a child."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                models.F("care_setting"), Lower("name"), name="room_name_unique_in_setting"
            ),
            models.CheckConstraint(
                name="room_ages_run_upwards",
                condition=Q(min_age_months__isnull=True)
                | Q(max_age_months__isnull=True)
                | Q(max_age_months__gt=models.F("min_age_months")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_range(self) -> str:
        """Return the ages the room is for: "24 to 36 months", "Under 24 months" or ""."""
        low, high = self.min_age_months, self.max_age_months
        if low is not None and high is not None:
            return f"{low} to {high} months"
        if high is not None:
            return f"Under {high} months"
        if low is not None:
            return f"{low} months and over"
        return ""

    @property
    def label(self) -> str:
        """Return the name with the age range, as pickers show it."""
        return f"{self.name} ({self.age_range})" if self.age_range else self.name


# The child's health details, as the record's form and the hub group them.
HEALTH_FIELDS = (
    "allergies",
    "dietary_needs",
    "medical_conditions",
    "medication",
    "gp_name",
    "gp_practice",
    "gp_phone",
)


def on_roll_q(on: date, *, prefix: str = "") -> Q:
    """Return the condition of a child on roll on ``on``: not left by then.

    ``prefix`` reaches the child through a relation: ``on_roll_q(today, prefix="child__")``.
    A child whose start date is still to come is on roll too; filter ``start_date`` for
    children who have started.
    """
    return Q(**{f"{prefix}leave_date__isnull": True}) | Q(**{f"{prefix}leave_date__gt": on})


class ChildQuerySet(models.QuerySet["Child"]):
    def on_roll(self, on: date | None = None) -> "ChildQuerySet":
        """Children on roll on ``on`` (today if not given): see ``on_roll_q``."""
        return self.filter(on_roll_q(on if on is not None else dates.today()))

    def looked_after(self) -> "ChildQuerySet":
        return self.filter(looked_after_status=Child.LookedAfter.LOOKED_AFTER)


class Child(Versioned):
    class Sen(models.TextChoices):
        NONE = "none", "No SEN"
        SEN_SUPPORT = "sen_support", "SEN support"
        EHCP = "ehcp", "EHC plan"

    class Entitlement(models.TextChoices):
        NONE = "none", "Not funded"
        TWO_YEAR_OLD = "two_15", "15 hours for eligible 2-year-olds"
        WORKING_PARENT_15 = "working_15", "15 hours for working parents"
        UNIVERSAL_15 = "universal_15", "Universal 15 hours"
        WORKING_PARENT_30 = "working_30", "30 hours for working parents"

    class EyppBasis(models.TextChoices):
        NONE = "", "Not eligible"
        ECONOMIC = "economic", "Family receives a qualifying benefit"
        LOOKED_AFTER = "looked_after", "Looked after by a local authority"
        LEFT_CARE = "left_care", "Left care through adoption, an SGO or a CAO"

    class LookedAfter(models.TextChoices):
        NO = "no", "Not looked after"
        LOOKED_AFTER = "looked_after", "Looked after"
        PREVIOUSLY = "previously", "Previously looked after"

    class LegalStatus(models.TextChoices):
        C1 = "C1", "C1 Interim care order"
        C2 = "C2", "C2 Full care order"
        D1 = "D1", "D1 Freeing order"
        E1 = "E1", "E1 Placement order"
        V2 = "V2", "V2 Single period of accommodation under section 20"
        V3 = "V3", "V3 Accommodated under an agreed series of short-term breaks (episodes)"
        V4 = "V4", "V4 Accommodated under an agreed series of short-term breaks (agreements)"
        L1 = "L1", "L1 Under police protection"
        L2 = "L2", "L2 Emergency protection order"
        L3 = "L3", "L3 Child assessment order"
        J1 = "J1", "J1 Remanded to LA accommodation"
        J2 = "J2", "J2 Detained under PACE 1984"
        J3 = "J3", "J3 Youth rehabilitation order"

    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.PROTECT, related_name="children"
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField()
    start_date = models.DateField()
    leave_date = models.DateField(null=True, blank=True)
    leaving_destination = models.CharField(max_length=150, blank=True)
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="room or group",
    )
    home_languages = models.CharField(max_length=150, blank=True)
    # Health: what everyone looking after the child must know from the first day.
    allergies = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    medical_conditions = models.TextField(blank=True)
    medication = models.TextField(blank=True)
    gp_name = models.CharField("GP's name", max_length=150, blank=True)
    gp_practice = models.CharField("GP practice", max_length=150, blank=True)
    gp_phone = models.CharField("GP practice phone", max_length=30, blank=True)
    sen_status = models.CharField("SEN", max_length=12, choices=Sen, default=Sen.NONE)
    funded_entitlement = models.CharField(
        max_length=12, choices=Entitlement, default=Entitlement.NONE
    )
    eypp_basis = models.CharField("EYPP basis", max_length=14, choices=EyppBasis, blank=True)
    looked_after_status = models.CharField(
        max_length=14, choices=LookedAfter, default=LookedAfter.NO
    )
    legal_status = models.CharField(max_length=2, choices=LegalStatus, blank=True)
    entered_care_on = models.DateField("date entered care", null=True, blank=True)
    emergency_placement = models.BooleanField(default=False)
    responsible_la = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children_responsible_for",
        verbose_name="responsible local authority",
    )
    key_person = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_children",
        help_text="The current key person; kept by keypersons.services from the allocations.",
    )
    shared_with_la = models.BooleanField(
        "case shared with the LA",
        default=False,
        help_text="The setting has shared this child's case with its improvement advisor.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                name="child_looked_after_has_responsible_la",
                condition=~Q(looked_after_status="looked_after") | Q(responsible_la__isnull=False),
            ),
            models.CheckConstraint(
                name="child_legal_status_only_when_looked_after",
                condition=Q(looked_after_status="looked_after") | Q(legal_status=""),
            ),
            models.CheckConstraint(
                name="child_starts_after_birth",
                condition=Q(start_date__gte=models.F("date_of_birth")),
            ),
            models.CheckConstraint(
                name="child_enters_care_after_birth",
                condition=Q(entered_care_on__isnull=True)
                | Q(entered_care_on__gte=models.F("date_of_birth")),
            ),
            models.CheckConstraint(
                name="child_leaves_after_starting",
                condition=Q(leave_date__isnull=True) | Q(leave_date__gte=models.F("start_date")),
            ),
        ]
        indexes = [
            models.Index(fields=["care_setting", "last_name"], name="child_setting_name"),
            models.Index(fields=["responsible_la", "looked_after_status"], name="child_la_cic"),
        ]

    def __str__(self) -> str:
        return f"{self.known_as} {self.last_name}"

    @property
    def known_as(self) -> str:
        """The name the child is called by: the preferred name, else the first name."""
        return self.preferred_name or self.first_name

    @property
    def is_out_of_county(self) -> bool:
        """Another local authority than the setting's is responsible for the child."""
        return (
            self.responsible_la_id is not None
            and self.responsible_la_id != self.care_setting.local_authority_id
        )

    @property
    def is_looked_after(self) -> bool:
        return self.looked_after_status == self.LookedAfter.LOOKED_AFTER

    @property
    def has_allergies(self) -> bool:
        return bool(self.allergies.strip())

    @property
    def has_medical_needs(self) -> bool:
        return bool(self.medical_conditions.strip() or self.medication.strip())

    def age_in_months(self, on: date) -> int:
        """Return the child's age in whole months on the given day."""
        return dates.age_in_months(self.date_of_birth, on)

    def age_label(self, on: date) -> str:
        """Return the age as "3 years 4 months"."""
        months = self.age_in_months(on)
        years, rest = divmod(months, 12)
        parts = []
        if years:
            parts.append(f"{years} year{'s' if years != 1 else ''}")
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
        return " ".join(parts)


class TeamMember(Versioned):
    """Someone in the team around the child: a carer or a professional."""

    class Role(models.TextChoices):
        PARENT = "parent", "Parent"
        FOSTER_CARER = "foster_carer", "Foster carer"
        KINSHIP_CARER = "kinship_carer", "Kinship carer"
        SOCIAL_WORKER = "social_worker", "Social worker"
        IRO = "iro", "Independent reviewing officer (IRO)"
        HEALTH_VISITOR = "health_visitor", "Health visitor"
        CIC_ADVISOR = "cic_advisor", "Children in care advisor (virtual school)"
        EY_SEND = "ey_send", "Early years SEND inclusion team"
        RECEIVING_SCHOOL = "receiving_school", "Receiving school"
        OTHER = "other", "Other"

    CARER_ROLES = (Role.PARENT, Role.FOSTER_CARER, Role.KINSHIP_CARER)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(max_length=20, choices=Role)
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150, blank=True)
    relationship = models.CharField(
        max_length=80, blank=True, help_text="For carers: for example mother, grandfather."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    has_parental_responsibility = models.BooleanField(default=False)
    invite_to_pep = models.BooleanField("invite to PEP meetings", default=False)
    is_emergency_contact = models.BooleanField("emergency contact", default=False)
    emergency_order = models.PositiveSmallIntegerField(
        "order to call in an emergency",
        null=True,
        blank=True,
        help_text="1 is called first; emergency contacts without a number come last.",
    )
    is_active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_active", "role", "name"]
        constraints = [
            models.CheckConstraint(
                name="team_member_call_order_only_for_emergency_contacts",
                condition=Q(is_emergency_contact=True) | Q(emergency_order__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_carer(self) -> bool:
        return self.role in self.CARER_ROLES


class Consent(models.Model):
    """A carer's answer about one kind of consent; the newest answer per kind is in force."""

    class Kind(models.TextChoices):
        MEDICATION = "medication", "Giving medication"
        EMERGENCY_TREATMENT = "emergency_treatment", "Emergency medical treatment"
        OUTINGS = "outings", "Outings"
        PHOTOGRAPHS = "photographs", "Photographs"
        SHARE_LEARNING_JOURNEY = "share_learning_journey", "Sharing the learning journey"
        HEALTH_VISITOR = (
            "health_visitor",
            "Sharing the progress check at two with the health visitor",
        )

    # Asked of every family when the child starts; the health visitor's is asked at the check.
    ASKED_AT_START = (
        Kind.MEDICATION,
        Kind.EMERGENCY_TREATMENT,
        Kind.OUTINGS,
        Kind.PHOTOGRAPHS,
        Kind.SHARE_LEARNING_JOURNEY,
    )

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=24, choices=Kind)
    granted = models.BooleanField(help_text="Whether consent was given or refused.")
    given_by = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, related_name="consents_given"
    )
    given_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=250, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-given_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                name="consent_withdrawn_after_given",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
            ),
        ]
        indexes = [models.Index(fields=["child", "kind", "-given_on"], name="consent_child_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'given' if self.granted else 'refused'}"

    def in_force(self, on: date) -> bool:
        """Return whether this answer grants consent on the day."""
        return self.granted and (self.withdrawn_on is None or self.withdrawn_on > on)


class SettingChange(models.Model):
    """A child joining a setting from another on the platform, or from outside it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="setting_changes")
    from_setting = models.ForeignKey(
        CareSetting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_description = models.CharField(
        "previous setting (not on the portal)", max_length=150, blank=True
    )
    to_setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField()
    reason = models.CharField(max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-moved_on", "-recorded_at"]

    def __str__(self) -> str:
        origin = self.from_setting or self.from_description or "outside the portal"
        return f"{self.child} moved from {origin} to {self.to_setting} on {self.moved_on}"
