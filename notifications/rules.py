"""Reminder rules: small declared units saying which records are due, who is told and what.

A rule is a ``kind`` and a ``due(today)`` function returning ``Due`` rows. The function must
be *set-based*: a fixed handful of queries whatever the number of children or records, and it
must return everything due *up to and including* today (never only "due today"), so a sweep
that did not run for a while (Redis down, worker stopped) catches up on its next run.

``services.sweep`` turns each ``Due`` into a ``Notification`` whose de-duplication key is
(kind, subject key, due date, recipient): writing the same reminder twice is impossible, so
rules need not remember what they have already said.

A later issue adds a rule without touching the machinery::

    @rule("pep.due_soon", description="A PEP is due within the LA's reminder lead time")
    def pep_due_soon(today: date) -> Iterable[Due]:
        ...  # one or two queries, then yield Due(...) rows

and imports nothing but this module's ``Due``, ``rule`` and ``first_url``.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.dateformat import format as format_date

from accounts.models import Membership
from children.models import Child
from keypersons.models import KeyPersonAllocation, TrainingRecord


@dataclass(frozen=True)
class Due:
    """One reminder for one person, as a rule states it."""

    recipient_id: int
    # Identifies the record the reminder is about, e.g. "child-12"; part of the dedup key.
    subject_key: str
    subject: str
    due_on: date
    url: str = ""
    care_setting_id: int | None = None
    body: str = ""

    def dedup_key(self, kind: str) -> str:
        """Return the key that makes this reminder unique: kind, subject, due date, recipient."""
        return f"{kind}:{self.subject_key}:{self.due_on.isoformat()}:{self.recipient_id}"


DueFunction = Callable[[date], Iterable[Due]]


@dataclass(frozen=True)
class Rule:
    """A kind of reminder and the set-based function that finds what is due on a day."""

    kind: str
    due: DueFunction
    description: str = ""


RULES: dict[str, Rule] = {}


def register(rule_: Rule) -> Rule:
    """Add the rule to the registry the sweep runs; a kind may be registered only once."""
    if rule_.kind in RULES and RULES[rule_.kind].due is not rule_.due:
        raise ValueError(f"A reminder rule of kind {rule_.kind!r} is already registered")
    RULES[rule_.kind] = rule_
    return rule_


def rule(kind: str, *, description: str = "") -> Callable[[DueFunction], DueFunction]:
    """Register the decorated ``due(today)`` function as the rule of this kind."""

    def decorate(due: DueFunction) -> DueFunction:
        register(Rule(kind=kind, due=due, description=description))
        return due

    return decorate


def first_url(*candidates: tuple[str, dict[str, object]]) -> str:
    """Return the path of the first URL name that reverses, or "" when none does.

    Rules link to pages other apps own; a page that does not exist (yet) must not stop the
    sweep, so each rule names its preferred page first and a safe fallback after it.
    """
    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def long_date(day: date) -> str:
    """Return the date as GOV.UK writes it: 3 January 2027."""
    return format_date(day, "j F Y")


def _managers_by_setting(setting_ids: Iterable[int]) -> dict[int, list[int]]:
    """Return the active managers' user ids of each care setting, in one query."""
    managers: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        care_setting_id__in=set(setting_ids),
        role=Membership.Role.MANAGER,
        is_active=True,
        user__is_active=True,
    ).values_list("care_setting_id", "user_id")
    for setting_id, user_id in rows:
        managers[setting_id].append(user_id)
    return managers


# --- A child without a key person --------------------------------------------------

# The allocation page is preferred; the child's page and the overview are fallbacks.
KEY_PERSON_PAGES = (
    "settings:keypersons:allocate",
    "settings:children:detail",
)


@rule(
    "key_person.unallocated",
    description="A child on roll has had no key person for the LA's configured number of days",
)
def key_person_unallocated(today: date) -> Iterable[Due]:
    """Tell the setting's managers about each child on roll without a key person for too long.

    The clock starts when the child started, or when their last key person's allocation
    ended, so a child whose key person left is reminded about again. The number of days is
    the setting's LA's ``unallocated_key_person_days``, compared in the database.
    Two queries: the children, then the managers of their settings.
    """
    last_ended = (
        KeyPersonAllocation.objects.filter(
            child=OuterRef("pk"),
            kind=KeyPersonAllocation.Kind.KEY_PERSON,
            ends_on__isnull=False,
        )
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    one_day = Value(timedelta(days=1), output_field=DurationField())
    la_days = Cast(F("care_setting__local_authority__unallocated_key_person_days"), IntegerField())
    # date + days * 1 day: portable between PostgreSQL and SQLite; cast back to a date.
    due_on = Cast(
        ExpressionWrapper(
            F("unallocated_since")
            + ExpressionWrapper(la_days * one_day, output_field=DurationField()),
            output_field=DateField(),
        ),
        DateField(),
    )
    children = list(
        Child.objects.filter(
            Q(leave_date__isnull=True) | Q(leave_date__gt=today),
            key_person__isnull=True,
            start_date__lte=today,
            care_setting__is_active=True,
        )
        .annotate(
            unallocated_since=Coalesce(
                Subquery(last_ended, output_field=DateField()), F("start_date")
            ),
            la_days=la_days,
        )
        .annotate(due_on=due_on)
        .filter(due_on__lte=today)
        .values(
            "pk",
            "first_name",
            "preferred_name",
            "last_name",
            "care_setting_id",
            "care_setting__slug",
            "care_setting__name",
            "unallocated_since",
            "la_days",
            "due_on",
        )
        .order_by("pk")
    )
    managers = _managers_by_setting(child["care_setting_id"] for child in children)
    for child in children:
        name = f"{child['preferred_name'] or child['first_name']} {child['last_name']}"
        days = (today - child["unallocated_since"]).days
        url = first_url(
            *(
                (page, {"setting_slug": child["care_setting__slug"], "child_id": child["pk"]})
                for page in KEY_PERSON_PAGES
            ),
            ("settings:overview", {"setting_slug": child["care_setting__slug"]}),
        )
        body = (
            f"{name} has had no key person at {child['care_setting__name']} since "
            f"{long_date(child['unallocated_since'])}. Your local authority asks for a key "
            f"person to be allocated within {child['la_days']} days."
        )
        for user_id in managers.get(child["care_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}",
                subject=f"{name} has had no key person for {days} day{'s' if days != 1 else ''}",
                due_on=child["due_on"],
                url=url,
                care_setting_id=child["care_setting_id"],
                body=body,
            )


# --- Staff training expiring or expired ---------------------------------------------

TRAINING_WARNING_DAYS = 30
# Managers go to the setting's training records; other staff, who may not open those, to
# their own start page.
TRAINING_PAGES_FOR_MANAGERS = ("settings:keypersons:training", "settings:overview")
TRAINING_PAGES_FOR_STAFF = ("settings:my_key_children",)


def _course_phrase(label: str) -> str:
    """Return a course name as it reads inside a sentence: "paediatric first aid"."""
    return label[:1].lower() + label[1:]


@rule(
    "training.expiring",
    description=(
        f"Staff training expires within {TRAINING_WARNING_DAYS} days, and again once it has "
        "expired, unless renewed"
    ),
)
def training_expiring(today: date) -> Iterable[Due]:
    """Tell a member of staff and their setting's managers about training running out.

    Only the newest record of a person's course at the setting counts: a renewal supersedes
    it. Two stages, each written once: "expires on" from 30 days before, "expired on" from
    the day. Two queries: the records, then the managers of their settings.
    """
    # As keypersons.selectors.latest_training: the setting's newest record per person and
    # course, so the reminder agrees with the training page it links to.
    newer = TrainingRecord.objects.filter(
        staff=OuterRef("staff"), care_setting=OuterRef("care_setting"), course=OuterRef("course")
    ).filter(
        Q(completed_on__gt=OuterRef("completed_on"))
        | Q(completed_on=OuterRef("completed_on"), pk__gt=OuterRef("pk"))
    )
    still_works_there = Membership.objects.filter(
        user=OuterRef("staff"), care_setting=OuterRef("care_setting"), is_active=True
    )
    records = list(
        TrainingRecord.objects.filter(
            expires_on__isnull=False,
            expires_on__lte=today + timedelta(days=TRAINING_WARNING_DAYS),
            staff__is_active=True,
            care_setting__is_active=True,
        )
        .filter(Exists(still_works_there), ~Exists(newer))
        .values(
            "pk",
            "staff_id",
            "staff__full_name",
            "course",
            "expires_on",
            "care_setting_id",
            "care_setting__slug",
        )
        .order_by("pk")
    )
    managers = _managers_by_setting(record["care_setting_id"] for record in records)
    labels = dict(TrainingRecord.Course.choices)
    for record in records:
        expires_on: date = record["expires_on"]
        expired = expires_on <= today
        course = _course_phrase(str(labels.get(record["course"], record["course"])))
        when = f"{'expired' if expired else 'expires'} on {long_date(expires_on)}"
        stage = "expired" if expired else "expiring"
        slug = record["care_setting__slug"]
        common = {
            "subject_key": f"training-{record['pk']}-{stage}",
            "due_on": expires_on,
            "care_setting_id": record["care_setting_id"],
        }
        staff_id = record["staff_id"]
        setting_managers = managers.get(record["care_setting_id"], [])
        staff_pages = (
            TRAINING_PAGES_FOR_MANAGERS
            if staff_id in setting_managers
            else TRAINING_PAGES_FOR_STAFF
        )
        yield Due(
            recipient_id=staff_id,
            subject=f"Your {course} training {when}",
            url=first_url(*((page, {"setting_slug": slug}) for page in staff_pages)),
            body=(
                "Book a refresher course and ask your manager to record it when you have "
                "completed it."
            ),
            **common,
        )
        for user_id in setting_managers:
            if user_id == staff_id:
                continue  # a manager's own training: told once, as "Your …"
            yield Due(
                recipient_id=user_id,
                subject=f"{record['staff__full_name']}'s {course} training {when}",
                url=first_url(
                    *((page, {"setting_slug": slug}) for page in TRAINING_PAGES_FOR_MANAGERS)
                ),
                body="Record the refresher course once it has been completed.",
                **common,
            )


# Rules kept beside their subject; importing them registers them.
from notifications import rules_check, rules_journey, rules_tracker  # noqa: E402, F401
