"""Reads for a local authority's school terms."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import LocalAuthority, SchoolTerm
from accounts.permissions import Access, Action, require


def school_terms(local_authority: LocalAuthority) -> QuerySet[SchoolTerm]:
    """Return the LA's terms, earliest first: one query however many there are."""
    return SchoolTerm.objects.filter(local_authority=local_authority).order_by("starts_on", "pk")


def school_term_get(access: Access, term_id: int) -> SchoolTerm:
    """Return a term of the access's LA, or 404; 403 without the right to edit the policy."""
    assert access.local_authority is not None
    term = get_object_or_404(school_terms(access.local_authority), pk=term_id)
    term.local_authority = access.local_authority
    require(access, Action.ADMINISTER_LA)
    return term


def overlapping_term(
    local_authority: LocalAuthority,
    *,
    starts_on: date,
    ends_on: date,
    other_than: int | None = None,
) -> SchoolTerm | None:
    """Return a term of the LA that shares a day with the dates, other than the one named."""
    terms = school_terms(local_authority).filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if other_than is not None:
        terms = terms.exclude(pk=other_than)
    return terms.first()


def overlap_message(term: SchoolTerm) -> str:
    """Return the error that says which term the dates overlap."""
    return (
        f"The dates overlap {term.name}, {term.starts_on:%-d %B %Y} to {term.ends_on:%-d %B %Y}:"
        " terms cannot share a day"
    )
