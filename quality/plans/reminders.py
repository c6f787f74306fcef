"""Reminder rules of action plans: contact after an inspection below Good, actions overdue,
the maintenance contact after a plan closes, and each side's news of the other's writes.

Set-based (a fixed handful of queries whatever the number of plans), recipients chosen
through the door: the setting's writers of the plan (EDIT_ACTION_PLAN), the improvement
advisors assigned to it who may support it, and the LA's administrators when contact is
overdue. Nothing in a subject or body quotes the plan: the words stay in the portal.

The two news rules are written at once by the services (``notify_now``, one a day per plan
and recipient); they read the audit trail of the last few days, so a sweep writes any that
were missed and never a second one.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from accounts.permissions import Action, la_people_who_can, members_who_can_by_setting
from common.models import AuditEvent
from notifications.rules import Due, first_url, long_date, rule
from quality.models import ActionPlan, PlanAction
from quality.shared import assigned_people_who_can

CONTACT_DUE = "quality.plan_contact_due"
ACTIONS_OVERDUE = "quality.plan_action_overdue"
MAINTENANCE_DUE = "quality.plan_maintenance_due"
ADVISOR_UPDATE = "quality.plan_advisor_update"
SETTING_UPDATE = "quality.plan_setting_update"

PLAN_PAGE = "settings:quality:plan_detail"
# Contact is reminded this many days before it is due, and every day it is overdue.
CONTACT_LEAD_DAYS = 3
# The maintenance contact is reminded this many days before it is due.
MAINTENANCE_LEAD_DAYS = 14
# The news rules read the audit trail of this many days, today included.
NEWS_DAYS = 7

ADVISOR_VERBS = (
    "quality.plan_commented",
    "quality.action_commented",
    "quality.support_brokered",
    "quality.support_changed",
)
SETTING_VERBS = ("quality.action_added", "quality.action_changed")


def _plan_page(setting_slug: str, plan_id: Any) -> str:
    return first_url((PLAN_PAGE, {"setting_slug": setting_slug, "plan_id": int(plan_id)}))


def _writers(setting_ids: set[int]) -> dict[int, list[int]]:
    """Return each setting's staff who write its action plan (its managers), in one query."""
    return members_who_can_by_setting(Action.EDIT_ACTION_PLAN, care_setting_ids=setting_ids)


@rule(
    CONTACT_DUE,
    description="An action plan is open and the setting has not been contacted yet",
    links=(PLAN_PAGE,),
)
def contact_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the assigned advisors from three days before contact is due; the LA admins too
    once it is overdue. Four queries: the plans, the assignments, the LA people twice.
    """
    plans = list(
        ActionPlan.objects.filter(
            status=ActionPlan.Status.OPEN,
            contacted_on__isnull=True,
            contact_due_by__lte=today + timedelta(days=CONTACT_LEAD_DAYS),
            care_setting__is_active=True,
        )
        .values(
            "pk",
            "contact_due_by",
            "care_setting_id",
            la_id=F("care_setting__local_authority_id"),
            slug=F("care_setting__slug"),
            name=F("care_setting__name"),
        )
        .order_by("pk")
    )
    advisors = assigned_people_who_can(
        Action.SUPPORT_SETTING, care_setting_ids={plan["care_setting_id"] for plan in plans}
    )
    overdue_las = {plan["la_id"] for plan in plans if plan["contact_due_by"] < today}
    admins = la_people_who_can(Action.ADMINISTER_LA, local_authority_ids=overdue_las)
    supporters = la_people_who_can(Action.SUPPORT_SETTING, local_authority_ids=overdue_las)
    for plan in plans:
        due_on = plan["contact_due_by"]
        overdue = due_on < today
        recipients = list(advisors.get(plan["care_setting_id"], []))
        if overdue:
            recipients += [
                user_id
                for user_id in admins.get(plan["la_id"], [])
                if user_id in supporters.get(plan["la_id"], []) and user_id not in recipients
            ]
        when = long_date(due_on)
        for user_id in recipients:
            if overdue:
                subject = f"Contact with {plan['name']} was due by {when}"
                body = (
                    f"{plan['name']} has an action plan after an inspection below Good. The "
                    f"setting was to be contacted by {when} and no contact is recorded."
                )
            else:
                subject = f"Contact {plan['name']} by {when}"
                body = (
                    f"{plan['name']} has an action plan after an inspection below Good. "
                    f"Contact the setting by {when} and record it on the plan."
                )
            yield Due(
                recipient_id=user_id,
                subject_key=f"q-contact-{plan['pk']}{'-overdue' if overdue else ''}",
                subject=subject,
                due_on=due_on,
                url=_plan_page(plan["slug"], plan["pk"]),
                care_setting_id=plan["care_setting_id"],
                body=body,
            )


@rule(
    ACTIONS_OVERDUE,
    description="An action of a setting's open action plan is past its date and not done",
    links=(PLAN_PAGE,),
)
def actions_overdue(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the setting's managers and its assigned advisors of each action overdue.

    Four queries: the actions, the managers, the assignments, the LA people.
    """
    actions = list(
        PlanAction.objects.filter(
            plan__status=ActionPlan.Status.OPEN,
            plan__care_setting__is_active=True,
            due_on__lt=today,
        )
        .exclude(status=PlanAction.Status.DONE)
        .values(
            "pk",
            "number",
            "due_on",
            "plan_id",
            setting_id=F("plan__care_setting_id"),
            slug=F("plan__care_setting__slug"),
        )
        .order_by("pk")
    )
    setting_ids = {action["setting_id"] for action in actions}
    writers = _writers(setting_ids)
    advisors = assigned_people_who_can(Action.SUPPORT_SETTING, care_setting_ids=setting_ids)
    for action in actions:
        when = long_date(action["due_on"])
        setting_id = action["setting_id"]
        recipients = list(writers.get(setting_id, []))
        recipients += [user for user in advisors.get(setting_id, []) if user not in recipients]
        for user_id in recipients:
            yield Due(
                recipient_id=user_id,
                subject_key=f"q-action-{action['pk']}",
                subject=f"Action {action['number']} of the action plan was due by {when}",
                due_on=action["due_on"],
                url=_plan_page(action["slug"], action["plan_id"]),
                care_setting_id=setting_id,
                body=(
                    f"Action {action['number']} of the setting's action plan was due by "
                    f"{when} and is not marked as done. Update it, or agree a new date."
                ),
            )


@rule(
    MAINTENANCE_DUE,
    description="An action plan closed after a Good inspection: a maintenance contact is due",
    links=(PLAN_PAGE,),
)
def maintenance_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the assigned advisors from two weeks before a maintenance contact is due.

    Three queries: the closed plans, the assignments, the LA people.
    """
    plans = list(
        ActionPlan.objects.filter(
            status=ActionPlan.Status.CLOSED,
            maintenance_contact_due__lte=today + timedelta(days=MAINTENANCE_LEAD_DAYS),
            maintenance_contact_on__isnull=True,
            care_setting__is_active=True,
        )
        .values(
            "pk",
            "maintenance_contact_due",
            "care_setting_id",
            slug=F("care_setting__slug"),
            name=F("care_setting__name"),
        )
        .order_by("pk")
    )
    advisors = assigned_people_who_can(
        Action.SUPPORT_SETTING, care_setting_ids={plan["care_setting_id"] for plan in plans}
    )
    for plan in plans:
        when = long_date(plan["maintenance_contact_due"])
        for user_id in advisors.get(plan["care_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"q-maintenance-{plan['pk']}",
                subject=f"Maintenance contact with {plan['name']} due by {when}",
                due_on=plan["maintenance_contact_due"],
                url=_plan_page(plan["slug"], plan["pk"]),
                care_setting_id=plan["care_setting_id"],
                body=(
                    f"{plan['name']}'s action plan closed after a Good inspection. A "
                    f"maintenance contact is due by {when}."
                ),
            )


def _news(today: date, verbs: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return one row per plan and day of the audit events of these verbs, in one query."""
    since = timezone.make_aware(datetime.combine(today - timedelta(days=NEWS_DAYS - 1), time.min))
    until = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    events = (
        AuditEvent.objects.filter(
            verb__in=verbs,
            at__gte=since,
            at__lt=until,
            care_setting__isnull=False,
            care_setting__is_active=True,
        )
        .exclude(subject_id="")
        .values("subject_id", "care_setting_id", "at", slug=F("care_setting__slug"))
        .order_by("at", "pk")
    )
    rows: dict[tuple[str, date], dict[str, Any]] = {}
    for event in events:
        day = timezone.localdate(event["at"])
        rows.setdefault((event["subject_id"], day), {**event, "on": day})
    return list(rows.values())


@rule(
    ADVISOR_UPDATE,
    description="The improvement advisor commented on the action plan or brokered support",
    links=(PLAN_PAGE,),
)
def advisor_update(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the setting's managers, once a day per plan, that the advisor wrote on it.

    Two queries: the audit events, the managers.
    """
    rows = _news(today, ADVISOR_VERBS)
    writers = _writers({row["care_setting_id"] for row in rows})
    for row in rows:
        when = long_date(row["on"])
        for user_id in writers.get(row["care_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"q-plan-{row['subject_id']}-advisor",
                subject=f"Your improvement advisor updated your action plan on {when}",
                due_on=row["on"],
                url=_plan_page(row["slug"], row["subject_id"]),
                care_setting_id=row["care_setting_id"],
                body=(
                    f"On {when} your improvement advisor commented on your action plan or "
                    "offered support. Sign in to read it."
                ),
            )


@rule(
    SETTING_UPDATE,
    description="A setting added or updated actions of its action plan",
    links=(PLAN_PAGE,),
)
def setting_update(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the assigned advisors, once a day per plan, that the setting updated its actions.

    Three queries: the audit events, the assignments, the LA people.
    """
    rows = _news(today, SETTING_VERBS)
    advisors = assigned_people_who_can(
        Action.SUPPORT_SETTING, care_setting_ids={row["care_setting_id"] for row in rows}
    )
    for row in rows:
        when = long_date(row["on"])
        for user_id in advisors.get(row["care_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"q-plan-{row['subject_id']}-setting",
                subject=f"A setting updated its action plan on {when}",
                due_on=row["on"],
                url=_plan_page(row["slug"], row["subject_id"]),
                care_setting_id=row["care_setting_id"],
                body=(
                    f"On {when} a setting you support added or changed actions of its "
                    "action plan. Sign in to read them and comment."
                ),
            )
