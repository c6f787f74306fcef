"""Reads of PEPs shared by the sub-packages: the access getters every PEP page goes through.

A PEP is reached through its child: outside the reader's child scope it is 404 (the same
``child_scope`` as the child's own pages), inside it a missing grant is 403. The actions
only the responsible LA takes (organising meetings, signing off) go through
``require_pep_organiser``: an LA where the child is only placed reads, never organises.
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.permissions import (
    Access,
    Action,
    child_scope,
    require,
    require_pep_organiser,
)
from children.models import Child
from common.audit import audit_record
from pep.models import Pep


def peps_in_scope(access: Access) -> QuerySet[Pep]:
    """Return the PEPs of the children the access may see at all (no grant weighed)."""
    return Pep.objects.filter(child__in=Child.objects.filter(child_scope(access))).select_related(
        "child__care_setting__local_authority",
        "child__responsible_la",
        "child__key_person",
        "care_setting__local_authority",
        "responsible_la",
    )


def pep_get_for(access: Access, pep_id: int, action: Action) -> Pep:
    """Return the PEP if the access may do the action: 404 outside scope, 403 without it."""
    try:
        pep = peps_in_scope(access).get(pk=pep_id)
    except Pep.DoesNotExist:
        raise Http404 from None
    if action in (Action.ORGANISE_PEP_MEETINGS, Action.SIGN_OFF_PEP):
        require_pep_organiser(access, action, child=pep.child)
    else:
        require(access, action, child=pep.child)
    return pep


def pep_reload(access: Access, pep: Pep) -> Pep:
    """Return the PEP as saved now, through the door (after a conflict, to show what changed)."""
    return peps_in_scope(access).get(pk=pep.pk)


def pep_read_for(access: Access, pep_id: int, *, ip_address: str | None = None) -> Pep:
    """Return the PEP for reading and write the read to the audit trail (every read is)."""
    pep = pep_get_for(access, pep_id, Action.VIEW_PEP)
    audit_read(access, pep, ip_address=ip_address)
    return pep


def audit_read(access: Access, pep: Pep, *, ip_address: str | None = None) -> None:
    """Record that the access's holder read the PEP (a page, its pack or a document)."""
    audit_record(
        actor=access.user,
        verb="pep.viewed",
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        ip_address=ip_address,
        restricted_to=Action.VIEW_PEP.value,
    )
