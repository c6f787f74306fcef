"""What the setting and the advisor are told about notes of visit, in the portal only.

- ``quality.visit_shared``: the setting's managers, when an advisor shares the notes of a
  visit with the setting (written at once by ``services.visit_share``);
- ``quality.visit_reflected``: the advisor who wrote the notes, when the manager adds or
  changes the setting's reflections (written at once by ``services.visit_reflect``).

Notes of visit are about the setting, never a child: nothing here names one, and nothing
says what the notes say. No e-mail alert: the daily digest carries them. Each rule looks
back ``RECENT_DAYS`` only, so a sweep that missed a day catches up, and someone who joins
the setting later is not told of every visit before them. Two queries each.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models.functions import TruncDate

from accounts.permissions import Action, members_who_can_by_setting
from notifications.rules import Due, first_url, long_date, rule
from quality.models import Visit

VISIT_SHARED = "quality.visit_shared"
VISIT_REFLECTED = "quality.visit_reflected"
RECENT_DAYS = 14


def _detail_url(row: dict[str, Any]) -> str:
    return first_url(
        (
            "settings:quality:visit_detail",
            {"setting_slug": row["care_setting__slug"], "visit_id": row["pk"]},
        )
    )


def _kind(row: dict[str, Any]) -> str:
    return Visit.Kind(row["kind"]).label.lower()


@rule(
    VISIT_SHARED,
    description="An advisor shared the notes of a visit with the setting",
    links=("settings:quality:visit_detail",),
)
def visit_shared(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the setting's managers of notes of visit shared with it in the last days.

    ``children`` is not used: notes of visit name no child.
    """
    visits = list(
        Visit.objects.filter(shared_at__isnull=False, care_setting__is_active=True)
        .annotate(shared_on=TruncDate("shared_at"))
        .filter(shared_on__lte=today, shared_on__gt=today - timedelta(days=RECENT_DAYS))
        .values("pk", "kind", "visited_on", "shared_on", "care_setting_id", "care_setting__slug")
        .order_by("pk")
    )
    managers = members_who_can_by_setting(
        Action.REFLECT_ON_VISIT, care_setting_ids={row["care_setting_id"] for row in visits}
    )
    for row in visits:
        for user_id in managers.get(row["care_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"visit-{row['pk']}-shared",
                subject="Notes of a visit have been shared with you",
                due_on=row["shared_on"],
                url=_detail_url(row),
                care_setting_id=row["care_setting_id"],
                body=(
                    f"On {long_date(row['shared_on'])}, the notes of the {_kind(row)} visit on "
                    f"{long_date(row['visited_on'])} were shared with your setting. Sign in to "
                    "read them and add your reflections."
                ),
            )


@rule(
    VISIT_REFLECTED,
    description="The setting's manager added reflections to the notes of a visit",
    links=("settings:quality:visit_detail",),
)
def visit_reflected(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the advisor who wrote the notes of reflections added in the last days.

    One query: the advisor comes with the visit. ``children`` is not used.
    """
    visits = (
        Visit.objects.filter(
            shared_at__isnull=False,
            reflections_at__isnull=False,
            advisor__is_active=True,
            care_setting__is_active=True,
        )
        .annotate(reflected_on=TruncDate("reflections_at"))
        .filter(reflected_on__lte=today, reflected_on__gt=today - timedelta(days=RECENT_DAYS))
        .values(
            "pk",
            "kind",
            "visited_on",
            "reflected_on",
            "advisor_id",
            "care_setting_id",
            "care_setting__slug",
            "care_setting__name",
        )
        .order_by("pk")
    )
    for row in visits:
        yield Due(
            recipient_id=row["advisor_id"],
            subject_key=f"visit-{row['pk']}-reflected",
            subject="A setting has added its reflections to your notes of visit",
            due_on=row["reflected_on"],
            url=_detail_url(row),
            care_setting_id=row["care_setting_id"],
            body=(
                f"On {long_date(row['reflected_on'])}, {row['care_setting__name']} added its "
                f"reflections to the notes of the {_kind(row)} visit on "
                f"{long_date(row['visited_on'])}. Sign in to read them."
            ),
        )
