"""Writes for a local authority's school terms: audited, version-checked, sent once."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import LocalAuthority, SchoolTerm, User
from accounts.term_selectors import overlap_message, overlapping_term
from common.audit import audit_record, changed_fields
from common.submissions import claim_submission
from common.versioning import holds, versioned_update


def _lock_terms(local_authority: LocalAuthority) -> None:
    """Lock the LA's row, so two terms saved at once cannot both miss the other's overlap."""
    LocalAuthority.objects.select_for_update(no_key=True).filter(pk=local_authority.pk).first()


def _refuse_overlap(
    local_authority: LocalAuthority, *, starts_on: date, ends_on: date, other_than: int | None
) -> None:
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": "The last day must be the same as or after the first day"}
        )
    clash = overlapping_term(
        local_authority, starts_on=starts_on, ends_on=ends_on, other_than=other_than
    )
    if clash is not None:
        raise ValidationError({"starts_on": overlap_message(clash)})


def _shown(term: SchoolTerm) -> dict[str, str]:
    return {
        "name": term.name,
        "starts_on": term.starts_on.isoformat(),
        "ends_on": term.ends_on.isoformat(),
    }


@transaction.atomic
def school_term_add(
    *,
    by: User,
    local_authority: LocalAuthority,
    name: str,
    starts_on: date,
    ends_on: date,
    submission_token: uuid.UUID | None = None,
) -> SchoolTerm:
    """Add a term to the LA; ValidationError if it overlaps another or ends before it starts.

    The same form sent twice saves one term (``AlreadySaved`` for the repeat).
    """
    claim = claim_submission(token=submission_token, by=by)
    _lock_terms(local_authority)
    _refuse_overlap(local_authority, starts_on=starts_on, ends_on=ends_on, other_than=None)
    term = SchoolTerm.objects.create(
        local_authority=local_authority, name=name, starts_on=starts_on, ends_on=ends_on
    )
    claim.saved(term)
    audit_record(
        actor=by,
        verb="school_term.added",
        target=term,
        local_authority=local_authority,
        changes=_shown(term),
    )
    return term


@transaction.atomic
def school_term_change(
    *, by: User, term: SchoolTerm, version: int, name: str, starts_on: date, ends_on: date
) -> None:
    """Change a term's name or dates, keeping the old values in the audit trail.

    Raises ``StaleRecord`` (and writes nothing) if someone else saved the term since
    ``version``; ValidationError if the new dates overlap another term.
    """
    _lock_terms(term.local_authority)
    current = SchoolTerm.objects.select_for_update().get(pk=term.pk)
    fields = {"name": name, "starts_on": starts_on, "ends_on": ends_on}
    if current.version == version and holds(current, fields):
        return
    _refuse_overlap(term.local_authority, starts_on=starts_on, ends_on=ends_on, other_than=term.pk)
    before = {key: getattr(current, key) for key in fields}
    if not versioned_update(current, version=version, fields=fields):
        return
    for key in (*fields, "version"):
        setattr(term, key, getattr(current, key))
    changes = changed_fields(before, fields)
    audit_record(
        actor=by,
        verb="school_term.changed",
        target=term,
        local_authority=term.local_authority,
        changes={key: [str(old), str(new)] for key, (old, new) in changes.items()},
    )


@transaction.atomic
def school_term_delete(*, by: User, term: SchoolTerm) -> bool:
    """Delete the term; return False if it was already gone (the same form sent twice)."""
    _lock_terms(term.local_authority)
    current = SchoolTerm.objects.select_for_update().filter(pk=term.pk).first()
    if current is None:
        return False
    audit_record(
        actor=by,
        verb="school_term.deleted",
        target=current,
        local_authority=term.local_authority,
        changes=_shown(current),
    )
    current.delete()
    return True
