"""Writes of safeguarding file transfers: opened when a child leaves, sent, received, taken.

Keyword-only, atomic, audited for readers of the safeguarding log. The lifecycle listeners
(``child_moved``, ``child_left``) open a transfer only where the leaving setting keeps a
safeguarding record of the child; the file itself is rendered when it is sent, stored
encrypted (``crypto``) with the SHA-256 of the PDF, and every copy taken is recorded.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import CareSetting, User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from notifications.services import notify_now
from safeguarding.models import (
    AgencyVisit,
    ChronologyEntry,
    Concern,
    InformationShare,
    SafeguardingStatus,
    Transfer,
    TransferDownload,
)
from safeguarding.transfer import crypto
from safeguarding.transfer.document import destination_of, file_render
from safeguarding.transfer.reminders import TRANSFER_RECEIVED, TRANSFER_TO_SEND

# Working days after the move or the leaving date by which the file is sent.
SEND_WORKING_DAYS = 5
DESTINATION_MISSING = "Destination not recorded"
# How long after recording a handover its file may be fetched without recording another.
HANDOVER_WINDOW = timedelta(minutes=10)
RECORD_TABLES = (Concern, SafeguardingStatus, ChronologyEntry, AgencyVisit, InformationShare)


def has_records(*, child: Child, care_setting: CareSetting) -> bool:
    """Return whether the setting keeps any safeguarding record of the child (one query)."""
    kept = None
    for model in RECORD_TABLES:
        exists = Exists(
            model._default_manager.filter(child=OuterRef("pk"), care_setting=care_setting)
        )
        kept = exists if kept is None else kept | exists
    return Child.objects.filter(pk=child.pk).filter(kept).exists()


def transfer_open(
    *,
    child: Child,
    from_setting: CareSetting,
    by: User | None,
    on: date,
    to_setting: CareSetting | None = None,
    destination: str = "",
) -> Transfer | None:
    """Open the file to send when a child leaves a setting that keeps records of them.

    Returns None when there is nothing to send. One unsent transfer per child and setting:
    hearing the same move twice changes nothing, and a later move or leave re-aims it.
    """
    if not has_records(child=child, care_setting=from_setting):
        return None
    wanted = {
        "to_setting": to_setting,
        "destination": "" if to_setting is not None else destination or DESTINATION_MISSING,
        "due_on": dates.add_working_days(on, SEND_WORKING_DAYS),
    }
    with transaction.atomic():
        transfer = (
            Transfer.objects.select_for_update()
            .filter(child=child, from_setting=from_setting, sent_at__isnull=True)
            .first()
        )
        if transfer is not None:
            current = {
                "to_setting": transfer.to_setting,
                "destination": transfer.destination,
                "due_on": transfer.due_on,
            }
            if current != wanted:
                for field, value in wanted.items():
                    setattr(transfer, field, value)
                transfer.save(update_fields=list(wanted))
            return transfer
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    child=child, from_setting=from_setting, **wanted
                )
        except IntegrityError:  # opened meanwhile by the same move heard elsewhere
            return Transfer.objects.get(
                child=child, from_setting=from_setting, sent_at__isnull=True
            )
        audit_record(
            actor=by,
            verb="transfer.opened",
            target=transfer,
            subject=child,
            care_setting=from_setting,
            restricted_to=Action.VIEW_CONCERNS,
        )
        # The sending setting's DSLs learn at once that a file is to be sent (no child named).
        notify_now(
            kind=TRANSFER_TO_SEND, today=dates.today(), children=Child.objects.filter(pk=child.pk)
        )
    return transfer


def child_moved(
    *,
    child: Child,
    by: User | None,
    from_setting: CareSetting,
    to_setting: CareSetting,
    moved_on: date,
    **_hook: Any,
) -> Transfer | None:
    """Listens to ``on_moved``: the old setting sends its file to the new one."""
    return transfer_open(
        child=child, from_setting=from_setting, to_setting=to_setting, by=by, on=moved_on
    )


def child_left(*, child: Child, by: User | None, left_on: date, **_hook: Any) -> Transfer | None:
    """Listens to ``on_left``: the setting sends its file to where the child goes."""
    return transfer_open(
        child=child,
        from_setting=child.care_setting,
        destination=child.leaving_destination.strip(),
        by=by,
        on=left_on,
    )


@transaction.atomic
def transfer_send(
    *, transfer: Transfer, by: User, note: str = "", destination: str | None = None
) -> Transfer:
    """Render the file, store it encrypted and mark it sent; sending twice saves once.

    The receiving setting's DSLs (its managers where it has none) are told at once, with
    no child named.
    """
    locked = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("child", "from_setting", "to_setting")
        .get(pk=transfer.pk)
    )
    if locked.sent_at is not None:
        return locked
    now = timezone.now()
    locked.note = note.strip()
    if not locked.on_portal and destination:
        locked.destination = destination.strip()
    pdf = file_render(locked, sent_by=by, sent_at=now)
    locked.pdf = crypto.encrypt(pdf)
    locked.checksum = crypto.checksum(pdf)
    locked.sent_at = now
    locked.sent_by = by
    locked.save(update_fields=["note", "destination", "pdf", "checksum", "sent_at", "sent_by"])
    audit_record(
        actor=by,
        verb="transfer.sent",
        target=locked,
        subject=locked.child,
        care_setting=locked.from_setting,
        changes={"to": destination_of(locked), "checksum": locked.checksum},
        restricted_to=Action.VIEW_CONCERNS,
    )
    if locked.on_portal:
        notify_now(
            kind=TRANSFER_RECEIVED,
            today=dates.today(),
            children=Child.objects.filter(pk=locked.child_id),
        )
    return locked


@transaction.atomic
def transfer_acknowledge(*, transfer: Transfer, by: User) -> Transfer:
    """Record the receiving DSL's receipt; acknowledging twice changes nothing.

    The receiving setting's chronology of the child starts with the file's arrival.
    """
    now = timezone.now()
    written = Transfer.objects.filter(
        pk=transfer.pk,
        sent_at__isnull=False,
        to_setting__isnull=False,
        acknowledged_at__isnull=True,
    ).update(acknowledged_at=now, acknowledged_by=by)
    if not written:
        return transfer
    transfer.acknowledged_at = now
    transfer.acknowledged_by = by
    sent_on = timezone.localdate(transfer.sent_at)
    ChronologyEntry.objects.create(
        care_setting=transfer.to_setting,
        child=transfer.child,
        occurred_on=dates.today(),
        kind=ChronologyEntry.Kind.CONTACT,
        title=f"Safeguarding file received from {transfer.from_setting.name}",
        detail=(
            f"Sent on {sent_on:%d/%m/%Y}; receipt acknowledged. "
            f"SHA-256 of the file: {transfer.checksum}"
        ),
        recorded_by=by,
    )
    for place in (transfer.to_setting, transfer.from_setting):
        audit_record(
            actor=by,
            verb="transfer.acknowledged",
            target=transfer,
            subject=transfer.child,
            care_setting=place,
            restricted_to=Action.VIEW_CONCERNS,
        )
    return transfer


def transfer_pdf(transfer: Transfer) -> bytes:
    """Return the stored file, decrypted and checked against its checksum."""
    pdf = crypto.decrypt(transfer.pdf)
    if crypto.checksum(pdf) != transfer.checksum:
        raise crypto.UnreadableFile("The file does not match its checksum")
    return pdf


@transaction.atomic
def transfer_download(
    *, transfer: Transfer, by: User, care_setting: CareSetting, handed_to: str = ""
) -> TransferDownload:
    """Record that someone took a copy of the file (and, off the portal, who it went to)."""
    download = TransferDownload.objects.create(transfer=transfer, by=by, handed_to=handed_to)
    audit_record(
        actor=by,
        verb="transfer.downloaded",
        target=transfer,
        subject=transfer.child,
        care_setting=care_setting,
        changes={"handed_to": handed_to} if handed_to else None,
        restricted_to=Action.VIEW_CONCERNS,
    )
    return download


@transaction.atomic
def transfer_handover(
    *,
    transfer: Transfer,
    by: User,
    care_setting: CareSetting,
    handed_to: str,
    submission_token: uuid.UUID | None = None,
) -> TransferDownload:
    """Record who takes an off-portal file; the same form sent twice records it once."""
    claim = claim_submission(token=submission_token, by=by)
    download = transfer_download(
        transfer=transfer, by=by, care_setting=care_setting, handed_to=handed_to
    )
    claim.saved(download)
    return download


def handover_to_serve(*, transfer: Transfer, by: User, download_id: Any) -> bool:
    """Return whether ``download_id`` is a handover the user just recorded for this file."""
    try:
        pk = int(download_id)
    except (TypeError, ValueError):
        return False
    return TransferDownload.objects.filter(
        pk=pk,
        transfer=transfer,
        by=by,
        at__gte=timezone.now() - HANDOVER_WINDOW,
    ).exists()
