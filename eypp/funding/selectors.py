"""Reads of the EYPP and DAF rates: an LA's own row for a year wins over the national one."""

from django.db.models import F, Q, QuerySet

from eypp.models import FundingYear


def funding_years_for(la_id: int) -> QuerySet[FundingYear]:
    """Return the rows that may apply to the LA: its own and the national ones."""
    return FundingYear.objects.filter(Q(local_authority_id=la_id) | Q(local_authority=None))


def funding_year_for(la_id: int, starts_in: int) -> FundingYear | None:
    """Return the rates of the financial year for the LA (its own, else national), or None."""
    return (
        funding_years_for(la_id)
        .filter(starts_in=starts_in)
        .order_by(F("local_authority").asc(nulls_last=True))
        .first()
    )


def funding_by_year(la_id: int) -> dict[int, FundingYear]:
    """Return ``{starts_in: rates}`` for every year known to the LA, in one query."""
    years: dict[int, FundingYear] = {}
    for row in funding_years_for(la_id).order_by(F("local_authority").asc(nulls_first=True)):
        years[row.starts_in] = row  # the LA's own row comes last and wins
    return years
