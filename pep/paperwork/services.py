"""Writes of a PEP's paperwork: sections, the previous targets' review, submission, targets.

Every write locks the PEP's row first and refuses a locked PEP (signed off or closed:
``PepLocked``) whatever the page it came from showed; the paperwork sections also refuse
once submitted, until the LA returns the PEP (``PaperworkClosed``). Sections and the
submission carry the PEP's version (``StaleRecord`` when someone saved in between); a
target's edit carries what the target said when its form was rendered. Each write is
audited for readers who may see PEPs.
"""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, holds, versioned_update
from pep.models import Pep, PepTarget, TargetReview
from pep.paperwork import selectors
from pep.paperwork.forms import TARGET_FIELDS
from pep.paperwork.sections import Section, missing_sections

LOCKED_MESSAGE = "Signed off: this PEP can no longer be changed"
CLOSED_MESSAGE = "This PEP is closed: it can no longer be changed"
SUBMITTED_MESSAGE = (
    "The paperwork has been submitted: it can be changed again only if the children in "
    "care advisor returns it"
)


class PepLocked(Exception):
    """The PEP is signed off or closed: nobody changes it."""

    def __init__(self, pep: Pep) -> None:
        message = CLOSED_MESSAGE if pep.status == Pep.Status.CLOSED else LOCKED_MESSAGE
        super().__init__(message)
        self.message = message


class PaperworkClosed(Exception):
    """The paperwork was submitted and has not been returned."""

    message = SUBMITTED_MESSAGE


class AlreadySubmitted(Exception):
    """The paperwork was submitted already (the same form sent twice)."""


class IncompletePep(Exception):
    """Sections still need work before the paperwork can be submitted."""

    def __init__(self, missing: list[Section]) -> None:
        super().__init__("Some sections are not complete")
        self.missing = missing


def _audit(pep: Pep, *, by: User, verb: str, changes: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        changes=changes,
        restricted_to=Action.VIEW_PEP.value,
    )


def _lock(pep: Pep) -> Pep:
    """Lock the PEP's row for this transaction; return it as saved now. PepLocked if locked."""
    row = (
        Pep.objects.select_for_update(of=("self",))
        .select_related("child__care_setting", "care_setting", "responsible_la")
        .get(pk=pep.pk)
    )
    if row.is_locked:
        raise PepLocked(row)
    return row


def _lock_open_paperwork(pep: Pep) -> Pep:
    row = _lock(pep)
    if row.status not in Pep.OPEN_STATUSES:
        raise PaperworkClosed
    return row


# --- Sections ---------------------------------------------------------------------------------


@transaction.atomic
def section_save(
    *,
    pep: Pep,
    section: Section,
    by: User,
    version: int,
    fields: dict[str, Any],
    photo_ids: Iterable[int] | None = None,
) -> bool:
    """Save a section's fields (and chosen photos); return whether anything was written.

    StaleRecord if someone saved the PEP since ``version`` and it does not already hold
    exactly what was typed (the same form sent twice is not a conflict).
    """
    _lock_open_paperwork(pep)
    photos = set(photo_ids) if photo_ids is not None else None
    current_photos = set(pep.voice_photos.values_list("pk", flat=True))
    written = versioned_update(pep, version=version, fields=fields)
    if not written and photos is not None and photos != current_photos:
        raise StaleRecord
    if photos is not None and photos != current_photos:
        pep.voice_photos.set(photos)
        written = True
    if written:
        _audit(pep, by=by, verb="pep.section_saved", changes={"section": section.slug})
    return written


@transaction.atomic
def target_reviews_save(
    *, pep: Pep, by: User, version: int, reviews: dict[int, tuple[str, str]]
) -> bool:
    """Record how each previous target went, on this PEP; the previous PEP is never written.

    ``reviews`` is {previous target id: (outcome or "" for not reviewed yet, evidence)}.
    StaleRecord if the PEP changed since ``version`` and its reviews differ from these.
    """
    _lock_open_paperwork(pep)
    wanted = {pk: value for pk, value in reviews.items() if value[0]}
    saved = {
        review.target_id: (review.outcome, review.evidence)
        for review in TargetReview.objects.filter(pep=pep, target_id__in=list(reviews))
    }
    bumped = Pep.objects.filter(pk=pep.pk, version=version).update(version=F("version") + 1)
    if not bumped:
        if saved != wanted:
            raise StaleRecord
        pep.refresh_from_db(fields=["version"])
        return False
    pep.version = version + 1
    TargetReview.objects.filter(pep=pep, target_id__in=list(reviews)).exclude(
        target_id__in=list(wanted)
    ).delete()
    for target_id, (outcome, evidence) in wanted.items():
        if saved.get(target_id) != (outcome, evidence):
            TargetReview.objects.update_or_create(
                pep=pep, target_id=target_id, defaults={"outcome": outcome, "evidence": evidence}
            )
    _audit(pep, by=by, verb="pep.section_saved", changes={"section": "previous-targets"})
    return True


# --- Submission -------------------------------------------------------------------------------


@transaction.atomic
def pep_submit(*, pep: Pep, by: User, version: int) -> Pep:
    """Freeze the progress summary and submit the paperwork.

    Refused when locked (PepLocked), already submitted (AlreadySubmitted: the same form
    sent twice waits for the first here, then finds it done), changed since ``version``
    (StaleRecord) or incomplete (IncompletePep, naming the sections). The PEP goes to
    AWAITING_QA when its meeting has already been held, else to SUBMITTED.
    """
    row = _lock(pep)
    if row.status in (Pep.Status.SUBMITTED, Pep.Status.AWAITING_QA):
        raise AlreadySubmitted
    if row.version != version:
        raise StaleRecord
    facts = selectors.paperwork_facts(row)
    missing = missing_sections(row, facts)
    if missing:
        raise IncompletePep(missing)
    # Resubmitting a returned PEP keeps the summary frozen at its first submission.
    snapshot = row.progress_snapshot or selectors.progress_snapshot_of(row)
    held = selectors.meeting_held(row)
    status = Pep.Status.AWAITING_QA if held else Pep.Status.SUBMITTED
    versioned_update(
        row,
        version=version,
        fields={
            "status": status,
            "submitted_at": timezone.now(),
            "submitted_by": by,
            "progress_snapshot": snapshot,
        },
    )
    _audit(row, by=by, verb="pep.submitted", changes={"status": status})
    return row


# --- SMART targets ----------------------------------------------------------------------------


def target_fingerprint(target: PepTarget) -> str:
    """Return a short digest of what the target says, carried by its edit form."""
    values = "\x1f".join(
        str(target.area_id if name == "area" else getattr(target, name)) for name in TARGET_FIELDS
    )
    return hashlib.sha256(values.encode()).hexdigest()[:32]


@transaction.atomic
def target_add(
    *, pep: Pep, by: User, fields: dict[str, Any], submission_token: Any = None
) -> PepTarget:
    """Add a SMART target to the PEP (once, however often the same form is sent)."""
    claim = claim_submission(token=submission_token, by=by)
    _lock(pep)
    order = (PepTarget.objects.filter(pep=pep).aggregate(last=Max("order"))["last"] or 0) + 1
    target = PepTarget.objects.create(pep=pep, order=order, **fields)
    claim.saved(target)
    _audit(pep, by=by, verb="pep.target_added", changes={"target": target.pk})
    return target


@transaction.atomic
def target_change(
    *, target: PepTarget, by: User, loaded: str, fields: dict[str, Any]
) -> PepTarget:
    """Change a target; StaleRecord if it changed since ``loaded`` (unless it holds these)."""
    _lock(target.pep)
    saved = PepTarget.objects.select_for_update().get(pk=target.pk)
    values = {name: fields[name] for name in TARGET_FIELDS}
    if holds(saved, values):
        return saved  # nothing to change (or the same change sent again): no save, no event
    if target_fingerprint(saved) != loaded:
        raise StaleRecord
    for name, value in values.items():
        setattr(saved, name, value)
    saved.save(update_fields=list(TARGET_FIELDS))
    _audit(target.pep, by=by, verb="pep.target_changed", changes={"target": saved.pk})
    return saved


@transaction.atomic
def target_remove(*, target: PepTarget, by: User, loaded: str) -> None:
    """Remove a target; StaleRecord if it changed since the confirmation page was shown."""
    _lock(target.pep)
    saved = PepTarget.objects.select_for_update().filter(pk=target.pk).first()
    if saved is None:
        return
    if target_fingerprint(saved) != loaded:
        raise StaleRecord
    if TargetReview.objects.filter(target=saved).exists():
        raise TargetReviewed
    saved.delete()
    _audit(target.pep, by=by, verb="pep.target_removed", changes={"target": target.pk})


class TargetReviewed(Exception):
    """The target has been reviewed by a later PEP: it stays."""
