"""The door to safeguarding records: every page and service of the app fetches through here.

Safeguarding is secret: without the right the answer is 404 on every record and page,
never 403, so nothing says a record exists. A record belongs to the setting that keeps it
(``accounts.permissions.safeguarding_record_q``); allegations against staff have their own
rule (``allegation_q``: never about the reader). Every read of a record is written to the
audit trail (``record_read``), so the DSL can see who read which child's records.
"""

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from accounts.permissions import (
    ALLEGATION_TRAIL,
    Access,
    Action,
    allegation_q,
    child_scope,
    require,
    safeguarding_record_q,
)
from children.models import Child
from common.audit import audit_record
from safeguarding.models import Allegation

Record = TypeVar("Record", bound=models.Model)

READ_VERB = "safeguarding.read"


def safeguarding_child_get_for(access: Access, child_id: int) -> Child:
    """Return a child of the setting whose safeguarding records the access may read, or 404."""
    require(access, Action.VIEW_CONCERNS)
    child = (
        Child.objects.filter(child_scope(access))
        .select_related("care_setting", "key_person")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404
    return child


def records_in_scope(access: Access, model: type[Record]) -> QuerySet[Record]:
    """Return the model's records the access may read: the setting's own, or none."""
    return model._default_manager.filter(safeguarding_record_q(access))


def record_get_for(
    access: Access, model: type[Record], pk: int, action: Action = Action.VIEW_CONCERNS
) -> Record:
    """Return one of the setting's records if the access may do ``action``, else 404."""
    require(access, action)
    record = records_in_scope(access, model).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def allegations_in_scope(access: Access) -> QuerySet[Allegation]:
    """Return the setting's allegations, never one about the reader (none without the right)."""
    return Allegation.objects.filter(allegation_q(access))


def allegation_get_for(access: Access, allegation_id: int) -> Allegation:
    """Return one allegation the access may see (404 otherwise, also to the person accused)."""
    require(access, Action.MANAGE_ALLEGATIONS)
    allegation = (
        allegations_in_scope(access)
        .select_related("staff_member", "recorded_by")
        .filter(pk=allegation_id)
        .first()
    )
    if allegation is None:
        raise Http404
    return allegation


def record_read(
    access: Access, *, page: str, child: Child | None = None, target: Any = None
) -> None:
    """Write that the access's user read a safeguarding page (one insert).

    ``page`` says what was read in the words of the "who read what" page ("Chronology",
    "Concern C-00012"). Reads of an allegation go to the allegation's own trail only.
    """
    is_allegation = isinstance(target, Allegation)
    audit_record(
        actor=access.user,
        verb="allegation.read" if is_allegation else "safeguarding.read",  # READ_VERB
        target=target,
        subject=None if is_allegation else child,
        care_setting=access.care_setting,
        changes={"page": page},
        restricted_to=ALLEGATION_TRAIL if is_allegation else Action.VIEW_CONCERNS,
    )
