"""Reminder rules for learning: the tracker part (registered with notifications.rules.rule)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Membership
from children.models import Child
from learning.models import EarlyAssessment, TrackerPolicy
from notifications.rules import Due, first_url, long_date, rule

DEFAULT_WEEKS = 6
EARLY_ASSESSMENT_PAGES = ("settings:learning:assessment_edit", "settings:children:detail")


@rule(
    "learning.early_assessment_due",
    description=(
        "A child on roll has no early assessment by the setting's (or LA's) configured number "
        "of weeks after starting"
    ),
)
def early_assessment_due(today: date) -> Iterable[Due]:
    """Tell the key person (or, without one, the managers) that an early assessment is late.

    Due ``N`` weeks after the child started: the setting's tracker policy, else its LA's,
    else six. Two queries: the children (weeks as subqueries), then managers where needed.
    """
    setting_weeks = TrackerPolicy.objects.filter(
        care_setting_id=OuterRef("care_setting_id")
    ).values("early_assessment_weeks")[:1]
    la_weeks = TrackerPolicy.objects.filter(
        local_authority_id=OuterRef("care_setting__local_authority_id"),
        care_setting__isnull=True,
    ).values("early_assessment_weeks")[:1]
    children = list(
        Child.objects.filter(
            Q(leave_date__isnull=True) | Q(leave_date__gt=today),
            start_date__lte=today,
            care_setting__is_active=True,
        )
        .exclude(pk__in=EarlyAssessment.objects.values("child_id"))
        .annotate(
            weeks=Coalesce(
                Subquery(setting_weeks, output_field=IntegerField()),
                Subquery(la_weeks, output_field=IntegerField()),
                Value(DEFAULT_WEEKS),
            )
        )
        .values(
            "pk",
            "first_name",
            "preferred_name",
            "last_name",
            "start_date",
            "key_person_id",
            "care_setting_id",
            "care_setting__slug",
            "weeks",
        )
        .order_by("pk")
    )
    due = [
        (child, child["start_date"] + timedelta(weeks=child["weeks"]))
        for child in children
        if child["start_date"] + timedelta(weeks=child["weeks"]) <= today
    ]
    without_key_person = {
        child["care_setting_id"] for child, _ in due if not child["key_person_id"]
    }
    managers: dict[int, list[int]] = defaultdict(list)
    if without_key_person:
        for setting_id, user_id in Membership.objects.filter(
            care_setting_id__in=without_key_person,
            role=Membership.Role.MANAGER,
            is_active=True,
            user__is_active=True,
        ).values_list("care_setting_id", "user_id"):
            managers[setting_id].append(user_id)
    for child, due_on in due:
        name = f"{child['preferred_name'] or child['first_name']} {child['last_name']}"
        kwargs = {"setting_slug": child["care_setting__slug"], "child_id": child["pk"]}
        recipients = (
            [child["key_person_id"]]
            if child["key_person_id"]
            else managers.get(child["care_setting_id"], [])
        )
        for user_id in recipients:
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}",
                subject=f"{name}'s early assessment is due",
                due_on=due_on,
                url=first_url(*((page, kwargs) for page in EARLY_ASSESSMENT_PAGES)),
                care_setting_id=child["care_setting_id"],
                body=(
                    f"{name} started on {long_date(child['start_date'])}. Record their starting "
                    f"point in the prime areas: it was due within {child['weeks']} weeks, by "
                    f"{long_date(due_on)}."
                ),
            )
