"""Reminder rules for allegations against staff (registered with notifications.rules).

Told: whoever may see the allegation (``allegation_readers``: the setting's managers and
DSLs), never the member of staff it is about. The readers of every setting concerned are
read in one query and the accused is left out of each allegation's own recipients, so the
sweep stays at two queries however many allegations there are. No name, no words of the
allegation: subjects and bodies say only what is due and when.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from accounts.permissions import allegation_readers
from common.dates import add_working_days
from notifications.rules import Due, first_url, long_date, rule
from safeguarding.models import Allegation

ALLEGATION_OFSTED = "safeguarding.allegation_ofsted"
ALLEGATION_LADO = "safeguarding.allegation_lado"
# Ofsted must be told of an allegation of serious harm within 14 days of it being made.
OFSTED_DAYS = 14
# The readers are reminded again from this many days before that deadline.
OFSTED_WARNING_DAYS = 4
LINKS = ("settings:safeguarding:allegation_detail",)


def _open(today: date, **missing: bool) -> list[dict]:
    return list(
        Allegation.objects.filter(care_setting__is_active=True, received_on__lte=today, **missing)
        .values("pk", "received_on", "staff_member_id", "care_setting_id", "care_setting__slug")
        .order_by("pk")
    )


def _readers(rows: list[dict]) -> dict[int, list[int]]:
    return allegation_readers(care_setting_ids={row["care_setting_id"] for row in rows})


def _told(row: dict, readers: dict[int, list[int]]) -> list[int]:
    """Return who is told about the allegation: its readers, never the person it is about."""
    return [
        user_id
        for user_id in readers.get(row["care_setting_id"], [])
        if user_id != row["staff_member_id"]
    ]


def _url(row: dict) -> str:
    return first_url(
        (
            "settings:safeguarding:allegation_detail",
            {"setting_slug": row["care_setting__slug"], "allegation_id": row["pk"]},
        )
    )


@rule(
    ALLEGATION_OFSTED,
    description="An allegation of serious harm against a member of staff: Ofsted not yet told",
    links=LINKS,
)
def ofsted_not_notified(today: date) -> Iterable[Due]:
    """Remind the readers to tell Ofsted of an allegation of serious harm.

    Once from the day it was made, and again as the 14th day approaches (from four days
    before it, and after it while Ofsted is still not told): two reminders with keys of
    their own. Two queries: the allegations, their readers.
    """
    rows = _open(today, serious_harm=True, ofsted_notified_on__isnull=True)
    readers = _readers(rows)
    for row in rows:
        made = row["received_on"]
        deadline = made + timedelta(days=OFSTED_DAYS)
        url = _url(row)
        for user_id in _told(row, readers):
            yield Due(
                recipient_id=user_id,
                subject_key=f"allegation-{row['pk']}-ofsted",
                subject="Tell Ofsted of an allegation against a member of staff",
                due_on=made,
                url=url,
                care_setting_id=row["care_setting_id"],
                body=(
                    f"An allegation of serious harm was made on {long_date(made)}. Tell Ofsted "
                    f"as soon as possible and by {long_date(deadline)} at the latest, then "
                    f"record the date."
                ),
            )
            if today >= deadline - timedelta(days=OFSTED_WARNING_DAYS):
                yield Due(
                    recipient_id=user_id,
                    subject_key=f"allegation-{row['pk']}-ofsted-deadline",
                    subject=f"Ofsted must be told of an allegation by {long_date(deadline)}",
                    due_on=deadline,
                    url=url,
                    care_setting_id=row["care_setting_id"],
                    body=(
                        f"Ofsted has not been recorded as told of an allegation of serious "
                        f"harm made on {long_date(made)}. The 14 days end on "
                        f"{long_date(deadline)}."
                    ),
                )


@rule(
    ALLEGATION_LADO,
    description="An allegation against a member of staff not referred to the LADO within one "
    "working day",
    links=LINKS,
)
def lado_not_referred(today: date) -> Iterable[Due]:
    """Remind the readers to refer an allegation to the LADO, one working day after it.

    Two queries: the allegations, their readers.
    """
    rows = [
        row
        for row in _open(today, lado_referred_on__isnull=True)
        if add_working_days(row["received_on"], 1) <= today
    ]
    readers = _readers(rows)
    for row in rows:
        due = add_working_days(row["received_on"], 1)
        for user_id in _told(row, readers):
            yield Due(
                recipient_id=user_id,
                subject_key=f"allegation-{row['pk']}-lado",
                subject="Refer an allegation against a member of staff to the LADO",
                due_on=due,
                url=_url(row),
                care_setting_id=row["care_setting_id"],
                body=(
                    f"An allegation made on {long_date(row['received_on'])} should have been "
                    f"referred to the LADO by {long_date(due)}. Refer it, then record the date."
                ),
            )
