"""What the quality app's parts share: their pages' addresses, people's names, the menu.

The setting's pages are ``settings:quality:<name>`` under the setting's slug; the LA's are
``la_quality:<name>`` under the LA's slug.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.urls import reverse

from accounts.models import AdvisorAssignment, User
from accounts.permissions import Access, Action, la_people_who_can

# The setting's section of the service navigation that holds its support pages (the Ofsted
# and support page, the action plans, the notes of visit): its "Overview" section, beside
# the setting's overview, so the manager's menu stays on one line.
SUPPORT_GROUP = "Overview"


def setting_url(access: Access, name: str, *ids: Any) -> str:
    """Return the address of a support page of the access's setting."""
    assert access.care_setting is not None
    return reverse(f"settings:quality:{name}", args=[access.care_setting.slug, *ids])


def la_url(access: Access, name: str, **kwargs: Any) -> str:
    """Return the address of a support page of the access's LA."""
    assert access.local_authority is not None
    return reverse(f"la_quality:{name}", kwargs={"la_slug": access.local_authority.slug, **kwargs})


def person_name(user: User | None) -> str:
    """Return how a person is named on the pages: their full name, else their e-mail."""
    return (user.full_name or user.email) if user is not None else ""


def assigned_people_who_can(
    action: Action, *, care_setting_ids: Iterable[int]
) -> dict[int, list[int]]:
    """Return ``{setting_id: [user_id, ...]}`` of the people assigned to each setting who may
    do the action there (reminders pick their recipients here).

    Two queries: the assignments (active roles of active people, of the setting's own LA),
    and the LA people the door lets do the action (``la_people_who_can``).
    """
    setting_ids = set(care_setting_ids)
    if not setting_ids:
        return {}
    rows = list(
        AdvisorAssignment.objects.filter(
            care_setting_id__in=setting_ids,
            la_role__is_active=True,
            la_role__user__is_active=True,
            la_role__local_authority_id=F("care_setting__local_authority_id"),
        )
        .values_list("care_setting_id", "la_role__local_authority_id", "la_role__user_id")
        .distinct()
        .order_by("care_setting_id", "la_role__user_id")
    )
    may = la_people_who_can(action, local_authority_ids={la_id for _, la_id, _ in rows})
    people: dict[int, list[int]] = {}
    for setting_id, la_id, user_id in rows:
        if user_id in may.get(la_id, []):
            people.setdefault(setting_id, []).append(user_id)
    return people
