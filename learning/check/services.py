"""Writes for the progress check at age two and the leaving summary; every one audited.

Events name the child as subject and the child's setting as place, so the child's trail
shows them. A check edit names the version the editor started from: if someone saved in
between, ``StaleCheck`` is raised and nothing is written.
"""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import User
from children.models import Child, Consent
from children.selectors import has_consent
from common.audit import audit_record, changed_fields
from common.pdf import render_pdf
from common.versioning import StaleRecord, holds
from learning.check.selectors import check_pdf_context, leaving_summary_context
from learning.models import ProgressCheckAtTwo, ProgressCheckNotDone

CHECK_FIELDS = (
    "completed_on",
    "communication_and_language",
    "personal_social_emotional",
    "physical_development",
    "strengths",
    "less_than_expected",
    "next_steps",
    "parent_comments",
    "childs_voice",
)


class StaleCheck(StaleRecord):
    """Someone else recorded or changed the check after the editor loaded it."""


class NoHealthVisitorConsent(Exception):
    """The carers' consent to share the check with the health visitor is not in force."""


def _readable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


@transaction.atomic
def check_save(
    *, child: Child, by: User, version: int, fields: dict[str, Any]
) -> ProgressCheckAtTwo:
    """Record the child's check (``version`` 0) or change it (the version it was loaded at).

    ``StaleCheck`` if someone else recorded or changed it since, unless the check already
    says exactly this (the same form sent twice): then nothing is written.
    """
    values = {name: fields[name] for name in CHECK_FIELDS}
    if version == 0:
        try:
            with transaction.atomic():
                check = ProgressCheckAtTwo.objects.create(child=child, by=by, **values)
        except IntegrityError:
            recorded = ProgressCheckAtTwo.objects.get(child=child)
            if holds(recorded, values):
                return recorded
            raise StaleCheck from None
        audit_record(
            actor=by,
            verb="learning.check_recorded",
            target=check,
            subject=child,
            care_setting=child.care_setting,
            changes={"completed_on": values["completed_on"].isoformat()},
        )
        return check
    check = ProgressCheckAtTwo.objects.select_for_update().filter(child=child).first()
    if check is None or check.version != version:
        if check is not None and holds(check, values):
            return check
        raise StaleCheck
    before = _readable({name: getattr(check, name) for name in CHECK_FIELDS})
    changes = changed_fields(before, _readable(values))
    if not changes:
        return check
    ProgressCheckAtTwo.objects.filter(pk=check.pk, version=version).update(
        **values, by=by, version=F("version") + 1
    )
    check.refresh_from_db()
    audit_record(
        actor=by,
        verb="learning.check_changed",
        target=check,
        subject=child,
        care_setting=child.care_setting,
        changes=changes,
    )
    return check


@transaction.atomic
def check_share_with_health_visitor(
    *, child: Child, check: ProgressCheckAtTwo, by: User, on: date
) -> ProgressCheckAtTwo:
    """Record that the check was shared with the health visitor on the day.

    Refused (``NoHealthVisitorConsent``) unless the carers' consent is in force that day.
    Sharing is recorded once: a check already shared (a double click, two people at once)
    keeps its first date and writes nothing more.
    """
    if not has_consent(child, Consent.Kind.HEALTH_VISITOR, on):
        raise NoHealthVisitorConsent
    # The row lock makes a second update wait, then find the check already shared.
    shared = ProgressCheckAtTwo.objects.filter(
        pk=check.pk, shared_with_health_visitor_on__isnull=True
    ).update(shared_with_health_visitor_on=on, version=F("version") + 1)
    check.refresh_from_db()
    if not shared:
        return check
    audit_record(
        actor=by,
        verb="learning.check_shared_with_health_visitor",
        target=check,
        subject=child,
        care_setting=child.care_setting,
        changes={"shared_with_health_visitor_on": on.isoformat()},
    )
    return check


def check_pdf(*, child: Child, check: ProgressCheckAtTwo, by: User) -> bytes:
    """Return the check's PDF for carers, recording the download in the child's trail."""
    pdf = render_pdf(
        template="pdf/progress_check.html", context=check_pdf_context(child=child, check=check)
    )
    audit_record(
        actor=by,
        verb="learning.check_pdf_downloaded",
        target=check,
        subject=child,
        care_setting=child.care_setting,
    )
    return pdf


@transaction.atomic
def check_not_done_record(
    *, child: Child, by: User, version: int, reason: str, decided_on: date
) -> ProgressCheckNotDone:
    """Record why the child's check was not done (``version`` 0), or change the reason.

    Once recorded, the check's reminders stop. ``StaleCheck`` if someone recorded or
    changed it since the editor loaded it; audited either way.
    """
    values = {"reason": reason, "decided_on": decided_on}
    if version == 0:
        try:
            with transaction.atomic():
                record = ProgressCheckNotDone.objects.create(child=child, by=by, **values)
        except IntegrityError:
            raise StaleCheck from None
        audit_record(
            actor=by,
            verb="learning.check_not_done_recorded",
            target=record,
            subject=child,
            care_setting=child.care_setting,
            changes={"decided_on": decided_on.isoformat()},
        )
        return record
    record = ProgressCheckNotDone.objects.select_for_update().filter(child=child).first()
    if record is None or record.version != version:
        raise StaleCheck
    changes = changed_fields(
        _readable({name: getattr(record, name) for name in values}), _readable(values)
    )
    if not changes:
        return record
    ProgressCheckNotDone.objects.filter(pk=record.pk, version=version).update(
        **values, by=by, version=F("version") + 1
    )
    record.refresh_from_db()
    audit_record(
        actor=by,
        verb="learning.check_not_done_changed",
        target=record,
        subject=child,
        care_setting=child.care_setting,
        changes=changes,
    )
    return record


# --- The leaving summary --------------------------------------------------------------


def leaving_summary_path(child_id: int) -> str:
    """Return the storage name of the child's leaving summary."""
    return f"leaving/{child_id}/summary.pdf"


def leaving_summary_render(*, child: Child, today: date) -> bytes:
    """Return the child's learning journey and progress summary PDF."""
    return render_pdf(
        template="pdf/leaving_summary.html",
        context=leaving_summary_context(child=child, today=today),
    )


def leaving_summary_store(*, child: Child, today: date, by: User | None = None) -> str:
    """Render the summary and store it, overwriting any earlier one; return its name."""
    pdf = leaving_summary_render(child=child, today=today)
    name = leaving_summary_path(child.pk)
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(pdf))
    audit_record(
        actor=by,
        verb="learning.leaving_summary_stored",
        target=child,
        subject=child,
        care_setting=child.care_setting,
    )
    return stored


def leaving_summary_downloaded(*, child: Child, by: User) -> None:
    """Record in the child's trail that someone downloaded the summary."""
    audit_record(
        actor=by,
        verb="learning.leaving_summary_downloaded",
        target=child,
        subject=child,
        care_setting=child.care_setting,
    )
