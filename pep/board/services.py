"""Writes for out-of-county PEPs whose responsible LA is not on the portal.

That LA arranges the PEP (DOMAIN.md §5) but has no one here to do it through the portal,
so the setting keeps the record: it uploads the LA's PEP document and records what the
meeting decided. Recording the outcome, once a document is uploaded, completes the cycle
as signed off *for* the responsible LA and fires ``pep.hooks.on_signed_off``, so the
clock opens the next cycle and the reminders keep running.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import versioned_update
from pep import hooks
from pep.board.documents import CheckedDocument
from pep.models import ExternalPepDocument, Meeting, Pep

LOCKED_MESSAGE = (
    "This PEP is complete ({status}): nothing on it can be changed. The next PEP cycle has "
    "its own page."
)
NO_DOCUMENT_MESSAGE = (
    "Upload the responsible local authority's PEP document before recording the outcome"
)


def refuse_if_locked(pep: Pep) -> None:
    """Raise ValidationError with the reason when the PEP may no longer change."""
    if pep.is_locked:
        raise ValidationError(LOCKED_MESSAGE.format(status=pep.get_status_display().lower()))


@transaction.atomic
def external_document_add(
    *, pep: Pep, by: User, document: CheckedDocument, submission_token: Any = None
) -> ExternalPepDocument:
    """Keep the responsible LA's PEP document, privately, with its SHA-256 checksum.

    AlreadySaved when the same form was sent before (the document is kept once).
    """
    claim = claim_submission(token=submission_token, by=by)
    locked = Pep.objects.select_for_update().get(pk=pep.pk)
    refuse_if_locked(locked)
    upload = document.upload
    stored = ExternalPepDocument(
        pep=pep,
        original_name=(upload.name or "document")[:200],
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        uploaded_by=by,
    )
    # Stored under a random name (``_document_path``): the typed name is only shown.
    stored.file.save(f"document.{document.extension}", upload, save=False)
    stored.save()
    claim.saved(stored)
    audit_record(
        actor=by,
        verb="pep.external_uploaded",
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        changes={
            "file": stored.original_name,
            "type": document.content_type,
            "size": document.size,
            "sha256": document.sha256,
        },
        restricted_to=Action.VIEW_PEP.value,
    )
    return stored


@transaction.atomic
def external_record(
    *,
    pep: Pep,
    by: User,
    version: int,
    held_on: date,
    outcome: str,
    next_pep_on: date,
) -> Pep:
    """Record the responsible LA's meeting and complete the cycle (signed off for that LA).

    Refused while no document is uploaded, and once the PEP is locked. StaleRecord if the
    PEP changed since the form was read. The meeting is kept as a held PEP meeting on its
    day (its time is not known), so the child's meetings and the clock see it.
    """
    refuse_if_locked(pep)
    if not ExternalPepDocument.objects.filter(pep=pep).exists():
        raise ValidationError(NO_DOCUMENT_MESSAGE)
    now = timezone.now()
    written = versioned_update(
        pep,
        version=version,
        fields={
            "status": Pep.Status.SIGNED_OFF,
            "is_current": False,
            "meeting_outcome": outcome,
            "next_pep_on": next_pep_on,
            "signed_off_at": now,
            "signed_off_by": by,
        },
    )
    if not written:
        # The same form sent twice: it is recorded already, and the next cycle open.
        return pep
    starts_at = timezone.make_aware(datetime.combine(held_on, time.min))
    Meeting.objects.create(
        child=pep.child,
        pep=pep,
        kind=Meeting.Kind.PEP,
        status=Meeting.Status.HELD,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=1),
        location=f"Arranged by {pep.responsible_la.name}",
        organiser=by,
        notes="Recorded by the setting: the responsible local authority is not on the portal.",
        outcome=outcome,
        held_on=held_on,
    )
    audit_record(
        actor=by,
        verb="pep.external_recorded",
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        changes={
            "held_on": held_on.isoformat(),
            "next_pep_on": next_pep_on.isoformat(),
            "outcome": outcome,
        },
        restricted_to=Action.VIEW_PEP.value,
    )
    hooks.on_signed_off.fire(pep=pep, by=by, on=dates.today())
    return pep
