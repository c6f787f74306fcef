"""Writes of PEP quality assurance: feedback, returning, signing off, and corrections.

Every decision is a ``QaReview`` row and an audit event, made in one transaction that
claims the form's submission token first (the same form sent twice saves once), locks the
PEP's row, refuses a locked PEP (``PepLocked``: nothing is written) and checks the version
the advisor read (``StaleRecord``). Signing a cycle off fires ``pep.hooks.on_signed_off``
(the clock opens the next cycle) and queues the PDF pack once the transaction commits; a
correction is signed off the same way but opens no new cycle.
"""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, versioned_update
from notifications.services import notify_now
from pep import hooks
from pep.models import Pep, PepTarget, QaReview, TargetReview
from pep.qa.reminders import PEP_RETURNED

LOCKED_MESSAGE = (
    "This PEP has been signed off and is locked: nobody can change it. To put something "
    "right, start a correction, which keeps this version as it was."
)
CLOSED_MESSAGE = "This PEP is closed: nobody can change it."

# The paperwork a correction starts from: everything the key person, the meeting and the
# tracker put in the signed PEP. Status, QA and sign-off fields start afresh.
COPIED_FIELDS = (
    "child_id",
    "care_setting_id",
    "responsible_la_id",
    "kind",
    "opened_on",
    "due_on",
    "clock_rule",
    "previous_id",
    *Pep.VOICE_FIELDS,
    "carer_views",
    "carer_views_source",
    "social_worker_views",
    "social_worker_views_source",
    "sessions_offered",
    "sessions_attended",
    "funded_hours",
    "attendance_notes",
    "health",
    "sen_support",
    "progress_notes",
    "progress_snapshot",
    "transition_notes",
    "paperwork_requested_on",
    "paperwork_due_on",
    "submitted_at",
    "submitted_by_id",
    "next_pep_on",
    "meeting_outcome",
)
TARGET_FIELDS = (
    "area_id",
    "target",
    "actions",
    "who",
    "by_when",
    "success_measure",
    "eypp_funded",
    "cost",
    "order",
)


class PepLocked(Exception):
    """The PEP is signed off or closed: nothing about it may change."""

    def __init__(self, pep: Pep) -> None:
        self.pep = pep
        super().__init__(LOCKED_MESSAGE if pep.status == Pep.Status.SIGNED_OFF else CLOSED_MESSAGE)


def _checklist(ticked: list[str]) -> dict[str, bool]:
    return {key: key in ticked for key, _label in QaReview.CHECKLIST}


def _lock(pep: Pep) -> Pep:
    """Return the PEP's row locked for this transaction, read afresh; PepLocked if locked."""
    locked = Pep.objects.select_for_update().get(pk=pep.pk)
    if locked.is_locked:
        raise PepLocked(locked)
    return locked


def _decide(
    *,
    pep: Pep,
    by: User,
    version: int,
    decision: str,
    rag: str,
    checklist: list[str],
    feedback: str,
    reason: str,
    fields: dict,
    submission_token: uuid.UUID | None,
    only_from: tuple[str, ...] = (),
) -> QaReview:
    claim = claim_submission(token=submission_token, by=by)
    locked = _lock(pep)
    if only_from and locked.status not in only_from:
        action = "returned" if decision == QaReview.Decision.RETURNED else "signed off"
        raise ValidationError(
            {
                "decision": f"Only a PEP awaiting quality assurance can be {action}: this one "
                f"is “{locked.get_status_display().lower()}”"
            }
        )
    if locked.version != version:
        raise StaleRecord
    versioned_update(locked, version=version, fields={"rag": rag, **fields})
    review = QaReview.objects.create(
        pep=locked,
        by=by,
        decision=decision,
        rag=rag,
        checklist=_checklist(checklist),
        feedback=feedback,
        reason=reason,
    )
    claim.saved(review)
    for name, value in vars(locked).items():
        if not name.startswith("_"):
            setattr(pep, name, value)
    return review


def _audit(*, pep: Pep, by: User, verb: str, changes: dict) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        changes=changes,
        restricted_to="view_pep",
    )


@transaction.atomic
def qa_feedback_give(
    *,
    pep: Pep,
    by: User,
    version: int,
    rag: str,
    checklist: list[str],
    feedback: str,
    submission_token: uuid.UUID | None = None,
) -> QaReview:
    """Record the advisor's checklist, rating and feedback; the PEP's status stays."""
    review = _decide(
        pep=pep,
        by=by,
        version=version,
        decision=QaReview.Decision.FEEDBACK,
        rag=rag,
        checklist=checklist,
        feedback=feedback,
        reason="",
        fields={"qa_feedback": feedback},
        submission_token=submission_token,
    )
    _audit(pep=pep, by=by, verb="pep.qa_feedback", changes={"rag": rag})
    return review


@transaction.atomic
def pep_return(
    *,
    pep: Pep,
    by: User,
    version: int,
    rag: str,
    checklist: list[str],
    feedback: str,
    reason: str,
    submission_token: uuid.UUID | None = None,
) -> QaReview:
    """Return the PEP awaiting QA to the setting with the reason.

    The key person and the managers are told at once (``pep.returned``), by e-mail with no
    detail about the child; the reason is read in the portal.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the PEP is being returned"})
    review = _decide(
        pep=pep,
        by=by,
        version=version,
        decision=QaReview.Decision.RETURNED,
        rag=rag,
        checklist=checklist,
        feedback=feedback,
        reason=reason.strip(),
        fields={
            "status": Pep.Status.RETURNED,
            "qa_feedback": feedback,
            "returned_reason": reason.strip(),
        },
        submission_token=submission_token,
        only_from=(Pep.Status.AWAITING_QA,),
    )
    _audit(pep=pep, by=by, verb="pep.returned", changes={"rag": rag})
    notify_now(
        kind=PEP_RETURNED, today=dates.today(), children=Child.objects.filter(pk=pep.child_id)
    )
    return review


@transaction.atomic
def pep_sign_off(
    *,
    pep: Pep,
    by: User,
    version: int,
    rag: str,
    checklist: list[str],
    feedback: str,
    submission_token: uuid.UUID | None = None,
    now: datetime | None = None,
) -> QaReview:
    """Sign the PEP awaiting QA off: locked, no longer current, the next cycle opened.

    A red rating cannot be signed off: red means the PEP is returned and fixed first. The
    PEP stops being the child's current one before ``on_signed_off`` fires, so the clock's
    listener can open the next cycle under the one-current-PEP-per-child constraint. A
    correction is signed off without firing it: its cycle's successor is already open.
    The pack is queued once the transaction commits.
    """
    from pep.pack.tasks import make_pep_pack  # the pack's tasks import its services

    now = now or timezone.now()
    if rag == Pep.Rag.RED:
        raise ValidationError(
            {
                "rag": "A PEP rated red cannot be signed off. Return it with the reason so it "
                "can be fixed, or change the rating if it is now good enough"
            }
        )
    review = _decide(
        pep=pep,
        by=by,
        version=version,
        decision=QaReview.Decision.SIGNED_OFF,
        rag=rag,
        checklist=checklist,
        feedback=feedback,
        reason="",
        fields={
            "status": Pep.Status.SIGNED_OFF,
            "qa_feedback": feedback,
            "returned_reason": "",
            "signed_off_at": now,
            "signed_off_by": by,
            "is_current": False,
        },
        submission_token=submission_token,
        only_from=(Pep.Status.AWAITING_QA,),
    )
    _audit(
        pep=pep,
        by=by,
        verb="pep.signed_off",
        changes={"rag": rag, "document_version": pep.document_version},
    )
    if pep.corrects_id is None:
        hooks.on_signed_off.fire(pep=pep, by=by, on=timezone.localdate(now))
    pep_id = pep.pk
    transaction.on_commit(lambda: make_pep_pack.delay(pep_id))
    return review


@transaction.atomic
def pep_correct(
    *,
    pep: Pep,
    by: User,
    version: int,
    reason: str,
    submission_token: uuid.UUID | None = None,
) -> Pep:
    """Start a correction of the signed PEP: a new version returned to the key person.

    The new ``Pep`` copies the signed one's paperwork, chosen photos, targets and reviews
    of the previous targets, ``corrects`` it, with the next ``document_version`` and the
    reason. It is not the child's current PEP (the next cycle is). It starts RETURNED, with
    the reason as what to change: the paperwork is the key person's to fix and submit again
    (the advisor cannot edit it), then it comes back for QA and is signed off like any PEP.
    The signed PEP and its pack are not touched.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the signed PEP needs correcting"})
    claim = claim_submission(token=submission_token, by=by)
    signed = Pep.objects.select_for_update().get(pk=pep.pk)
    if signed.status != Pep.Status.SIGNED_OFF:
        raise ValidationError("Only a signed-off PEP can be corrected.")
    newer = Pep.objects.filter(corrects=signed).order_by("-document_version").first()
    if newer is not None:
        raise ValidationError(
            f"This PEP already has a correction (version {newer.document_version}): correct "
            "that version instead."
        )
    if signed.version != version:
        raise StaleRecord
    correction = Pep(
        **{name: getattr(signed, name) for name in COPIED_FIELDS},
        status=Pep.Status.RETURNED,
        is_current=False,
        corrects=signed,
        correction_reason=reason,
        document_version=signed.document_version + 1,
        rag=signed.rag,
        returned_reason=reason,
    )
    correction.save()
    correction.voice_photos.set(signed.voice_photos.all())
    PepTarget.objects.bulk_create(
        PepTarget(pep=correction, **{name: getattr(target, name) for name in TARGET_FIELDS})
        for target in PepTarget.objects.filter(pep=signed).order_by("order", "pk")
    )
    TargetReview.objects.bulk_create(
        TargetReview(
            pep=correction,
            target_id=review.target_id,
            outcome=review.outcome,
            evidence=review.evidence,
        )
        for review in TargetReview.objects.filter(pep=signed)
    )
    QaReview.objects.create(
        pep=correction,
        by=by,
        decision=QaReview.Decision.RETURNED,
        rag=signed.rag or Pep.Rag.AMBER,
        checklist={},
        reason=f"Correction of version {signed.document_version}: {reason}",
    )
    claim.saved(correction)
    _audit(
        pep=correction,
        by=by,
        verb="pep.correction_opened",
        changes={"corrects": signed.pk, "document_version": correction.document_version},
    )
    notify_now(
        kind=PEP_RETURNED, today=dates.today(), children=Child.objects.filter(pk=signed.child_id)
    )
    return correction
