"""Reminder rules about the child's record (registered with notifications.rules).

Both are the child's own to-dos: the key person is told (without one, the managers), and
a buddy key person sees them on their dashboard too.
"""

import operator
from collections.abc import Iterable
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest

from children.models import Child, Consent, TeamMember, on_roll_q
from notifications.rules import (
    Due,
    child_name,
    first_url,
    in_children,
    key_person_or_managers,
    long_date,
    rule,
)

CONSENTS = "children.consents_missing"
SOCIAL_WORKER = "children.social_worker_missing"
CHILD_FIELDS = (
    "pk",
    "first_name",
    "preferred_name",
    "last_name",
    "start_date",
    "key_person_id",
    "care_setting_id",
    "care_setting__slug",
)


def _started(today: date, children: Any) -> Any:
    return Child.objects.filter(
        on_roll_q(today),
        start_date__lte=today,
        care_setting__is_active=True,
        **in_children(children),
    )


def _page(name: str, row: dict[str, Any]) -> str:
    kwargs = {"setting_slug": row["care_setting__slug"], "child_id": row["pk"]}
    return first_url((name, kwargs), ("settings:children:detail", kwargs))


@rule(
    CONSENTS,
    description="A child on roll has no answer recorded for a consent asked when they start",
    per_child=True,
    buddy_sees=True,
    links=("settings:children:consent_record", "settings:children:detail"),
)
def consents_missing(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person which consents asked at the start have no answer recorded.

    Due on the child's first day. Two queries at most: the children with one yes/no per
    consent, then the managers of settings where a child has no key person.
    """
    asked = {kind: f"has_{kind.value}" for kind in Consent.ASKED_AT_START}
    rows = list(
        _started(today, children)
        .annotate(
            **{
                name: Exists(Consent.objects.filter(child=OuterRef("pk"), kind=kind))
                for kind, name in asked.items()
            }
        )
        .filter(reduce(operator.or_, (Q(**{name: False}) for name in asked.values())))
        .values(*CHILD_FIELDS, *asked.values())
        .order_by("pk")
    )
    recipients = key_person_or_managers(rows)
    for row in rows:
        name = child_name(row)
        missing = ", ".join(
            str(kind.label) for kind, field in asked.items() if not row[field]
        ).lower()
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{row['pk']}",
                subject=f"Record {name}'s consents",
                due_on=row["start_date"],
                url=_page("settings:children:consent_record", row),
                care_setting_id=row["care_setting_id"],
                body=(
                    f"{name} started on {long_date(row['start_date'])}. Record the carers' "
                    f"answers about: {missing}."
                ),
                child_id=row["pk"],
                todo=f"Record consent for: {missing}",
            )


@rule(
    SOCIAL_WORKER,
    description="A looked-after child on roll has no social worker in the team around them",
    per_child=True,
    buddy_sees=True,
    links=("settings:children:team_add", "settings:children:detail"),
)
def social_worker_missing(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person that a looked-after child's team has no social worker.

    Due from the later of the child's start and entering care. Two queries at most: the
    children, then the managers of settings where a child has no key person.
    """
    social_worker = TeamMember.objects.filter(
        child=OuterRef("pk"), role=TeamMember.Role.SOCIAL_WORKER, is_active=True
    )
    rows = list(
        _started(today, children)
        .filter(looked_after_status=Child.LookedAfter.LOOKED_AFTER)
        .filter(~Exists(social_worker))
        .annotate(since=Greatest(F("start_date"), Coalesce(F("entered_care_on"), F("start_date"))))
        .values(*CHILD_FIELDS, "since")
        .order_by("pk")
    )
    recipients = key_person_or_managers(rows)
    for row in rows:
        name = child_name(row)
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{row['pk']}",
                subject=f"Add {name}'s social worker to the team around the child",
                due_on=row["since"],
                url=_page("settings:children:team_add", row),
                care_setting_id=row["care_setting_id"],
                body=(
                    f"{name} is looked after and has had no social worker in the team around "
                    f"the child since {long_date(row['since'])}. Add them with their contact "
                    "details."
                ),
                child_id=row["pk"],
                todo="Add the social worker to the team around the child",
            )
