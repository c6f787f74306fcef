"""Reads of allegations against staff: the door's ``allegation_q``, never about the reader.

Secret: 404 without MANAGE_ALLEGATIONS, and 404 to the member of staff an allegation is
about, whatever hats they wear.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from accounts.models import User
from accounts.permissions import ALLEGATION_TRAIL, Access, Action, members_who_can, require
from common.models import AuditEvent
from safeguarding.models import Allegation
from safeguarding.selectors import allegations_in_scope

PAGE_SIZE = 25


def allegation_list(access: Access) -> QuerySet[Allegation]:
    """Return the setting's allegations the reader may see, newest first (404 without)."""
    require(access, Action.MANAGE_ALLEGATIONS)
    return (
        allegations_in_scope(access).select_related("staff_member").order_by("-received_on", "-pk")
    )


def staff_choices(access: Access) -> QuerySet[User]:
    """Return the setting's active staff an allegation may be about: never the reader."""
    require(access, Action.MANAGE_ALLEGATIONS)
    assert access.care_setting is not None
    return (
        members_who_can(Action.RAISE_CONCERN, care_setting_ids=[access.care_setting.pk])
        .exclude(pk=access.user.pk)
        .order_by("full_name", "email", "pk")
    )


def allegation_trail(allegation: Allegation) -> list[AuditEvent]:
    """Return the allegation's own trail of events, newest first (one query)."""
    return list(
        AuditEvent.objects.filter(
            restricted_to=ALLEGATION_TRAIL,
            target_type=ContentType.objects.get_for_model(Allegation),
            target_id=str(allegation.pk),
            care_setting_id=allegation.care_setting_id,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
