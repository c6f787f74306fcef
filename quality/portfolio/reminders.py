"""Reminder rule of the portfolio: a visit is due by the setting's support level.

A setting on targeted support (its latest inspection below Good) is visited within the LA's
``targeted_visit_days``; one on universal support within its ``universal_visit_days``. The
days run from the last visit; on targeted support, from the inspection that put the setting
there if it came after the last visit; with neither visit nor inspection, from the day the
setting joined. The setting's improvement advisors are told, once per setting and due
date: the advisors assigned to it whom the door lets record visits. Three queries however
many settings: the settings with their latest inspection and last visit, the assignments,
the LA people who may record visits.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import TruncDate

from accounts.models import CareSetting
from accounts.permissions import Action
from notifications.rules import Due, first_url, long_date, rule
from quality.inspections import SupportLevel, with_latest_inspection
from quality.models import Visit
from quality.shared import assigned_people_who_can

VISIT_DUE = "quality.visit_due"
LINKS = ("settings:quality:overview",)


def _settings() -> list[dict]:
    last_visit = Visit.objects.filter(care_setting=OuterRef("pk")).order_by("-visited_on")
    return list(
        with_latest_inspection(CareSetting.objects.filter(is_active=True))
        .annotate(
            last_visit_on=Subquery(last_visit.values("visited_on")[:1]),
            joined_on=TruncDate("created_at"),
            targeted_days=F("local_authority__targeted_visit_days"),
            universal_days=F("local_authority__universal_visit_days"),
        )
        .values(
            "pk",
            "slug",
            "name",
            "support_level",
            "latest_inspected_on",
            "last_visit_on",
            "joined_on",
            "targeted_days",
            "universal_days",
        )
        .order_by("pk")
    )


def visit_due_on(row: dict) -> date:
    """Return the day a visit to the setting is due by, from its support level."""
    last_visit, inspected = row["last_visit_on"], row["latest_inspected_on"]
    if row["support_level"] == SupportLevel.TARGETED:
        known = [day for day in (last_visit, inspected) if day is not None]
        since = max(known) if known else row["joined_on"]
        return since + timedelta(days=row["targeted_days"])
    since = last_visit or inspected or row["joined_on"]
    return since + timedelta(days=row["universal_days"])


@rule(
    VISIT_DUE,
    description="A setting not visited within the LA's days for its support level",
    links=LINKS,
)
def visit_due(today: date) -> Iterable[Due]:
    """Remind the setting's improvement advisors that a visit is due (three queries)."""
    due = [(row, visit_due_on(row)) for row in _settings()]
    due = [(row, on) for row, on in due if on <= today]
    advisors = assigned_people_who_can(
        Action.RECORD_VISIT, care_setting_ids={row["pk"] for row, _ in due}
    )
    for row, due_on in due:
        targeted = row["support_level"] == SupportLevel.TARGETED
        level = "targeted" if targeted else "universal"
        days = row["targeted_days"] if targeted else row["universal_days"]
        url = first_url(("settings:quality:overview", {"setting_slug": row["slug"]}))
        last = (
            f"The last visit was on {long_date(row['last_visit_on'])}."
            if row["last_visit_on"]
            else "No visit is recorded."
        )
        for user_id in advisors.get(row["pk"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"setting-{row['pk']}-visit",
                subject=f"A visit to {row['name']} is due by {long_date(due_on)}",
                due_on=due_on,
                url=url,
                care_setting_id=row["pk"],
                body=(
                    f"{row['name']} is on {level} support: it is visited at least every "
                    f"{days} days. {last} Visit by {long_date(due_on)} and record the notes "
                    f"of visit."
                ),
            )
