"""Reminder rules for learning: the tracker part (registered with notifications.rules.rule)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from children.models import Child, on_roll_q
from learning.models import AssessmentPeriod, EarlyAssessment, TrackerJudgement, TrackerPolicy
from notifications.rules import (
    Due,
    child_name,
    first_url,
    in_children,
    key_person_or_managers,
    long_date,
    rule,
)

EARLY_ASSESSMENT = "learning.early_assessment_due"
JUDGEMENTS = "learning.judgements_due"
DEFAULT_WEEKS = 6
EARLY_ASSESSMENT_PAGES = ("settings:learning:assessment_edit", "settings:children:detail")
# A period's judgements are asked for from four weeks before it ends until four weeks after.
JUDGING_WEEKS = 4


@rule(
    EARLY_ASSESSMENT,
    description=(
        "A child on roll has no early assessment by the setting's (or LA's) configured number "
        "of weeks after starting"
    ),
    per_child=True,
    buddy_sees=True,
    links=EARLY_ASSESSMENT_PAGES,
)
def early_assessment_due(today: date, *, children: Any = None) -> Iterable[Due]:
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
    rows = list(
        Child.objects.filter(
            on_roll_q(today),
            start_date__lte=today,
            care_setting__is_active=True,
            **in_children(children),
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
        for child in rows
        if child["start_date"] + timedelta(weeks=child["weeks"]) <= today
    ]
    recipients = key_person_or_managers([child for child, _ in due])
    for child, due_on in due:
        name = child_name(child)
        kwargs = {"setting_slug": child["care_setting__slug"], "child_id": child["pk"]}
        for user_id in recipients(child):
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
                child_id=child["pk"],
                todo=f"Record the early assessment: it was due by {long_date(due_on)}",
            )


@rule(
    JUDGEMENTS,
    description=(
        f"A child on roll has no judgement for a tracking period ending within {JUDGING_WEEKS} "
        f"weeks, or ended less than {JUDGING_WEEKS} weeks ago"
    ),
    per_child=True,
    buddy_sees=True,
    links=("settings:learning:tracker_edit", "settings:learning:tracker"),
)
def judgements_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person (or, without one, the managers) to judge the period's progress.

    A period of the setting is open for judging from four weeks before its end to four
    weeks after it; a child on roll who had started by its end and has no judgement in any
    area for it is due, by the period's last day. Four queries at most: the open periods,
    the children of their settings, the children already judged, the managers.
    """
    window = timedelta(weeks=JUDGING_WEEKS)
    periods = list(
        AssessmentPeriod.objects.filter(
            starts_on__lte=today,
            ends_on__gte=today - window,
            ends_on__lte=today + window,
            care_setting__is_active=True,
        ).values("pk", "name", "ends_on", "care_setting_id")
    )
    if not periods:
        return
    by_setting: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for period in periods:
        by_setting[period["care_setting_id"]].append(period)
    rows = list(
        Child.objects.filter(
            on_roll_q(today),
            care_setting_id__in=list(by_setting),
            start_date__lte=today,
            **in_children(children),
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
        )
        .order_by("pk")
    )
    judged = set(
        TrackerJudgement.objects.filter(
            period_id__in=[period["pk"] for period in periods],
            **in_children(children, "child"),
        )
        .values_list("child_id", "period_id")
        .distinct()
    )
    due = [
        (child, period)
        for child in rows
        for period in by_setting[child["care_setting_id"]]
        if child["start_date"] <= period["ends_on"] and (child["pk"], period["pk"]) not in judged
    ]
    recipients = key_person_or_managers([child for child, _ in due])
    for child, period in due:
        name = child_name(child)
        ends_on = period["ends_on"]
        kwargs = {
            "setting_slug": child["care_setting__slug"],
            "child_id": child["pk"],
        }
        for user_id in recipients(child):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}-period-{period['pk']}",
                subject=f"{name}'s judgements for {period['name']} are due",
                due_on=ends_on,
                url=first_url(
                    ("settings:learning:tracker_edit", {**kwargs, "period_id": period["pk"]}),
                    ("settings:learning:tracker", kwargs),
                ),
                care_setting_id=child["care_setting_id"],
                body=(
                    f"{period['name']} ends on {long_date(ends_on)}. Record {name}'s best-fit "
                    "judgements in the areas of learning for it on the tracker."
                ),
                child_id=child["pk"],
                todo=f"Record the judgements for {period['name']} by {long_date(ends_on)}",
            )
