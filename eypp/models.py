"""Early Years Pupil Premium and the Disability Access Fund: grounds, rates, plans, impact.

Money is ``Decimal`` in pounds and pence everywhere (``DecimalField(decimal_places=2)``);
sums are rounded once, by ``eypp.rules.pounds``. A financial year is named by the calendar
year it starts in: ``2025`` is 1 April 2025 to 31 March 2026, shown as "2025-26".
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CareSetting, LocalAuthority, User
from children.models import Child
from common.models import Versioned
from eypp.rules import financial_year_label
from learning.models import Area, Observation, TrackerJudgement
from pep.models import Pep, PepTarget

# No single line of one child's plan reaches this: the year's most is about £1,100.
MAX_LINE_COST = Decimal("5000.00")
MONEY = {"max_digits": 8, "decimal_places": 2}


class FundingYear(Versioned):
    """The EYPP hourly rate, the hours cap and the DAF amount of one financial year.

    Rows without an LA are the national rates the portal ships (a data migration), marked
    unconfirmed where the figure is not yet confirmed. An LA administrator's change makes
    the LA's own row for that year, which then wins for the LA's children.
    """

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eypp_funding_years",
        help_text="Empty for the national rates shipped with the portal.",
    )
    starts_in = models.PositiveSmallIntegerField(
        "financial year starting in",
        validators=[MinValueValidator(2015), MaxValueValidator(2100)],
    )
    hourly_rate = models.DecimalField(
        "EYPP hourly rate",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("20.00"))],
    )
    rate_confirmed = models.BooleanField("EYPP rate confirmed", default=True)
    annual_hours = models.PositiveSmallIntegerField(
        "funded hours a year that attract EYPP",
        default=570,
        validators=[MinValueValidator(1), MaxValueValidator(1140)],
    )
    weekly_hours = models.PositiveSmallIntegerField(
        "funded hours a week that attract EYPP",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Only the first 15 hours a week count, not extra working-parent hours.",
    )
    daf_amount = models.DecimalField(
        "Disability Access Fund a year",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10000"))],
        **MONEY,
    )
    daf_confirmed = models.BooleanField("DAF amount confirmed", default=True)
    note = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_in"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "starts_in"],
                condition=Q(local_authority__isnull=False),
                name="eypp_funding_year_once_per_la",
            ),
            models.UniqueConstraint(
                fields=["starts_in"],
                condition=Q(local_authority__isnull=True),
                name="eypp_funding_year_once_nationally",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return financial_year_label(self.starts_in)

    @property
    def annual_maximum(self) -> Decimal:
        """Return the most a child attracts in the year: the rate times the hours cap."""
        return (self.hourly_rate * self.annual_hours).quantize(Decimal("0.01"))


class Basis(models.TextChoices):
    """A ground for EYPP; a child is funded once whatever the number."""

    ECONOMIC = "economic", "Family receives a qualifying benefit"
    LOOKED_AFTER = "looked_after", "Looked after by a local authority in England or Wales"
    LEFT_CARE = "left_care", "Left care through adoption, an SGO or a CAO"


class Eligibility(Versioned):
    """One ground on which a child is eligible for EYPP, with the evidence seen."""

    class Source(models.TextChoices):
        RECORDED = "recorded", "Recorded by the setting"
        CHILD_RECORD = "child_record", "Follows the child's looked-after record"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="eypp_grounds")
    basis = models.CharField(max_length=14, choices=Basis)
    evidence = models.TextField(
        "evidence seen",
        blank=True,
        help_text="For example, the parent declaration and a copy of the adoption order.",
    )
    evidence_seen_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_seen_on = models.DateField(null=True, blank=True)
    eligible_from = models.DateField()
    eligible_to = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(
        "funded hours claimed a week",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("30"))],
    )
    source = models.CharField(max_length=12, choices=Source, default=Source.RECORDED)
    ended_reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-eligible_from", "pk"]
        verbose_name_plural = "eligibilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(eligible_to__isnull=True)
                | Q(eligible_to__gte=models.F("eligible_from")),
                name="eypp_ground_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child", "basis"],
                condition=Q(eligible_to__isnull=True),
                name="eypp_one_open_ground_per_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} from {self.eligible_from:%-d %B %Y}"


class DafAward(Versioned):
    """The Disability Access Fund for one child and financial year, at the chosen setting."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="daf_awards")
    starts_in = models.PositiveSmallIntegerField("financial year starting in")
    care_setting = models.ForeignKey(
        CareSetting,
        on_delete=models.PROTECT,
        related_name="daf_awards",
        help_text="The one setting the family chose for the year.",
    )
    evidence = models.TextField(
        "evidence seen", help_text="For example, the Disability Living Allowance award letter."
    )
    evidence_seen_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_seen_on = models.DateField()
    amount = models.DecimalField(**MONEY)
    amount_confirmed = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_in"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "starts_in"], name="daf_once_per_child_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"DAF {financial_year_label(self.starts_in)}"


class ActionPlan(Versioned):
    """A costed EYPP action plan for one child and period, and its way through review.

    draft → submitted → approved, or returned (with a reason) → revised → submitted ...
    An approved plan is locked (``checksum`` of its content); a change is a new version
    (``previous``, ``number`` + 1, ``change_reason``) that supersedes it when approved.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted to the LA"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Replaced by a later version"

    class AllocationSource(models.TextChoices):
        EXPECTED = "expected", "Expected from funded hours"
        LA = "la", "Allocated by the responsible LA"

    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="eypp_plans")
    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.PROTECT, related_name="eypp_plans"
    )
    period_label = models.CharField(max_length=80)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    number = models.PositiveSmallIntegerField("version", default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    change_reason = models.TextField(blank=True)
    pep = models.ForeignKey(
        Pep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eypp_plans",
        help_text="For a looked-after child: the PEP whose paperwork includes the plan.",
    )
    allocation = models.DecimalField(null=True, blank=True, **MONEY)
    allocation_source = models.CharField(
        max_length=10, choices=AllocationSource, default=AllocationSource.EXPECTED
    )
    allocated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    allocated_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_reason = models.TextField(blank=True)
    review_comment = models.TextField(blank=True)
    checksum = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the approved plan's content."
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start", "-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="eypp_plan_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child", "period_start", "number"],
                name="eypp_plan_version_once",
            ),
            models.UniqueConstraint(
                fields=["child", "period_start"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="eypp_one_open_plan_per_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(returned_reason=""),
                name="eypp_returned_plan_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["care_setting", "status"], name="eypp_plan_setting_status"),
            models.Index(fields=["status", "submitted_at"], name="eypp_plan_status_submitted"),
        ]

    def __str__(self) -> str:
        return f"EYPP plan, {self.period_label} (version {self.number})"

    @property
    def is_locked(self) -> bool:
        """Approved (or replaced) plans are never edited: a change is a new version."""
        return self.status in (self.Status.APPROVED, self.Status.SUPERSEDED)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanLine(models.Model):
    """One identified need: the action funded, who, when, the cost and the intended impact."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="lines")
    need = models.TextField("identified need")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    pep_target = models.ForeignKey(
        PepTarget,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eypp_lines",
        verbose_name="PEP target",
    )
    action = models.TextField("action or intervention")
    who = models.CharField(max_length=150)
    starts_on = models.DateField("from")
    ends_on = models.DateField("until")
    cost = models.DecimalField(
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_LINE_COST)],
        **MONEY,
    )
    intended_impact = models.TextField()
    idea = models.CharField(
        max_length=40, blank=True, help_text="The spending idea it came from, if any."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="eypp_line_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(cost__gt=0), name="eypp_line_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.need[:80]


class ImpactReview(Versioned):
    """The review of an approved plan's impact at the end of its period.

    Evidence is chosen from the child's published observations and tracker judgements, not
    retyped. ``completed_at`` is set once the review is recorded; until then it is a draft.
    """

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="impact_review")
    summary = models.TextField("what difference the funding made", blank=True)
    next_steps = models.TextField("what this means for the next plan and PEP", blank=True)
    observations = models.ManyToManyField(Observation, blank=True, related_name="+")
    judgements = models.ManyToManyField(TrackerJudgement, blank=True, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Impact review of {self.plan}"


class LineOutcome(models.Model):
    """What was spent on one line of an approved plan, and how it went."""

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        NOT_STARTED = "not_started", "Did not happen"

    review = models.ForeignKey(ImpactReview, on_delete=models.CASCADE, related_name="outcomes")
    line = models.OneToOneField(PlanLine, on_delete=models.CASCADE, related_name="outcome")
    outcome = models.CharField(max_length=14, choices=Outcome)
    spent = models.DecimalField(
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_LINE_COST)],
        **MONEY,
    )
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(spent__gte=0), name="eypp_spent_not_negative"),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()
