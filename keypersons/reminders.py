"""Reminder rules about key persons and staff training (registered with notifications.rules).

The training rule and the dashboards' training lists read the same selector
(``selectors.training_running_out``); the designated key person rule words its reminder with
``selectors.designated_message``, as the overview's looked-after table does.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest

from accounts.models import Membership
from accounts.permissions import landing_page
from children.models import Child, on_roll_q
from keypersons import selectors
from keypersons.models import KeyPersonAllocation, TrainingRecord
from notifications.rules import (
    Due,
    child_name,
    first_url,
    in_children,
    key_person_and_managers,
    long_date,
    managers_by_setting,
    rule,
)

UNALLOCATED = selectors.UNALLOCATED_REMINDER
TRAINING = "training.expiring"
DESIGNATED = "key_person.designated_missing"


# --- A child without a key person --------------------------------------------------


# The allocation page is preferred; the child's page and the overview are fallbacks.
def _home(role: str) -> str:
    """Return the view name of the role's landing page at a setting.

    The landing pages belong to an app above this one, which registers them
    (``accounts.permissions.register_landing_page``) once the apps are ready.
    """
    return landing_page("setting", role)


KEY_PERSON_PAGES = (
    "settings:keypersons:allocate",
    "settings:children:detail",
)


@rule(
    UNALLOCATED,
    description="A child on roll has had no key person for the LA's configured number of days",
    per_child=True,
    links=(*KEY_PERSON_PAGES, "settings:overview"),
)
def key_person_unallocated(today: date, *, children: Any = None) -> Iterable[Due]:
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
    rows = list(
        Child.objects.filter(
            on_roll_q(today),
            key_person__isnull=True,
            start_date__lte=today,
            care_setting__is_active=True,
            **in_children(children),
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
    managers = managers_by_setting(row["care_setting_id"] for row in rows)
    for row in rows:
        name = child_name(row)
        days = (today - row["unallocated_since"]).days
        url = first_url(
            *(
                (page, {"setting_slug": row["care_setting__slug"], "child_id": row["pk"]})
                for page in KEY_PERSON_PAGES
            ),
            (_home(Membership.Role.MANAGER), {"setting_slug": row["care_setting__slug"]}),
        )
        body = (
            f"{name} has had no key person at {row['care_setting__name']} since "
            f"{long_date(row['unallocated_since'])}. Your local authority asks for a key "
            f"person to be allocated within {row['la_days']} days, so by "
            f"{long_date(row['due_on'])}."
        )
        for user_id in managers.get(row["care_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{row['pk']}",
                subject=f"{name} has had no key person for {days} day{'s' if days != 1 else ''}",
                due_on=row["due_on"],
                url=url,
                care_setting_id=row["care_setting_id"],
                body=body,
                child_id=row["pk"],
                todo=f"Allocate a key person: none for {days} day{'s' if days != 1 else ''}",
            )


# --- A looked-after child without a trained, designated key person -------------------


@rule(
    DESIGNATED,
    description=(
        "A looked-after child on roll has no designated key person with current children in "
        "care training"
    ),
    per_child=True,
    buddy_sees=True,
    links=("settings:my_key_children", "settings:keypersons:allocate", "settings:children:detail"),
)
def designated_missing(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the managers, and the key person, that a looked-after child needs a designated,
    trained key person: the same check and words as the overview's looked-after table.

    Due from the later of the child's start and entering care. A new key person is a new
    reminder. Two queries: the children with their key person's status, the managers.
    """
    children_qs = (
        selectors.with_key_person_status(
            Child.objects.filter(
                on_roll_q(today),
                looked_after_status=Child.LookedAfter.LOOKED_AFTER,
                start_date__lte=today,
                care_setting__is_active=True,
                **in_children(children),
            ),
            today,
        )
        .filter(
            Q(key_person__isnull=True)
            | Q(key_person_designated=False)
            | Q(key_person_trained=False)
        )
        .annotate(since=Greatest(F("start_date"), Coalesce(F("entered_care_on"), F("start_date"))))
        .select_related("care_setting")
        .order_by("pk")
    )
    found = [(child, selectors.designated_message(child)) for child in children_qs]
    rows = [
        {
            "child": child,
            "message": message,
            "key_person_id": child.key_person_id,
            "care_setting_id": child.care_setting_id,
        }
        for child, message in found
        if message
    ]
    recipients = key_person_and_managers(rows)
    for row in rows:
        child: Child = row["child"]
        slug = child.care_setting.slug
        for user_id in recipients(row):
            is_key_person = user_id == child.key_person_id
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child.pk}-key-person-{child.key_person_id or 0}",
                subject=row["message"],
                due_on=child.since,
                url=first_url(
                    (
                        (_home(Membership.Role.PRACTITIONER), {"setting_slug": slug})
                        if is_key_person
                        else (
                            "settings:keypersons:allocate",
                            {"setting_slug": slug, "child_id": child.pk},
                        )
                    ),
                    ("settings:children:detail", {"setting_slug": slug, "child_id": child.pk}),
                ),
                care_setting_id=child.care_setting_id,
                body=(
                    f"{child} has been looked after at {child.care_setting.name} since "
                    f"{long_date(child.since)}. "
                    + (
                        "Ask your manager about the children in care training and the designation."
                        if is_key_person
                        else "Allocate a designated key person who has the children in care "
                        "training, or record their training."
                    )
                ),
                child_id=child.pk,
                todo=row["message"],
            )


# --- Staff training expiring or expired ---------------------------------------------

# Managers go to the form recording the person's refresher (then the training records);
# other staff, who may not record it, to their own start page, which lists their training
# running out and says what to do.
# Either list ends at the person's own landing page (``_home``).
TRAINING_PAGES_FOR_MANAGERS = ("settings:keypersons:training_add", "settings:keypersons:training")
TRAINING_PAGES_FOR_STAFF: tuple[str, ...] = ()


def _training_url(pages: tuple[str, ...], *, slug: str, staff_id: int) -> str:
    role = (
        Membership.Role.MANAGER
        if pages == TRAINING_PAGES_FOR_MANAGERS
        else Membership.Role.PRACTITIONER
    )
    return first_url(
        *(
            (page, {"setting_slug": slug, "user_id": staff_id})
            if page.endswith("training_add")
            else (page, {"setting_slug": slug})
            for page in pages
        ),
        (_home(role), {"setting_slug": slug}),
    )


def _course_phrase(label: str) -> str:
    """Return a course name as it reads inside a sentence: "paediatric first aid"."""
    return label[:1].lower() + label[1:]


@rule(
    TRAINING,
    description=(
        f"Staff training expires within {selectors.EXPIRING_WITHIN_DAYS} days, and again once "
        "it has expired, unless renewed"
    ),
    links=(*TRAINING_PAGES_FOR_MANAGERS, *TRAINING_PAGES_FOR_STAFF),
)
def training_expiring(today: date) -> Iterable[Due]:
    """Tell a member of staff and their setting's managers about training running out.

    Only the newest record of a person's course at the setting counts: a renewal supersedes
    it. Two stages, each written once: "expires on" from 30 days before, "expired on" from
    the day. Two queries: the records, then the managers of their settings.
    """
    records = list(
        selectors.training_running_out(today)
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
    managers = managers_by_setting(record["care_setting_id"] for record in records)
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
            url=_training_url(staff_pages, slug=slug, staff_id=staff_id),
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
                url=_training_url(TRAINING_PAGES_FOR_MANAGERS, slug=slug, staff_id=staff_id),
                body="Record the refresher course once it has been completed.",
                **common,
            )
