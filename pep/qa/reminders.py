"""Reminder rules of PEP quality assurance (gathered by pep/reminders.py at start-up)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models.functions import TruncDate

from notifications.rules import (
    Due,
    first_url,
    in_children,
    key_person_and_managers,
    long_date,
    rule,
)
from pep.models import Pep, QaReview

PEP_RETURNED = "pep.returned"


@rule(
    PEP_RETURNED,
    description="A PEP was returned by the local authority with a reason to fix",
    per_child=True,
    buddy_sees=True,
    links=("settings:pep:detail", "settings:children:detail"),
    alert="A PEP has been returned for changes at {setting}. Sign in to see what to change.",
)
def pep_returned(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person and the managers about each PEP returned and not yet resubmitted.

    One reminder per return and person (``pep.qa.services`` writes it at once with
    ``notify_now``); the reason stays in the portal, never in a notification or an e-mail.
    Three queries: the returns of PEPs still returned, the managers (the key person comes
    with the child).
    """
    returns = list(
        QaReview.objects.filter(
            decision=QaReview.Decision.RETURNED,
            pep__status=Pep.Status.RETURNED,
            pep__child__care_setting__is_active=True,
            **in_children(children, "pep__child"),
        )
        .annotate(returned_on=TruncDate("at"))
        .filter(returned_on__lte=today)
        .values(
            "pk",
            "pep_id",
            "returned_on",
            "pep__child_id",
            "pep__child__key_person_id",
            "pep__child__care_setting_id",
            "pep__child__care_setting__slug",
        )
        .order_by("pep_id", "-at", "-pk")
    )
    # Only the latest return of each PEP is news: earlier ones were fixed and resubmitted.
    latest: dict[int, dict[str, Any]] = {}
    for row in returns:
        latest.setdefault(row["pep_id"], row)
    rows = [
        {
            **row,
            "key_person_id": row["pep__child__key_person_id"],
            "care_setting_id": row["pep__child__care_setting_id"],
        }
        for row in latest.values()
    ]
    recipients = key_person_and_managers(rows)
    for row in rows:
        slug = row["pep__child__care_setting__slug"]
        url = first_url(
            ("settings:pep:detail", {"setting_slug": slug, "pep_id": row["pep_id"]}),
            ("settings:children:detail", {"setting_slug": slug, "child_id": row["pep__child_id"]}),
        )
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"pep-{row['pep_id']}-return-{row['pk']}",
                # Notifications reach e-mail digests: no child and no reason here.
                subject="A PEP has been returned for changes",
                due_on=row["returned_on"],
                url=url,
                care_setting_id=row["care_setting_id"],
                body=(
                    f"The local authority returned a PEP on {long_date(row['returned_on'])}. "
                    "Sign in to read why, make the changes and submit it again."
                ),
                child_id=row["pep__child_id"],
                todo="Make the changes the local authority asked for and submit the PEP again",
            )
