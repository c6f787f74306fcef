"""Reads the workspace's pages combine; each app's own reads stay in that app."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.permissions import Access, child_scope
from children.models import Child
from keypersons.models import KeyPersonAllocation


def children_for_advisor(access: Access) -> QuerySet[Child]:
    """Return the children on roll that an LA advisor follows, with where they are placed.

    Each child comes with its key person and ``key_person_designated``: whether that key
    person's current allocation makes them the designated key person (a child in care).
    """
    designated = KeyPersonAllocation.objects.filter(
        child=OuterRef("pk"),
        staff=OuterRef("key_person"),
        kind=KeyPersonAllocation.Kind.KEY_PERSON,
        ends_on__isnull=True,
        is_designated=True,
    )
    return (
        Child.objects.filter(child_scope(access))
        .on_roll()
        .select_related(
            "care_setting", "care_setting__local_authority", "responsible_la", "key_person"
        )
        .annotate(key_person_designated=Exists(designated))
        .order_by("last_name", "first_name")
    )
