"""Users, local authorities, care settings and who belongs where, in which role."""

import re
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from common.models import Versioned

URN_PATTERN = re.compile(r"^(EY)?\d{6,7}$")


def validate_urn(value: str) -> None:
    """Accept an Ofsted URN: six or seven digits, optionally after "EY"."""
    if not URN_PATTERN.match(value):
        raise ValidationError(
            "Enter an Ofsted URN of 6 or 7 digits, optionally starting with EY, like EY123456"
        )


def validate_cut_off_dates(value: object) -> None:
    """Accept a list of day-month cut-off dates written as "MM-DD"."""
    if not isinstance(value, list):
        raise ValidationError("Enter the cut-off dates as a list")
    for item in value:
        if not isinstance(item, str) or not re.fullmatch(
            r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", item
        ):
            raise ValidationError(f"{item!r} is not a cut-off date written as MM-DD")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the technical administration site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LocalAuthority(Versioned):
    """An English local authority and its policy for PEPs and reminders."""

    class ReviewCycle(models.TextChoices):
        SIX_MONTHLY = "six_monthly", "Six-monthly"
        TERMLY = "termly", "Termly, with fixed cut-off dates"

    class DayCount(models.TextChoices):
        WORKING = "working", "Working days"
        SCHOOL = "school", "School days"

    class PepStart(models.TextChoices):
        AT_AGE = "at_age", "From the birthday at the start age"
        TERM_AFTER = "term_after", "From the term after the birthday at the start age"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    dfe_code = models.CharField(
        "DfE LA code",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter the 3-digit DfE LA code, like 855")],
    )
    pep_review_cycle = models.CharField(
        "PEP review cycle", max_length=12, choices=ReviewCycle, default=ReviewCycle.SIX_MONTHLY
    )
    termly_cut_off_dates = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_cut_off_dates],
        help_text='Termly cycle only: cut-off dates written as "MM-DD".',
    )
    pep_day_count = models.CharField(
        "PEP deadlines count", max_length=8, choices=DayCount, default=DayCount.WORKING
    )
    initial_pep_days = models.PositiveSmallIntegerField(
        "initial PEP deadline (days)",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    emergency_pep_days = models.PositiveSmallIntegerField(
        "initial PEP deadline after an emergency placement (days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    change_of_setting_pep_days = models.PositiveSmallIntegerField(
        "PEP deadline after a change of setting (days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    paperwork_lead_days = models.PositiveSmallIntegerField(
        "paperwork due before the PEP meeting (days)",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    ey_pep_start_age = models.PositiveSmallIntegerField(
        "early years PEP start age (years)",
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(3)],
    )
    ey_pep_start_rule = models.CharField(
        "early years PEP starts",
        max_length=10,
        choices=PepStart,
        default=PepStart.AT_AGE,
        help_text="The term after the birthday counts from the LA's school terms.",
    )
    pep_reminder_days = models.PositiveSmallIntegerField(
        "remind this many days before a PEP is due",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    unallocated_key_person_days = models.PositiveSmallIntegerField(
        "alert when a child has no key person after (days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    safeguarding_training_years = models.PositiveSmallIntegerField(
        "safeguarding training valid for (years)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    eypp_plan_days = models.PositiveSmallIntegerField(
        "EYPP action plan due after eligibility (days)",
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text="A setting is reminded when a child's plan is not written by then.",
    )
    # Support for settings: contact after a below-Good inspection, visits by support level
    below_good_contact_days = models.PositiveSmallIntegerField(
        "contact a setting after a below-Good inspection within (working days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    targeted_visit_days = models.PositiveSmallIntegerField(
        "visit a setting on targeted support at least every (days)",
        default=42,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )
    universal_visit_days = models.PositiveSmallIntegerField(
        "visit a setting on universal support at least every (days)",
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(1095)],
    )
    maintenance_contact_days = models.PositiveSmallIntegerField(
        "maintenance contact after an action plan closes within (days)",
        default=60,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

    def term_dates(self) -> list[tuple[date, date]]:
        """Return the LA's school terms as (starts_on, ends_on) pairs, for ``common.dates``."""
        return list(self.school_terms.order_by("starts_on").values_list("starts_on", "ends_on"))


class SchoolTerm(Versioned):
    """A school term of a local authority, both days included; the LA administrator edits it.

    School days (working days inside a term) count termly PEP cut-offs and "the term after
    the birthday" rules. Terms of one LA never overlap (checked by the form and service).
    """

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="school_terms"
    )
    name = models.CharField(max_length=60)
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="school_term_ends_on_or_after_start",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "starts_on"], name="term_la_start")]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y})"


class CareSetting(Versioned):
    """A registered early years provider: nursery, pre-school, school nursery or childminder."""

    class Kind(models.TextChoices):
        DAY_NURSERY = "day_nursery", "Day nursery"
        PRESCHOOL = "preschool", "Pre-school"
        SCHOOL_NURSERY = "school_nursery", "School nursery"
        CHILDMINDER = "childminder", "Childminder"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    ofsted_urn = models.CharField(
        "Ofsted URN", max_length=9, unique=True, validators=[validate_urn]
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="care_settings"
    )
    address_line_1 = models.CharField(max_length=120)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField("town or city", max_length=80)
    postcode = models.CharField(max_length=10)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    key_children_limit = models.PositiveSmallIntegerField(
        "most key children for one key person",
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Past it, choosing that person as a key person warns; it is never refused.",
    )
    concern_review_hours = models.PositiveSmallIntegerField(
        "hours for the DSL to review a concern",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text="A concern not reviewed in this time reminds the DSL, then the manager.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Outcomes that put a setting on targeted support (DOMAIN.md §8): a graded judgement of
# Requires improvement, Inadequate or Not met; a report card with safeguarding not met or
# any evaluation area at Needs attention or Urgent improvement.
BELOW_GOOD_GRADES = frozenset({"requires_improvement", "inadequate", "not_met"})
BELOW_GOOD_CARD_GRADES = frozenset({"needs_attention", "urgent_improvement"})


def below_good(
    scheme: str, overall_grade: str, safeguarding_met: bool | None, area_grades: dict
) -> bool:
    """Return whether an inspection outcome is below Good, under either scheme."""
    if scheme == "graded":
        return overall_grade in BELOW_GOOD_GRADES
    return safeguarding_met is False or any(
        grade in BELOW_GOOD_CARD_GRADES for grade in (area_grades or {}).values()
    )


class OfstedInspection(models.Model):
    """One inspection outcome: a graded judgement (to Nov 2025) or a report card (after)."""

    class Scheme(models.TextChoices):
        GRADED = "graded", "Overall effectiveness grade"
        REPORT_CARD = "report_card", "Report card"

    class Grade(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    class CardGrade(models.TextChoices):
        EXCEPTIONAL = "exceptional", "Exceptional"
        STRONG = "strong", "Strong standard"
        EXPECTED = "expected", "Expected standard"
        NEEDS_ATTENTION = "needs_attention", "Needs attention"
        URGENT_IMPROVEMENT = "urgent_improvement", "Urgent improvement"

    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField()
    scheme = models.CharField(max_length=12, choices=Scheme)
    overall_grade = models.CharField(max_length=24, choices=Grade, blank=True)
    safeguarding_met = models.BooleanField(null=True, blank=True)
    area_grades = models.JSONField(
        default=dict, blank=True, help_text="Report cards: evaluation area → grade."
    )
    below_good = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set on save from the outcome (``below_good``): the setting needs support.",
    )
    recorded_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-inspected_on"]
        constraints = [
            models.CheckConstraint(
                name="ofsted_graded_has_overall_grade",
                condition=~Q(scheme="graded") | ~Q(overall_grade=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.care_setting} inspected {self.inspected_on:%d %B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.below_good = below_good(
            self.scheme, self.overall_grade, self.safeguarding_met, self.area_grades
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "below_good"}
        super().save(*args, **kwargs)

    @property
    def summary(self) -> str:
        """Return the outcome in a few words, whichever scheme it was judged under."""
        if self.scheme == self.Scheme.GRADED:
            return self.get_overall_grade_display()
        if self.safeguarding_met is None:
            return "Report card"
        return f"Report card, safeguarding {'met' if self.safeguarding_met else 'not met'}"


class Membership(Versioned):
    """A member of staff at a care setting."""

    class Role(models.TextChoices):
        MANAGER = "manager", "Manager"
        PRACTITIONER = "practitioner", "Practitioner"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role)
    is_dsl = models.BooleanField("designated safeguarding lead", default=False)
    is_senco = models.BooleanField("SENCo", default=False)
    job_title = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["care_setting__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "care_setting"], name="membership_one_per_user_and_setting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.care_setting}"

    @property
    def role_label(self) -> str:
        """Return the role as staff would say it, with the DSL and SENCo hats."""
        hats = [self.get_role_display()]
        if self.is_dsl:
            hats.append("DSL")
        if self.is_senco:
            hats.append("SENCo")
        return ", ".join(hats)


class LaRole(Versioned):
    """A person's role at a local authority."""

    class Role(models.TextChoices):
        LA_ADMIN = "la_admin", "LA administrator"
        IMPROVEMENT_ADVISOR = "improvement_advisor", "Improvement advisor"
        CIC_ADVISOR = "cic_advisor", "Children in care advisor"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="la_roles")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="la_roles"
    )
    role = models.CharField(max_length=24, choices=Role)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    assigned_settings = models.ManyToManyField(
        CareSetting, through="AdvisorAssignment", related_name="advisor_roles", blank=True
    )

    class Meta:
        ordering = ["local_authority__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_authority", "role"], name="la_role_one_per_user_la_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.local_authority}"


class AdvisorAssignment(models.Model):
    """An improvement advisor assigned to support a care setting."""

    la_role = models.ForeignKey(LaRole, on_delete=models.CASCADE, related_name="assignments")
    care_setting = models.ForeignKey(
        CareSetting, on_delete=models.CASCADE, related_name="advisor_assignments"
    )
    assigned_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["la_role", "care_setting"], name="advisor_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.la_role.user} supports {self.care_setting}"
