"""Writes of the LA's strategy action plan: chapters, commitments and progress updates.

Every write is audited for readers of the plan (VIEW_STRATEGY) at the LA. Changes are
version-checked (``StaleRecord``); a form that adds something carries a submission token,
so the same form sent twice saves once. A number already used in the LA's plan (a
chapter's, a commitment's) is refused on its field, never a database error.
"""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import LocalAuthority, User
from accounts.permissions import Action
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, shown, versioned_update
from quality.models import StrategyChapter, StrategyCommitment, StrategyUpdate
from quality.strategy.selectors import lead_choices

RIGHT = Action.VIEW_STRATEGY.value
CHAPTER_TAKEN = "There is already a chapter {number} in the plan: choose another number"
REFERENCE_TAKEN = "There is already a commitment numbered {reference} in the plan"
# The commitment's own fields a form may write (its leads are a list, written apart).
FIELDS = (
    "chapter",
    "reference",
    "text",
    "leading",
    "timescale",
    "timescale_note",
    "existing_plan",
    "resources",
    "status",
    "rag",
)


def _audit(*, by: User, verb: str, record: Any, la: LocalAuthority, changes: dict) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=record,
        local_authority=la,
        changes=changes,
        restricted_to=RIGHT,
    )


def _said(name: str, value: Any) -> str:
    if isinstance(value, StrategyChapter):
        return str(value)
    field = StrategyCommitment._meta.get_field(name) if name in FIELDS else None
    return shown(value, field)


# --- Chapters -----------------------------------------------------------------------------


def _check_chapter_number(la: LocalAuthority, number: int, *, other_than: int | None) -> None:
    taken = StrategyChapter.objects.filter(local_authority=la, number=number)
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    if taken.exists():
        raise ValidationError({"number": CHAPTER_TAKEN.format(number=number)})


@transaction.atomic
def chapter_add(
    *,
    local_authority: LocalAuthority,
    by: User,
    number: int,
    title: str,
    submission_token: UUID | None = None,
) -> StrategyChapter:
    """Add a chapter to the LA's plan."""
    claim = claim_submission(token=submission_token, by=by)
    _check_chapter_number(local_authority, number, other_than=None)
    try:
        with transaction.atomic():
            chapter = StrategyChapter.objects.create(
                local_authority=local_authority, number=number, title=title
            )
    except IntegrityError:
        raise ValidationError({"number": CHAPTER_TAKEN.format(number=number)}) from None
    claim.saved(chapter)
    _audit(
        by=by,
        verb="quality.strategy_chapter_added",
        record=chapter,
        la=local_authority,
        changes={"number": number, "title": title},
    )
    return chapter


@transaction.atomic
def chapter_change(
    *, chapter: StrategyChapter, by: User, version: int, number: int, title: str
) -> StrategyChapter:
    """Change a chapter's number or title (StaleRecord if changed since ``version``)."""
    la = chapter.local_authority
    _check_chapter_number(la, number, other_than=chapter.pk)
    before = {"number": chapter.number, "title": chapter.title}
    try:
        with transaction.atomic():
            written = versioned_update(
                chapter, version=version, fields={"number": number, "title": title}
            )
    except IntegrityError:
        raise ValidationError({"number": CHAPTER_TAKEN.format(number=number)}) from None
    if written:
        _audit(
            by=by,
            verb="quality.strategy_chapter_changed",
            record=chapter,
            la=la,
            changes={
                name: [str(before[name]), str(value)]
                for name, value in (("number", number), ("title", title))
                if before[name] != value
            },
        )
    return chapter


# --- Commitments --------------------------------------------------------------------------


def _check_reference(la: LocalAuthority, reference: str, *, other_than: int | None) -> None:
    taken = StrategyCommitment.objects.filter(local_authority=la, reference__iexact=reference)
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    if taken.exists():
        raise ValidationError({"reference": REFERENCE_TAKEN.format(reference=reference)})


def _check_chapter(la: LocalAuthority, chapter: StrategyChapter) -> None:
    if chapter.local_authority_id != la.pk:
        raise ValidationError({"chapter": "Select a chapter from the list"})


def _check_leads(la: LocalAuthority, leads: list[User]) -> None:
    allowed = set(
        lead_choices(la).filter(pk__in=[u.pk for u in leads]).values_list("pk", flat=True)
    )
    if any(user.pk not in allowed for user in leads):
        raise ValidationError({"leads": "Select only people of the local authority"})


@transaction.atomic
def commitment_add(
    *,
    local_authority: LocalAuthority,
    by: User,
    leads: list[User],
    submission_token: UUID | None = None,
    **fields: Any,
) -> StrategyCommitment:
    """Add a commitment to the LA's plan, with its named leads."""
    claim = claim_submission(token=submission_token, by=by)
    values = {name: fields[name] for name in FIELDS}
    _check_chapter(local_authority, values["chapter"])
    _check_reference(local_authority, values["reference"], other_than=None)
    _check_leads(local_authority, leads)
    try:
        with transaction.atomic():
            commitment = StrategyCommitment.objects.create(
                local_authority=local_authority, updated_at=timezone.now(), **values
            )
    except IntegrityError:
        raise ValidationError(
            {"reference": REFERENCE_TAKEN.format(reference=values["reference"])}
        ) from None
    commitment.leads.set(leads)
    claim.saved(commitment)
    changes = {
        name: _said(name, value) for name, value in values.items() if value not in ("", None)
    }
    changes["leads"] = ", ".join(sorted(u.full_name or u.email for u in leads)) or "None"
    _audit(
        by=by,
        verb="quality.commitment_added",
        record=commitment,
        la=local_authority,
        changes=changes,
    )
    return commitment


@transaction.atomic
def commitment_change(
    *,
    commitment: StrategyCommitment,
    by: User,
    version: int,
    leads: list[User] | None = None,
    **fields: Any,
) -> StrategyCommitment:
    """Change a commitment (StaleRecord if changed since ``version``).

    Only the fields given are written: a named lead's form has no chapter, number or
    leads. ``leads`` None leaves the named leads as they are.
    """
    la = commitment.local_authority
    values = {name: fields[name] for name in FIELDS if name in fields}
    if "chapter" in values:
        _check_chapter(la, values["chapter"])
    if "reference" in values:
        _check_reference(la, values["reference"], other_than=commitment.pk)
    if leads is not None:
        _check_leads(la, leads)
    before = {name: getattr(commitment, name) for name in values}
    lead_ids_before = set(commitment.leads.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            written = versioned_update(commitment, version=version, fields=values)
    except IntegrityError:
        raise ValidationError(
            {"reference": REFERENCE_TAKEN.format(reference=values.get("reference", ""))}
        ) from None
    lead_ids = {user.pk for user in leads} if leads is not None else lead_ids_before
    if not written:
        # Saved by someone else since: the same form sent twice only if the leads agree too.
        if lead_ids != set(commitment.leads.values_list("pk", flat=True)):
            raise StaleRecord
        return commitment
    changes = {
        name: [_said(name, before[name]), _said(name, value)]
        for name, value in values.items()
        if before[name] != value
    }
    if lead_ids != lead_ids_before:
        commitment.leads.set(leads or [])
        changes["leads"] = [
            _names(lead_ids_before),
            _names(lead_ids),
        ]
    now = timezone.now()
    StrategyCommitment.objects.filter(pk=commitment.pk).update(updated_at=now)
    commitment.updated_at = now
    _audit(by=by, verb="quality.commitment_changed", record=commitment, la=la, changes=changes)
    return commitment


def _names(ids: set[int]) -> str:
    names = User.objects.filter(pk__in=ids).values_list("full_name", "email")
    return ", ".join(sorted(name or email for name, email in names)) or "None"


@transaction.atomic
def update_add(
    *,
    commitment: StrategyCommitment,
    by: User,
    version: int,
    written_on: date,
    text: str,
    status: str,
    rag: str,
    submission_token: UUID | None = None,
) -> StrategyUpdate:
    """Record a dated progress update; the commitment's status and RAG become its own.

    Version-checked on the commitment: if anyone changed it (or added an update) since the
    form was rendered, StaleRecord, so an update is never written over news not seen.
    """
    claim = claim_submission(token=submission_token, by=by)
    if written_on > dates.today():
        raise ValidationError({"written_on": "The date of the update must be today or earlier"})
    before = {"status": commitment.status, "rag": commitment.rag}
    manager = StrategyCommitment.objects
    now = timezone.now()
    written = manager.filter(pk=commitment.pk, version=version).update(
        status=status, rag=rag, updated_at=now, version=F("version") + 1
    )
    if not written:
        raise StaleRecord
    commitment.status, commitment.rag, commitment.updated_at = status, rag, now
    commitment.version = version + 1
    update = StrategyUpdate.objects.create(
        commitment=commitment, written_on=written_on, author=by, text=text, status=status, rag=rag
    )
    claim.saved(update)
    changes: dict[str, Any] = {"written on": f"{written_on:%-d %B %Y}", "progress": text}
    for name, value in (("status", status), ("rag", rag)):
        if before[name] != value:
            changes[name] = [_said(name, before[name]), _said(name, value)]
    _audit(
        by=by,
        verb="quality.commitment_updated",
        record=commitment,
        la=commitment.local_authority,
        changes=changes,
    )
    return update
