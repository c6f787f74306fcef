"""Reads of a child's EYPP grounds and what they are expected to bring in."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.permissions import Access
from children.models import Child
from common import dates
from eypp import rules
from eypp.funding.selectors import funding_by_year
from eypp.models import ActionPlan, Basis, DafAward, Eligibility
from eypp.selectors import plans_in_scope

MONEY = DecimalField(max_digits=10, decimal_places=2)

_DAY = timedelta(days=1)


def grounds_of(child: Child) -> list[rules.Ground]:
    """Return the child's grounds as the rules need them (one query).

    A looked-after child's record is a ground in itself, from the day they entered care,
    even where no ground row follows it yet (a child recorded as looked after before the
    listener that opens it existed).
    """
    grounds = [
        rules.Ground(basis, starts, ends)
        for basis, starts, ends in Eligibility.objects.filter(child=child).values_list(
            "basis", "eligible_from", "eligible_to"
        )
    ]
    if child.is_looked_after and child.entered_care_on:
        grounds.append(rules.Ground(Basis.LOOKED_AFTER, child.entered_care_on))
    return grounds


@dataclass(frozen=True)
class TermLine:
    label: str
    starts_on: date
    ends_on: date
    hours: Decimal
    amount: Decimal
    capped: bool
    why_not: str = ""  # "" when the term is funded, else the reason it is not


@dataclass(frozen=True)
class ExpectedFunding:
    """A child's expected EYPP over a period, term by term (rounded once per term)."""

    terms: list[TermLine] = field(default_factory=list)
    missing_years: list[str] = field(default_factory=list)  # "2027-28": no rates known
    terms_known: bool = True  # False: no LA terms, the period counted as one block

    @property
    def amount(self) -> Decimal:
        return rules.pounds(sum((term.amount for term in self.terms), Decimal(0)))

    @property
    def hours(self) -> Decimal:
        return sum((term.hours for term in self.terms), Decimal(0))


def _blocks(la_terms: list[dates.Term], start: date, end: date) -> tuple[list[dates.Term], bool]:
    """Return the LA terms overlapping the financial years of the period, or the period."""
    first_year = rules.financial_year_bounds(rules.financial_year_of(start))[0]
    last_year = rules.financial_year_bounds(rules.financial_year_of(end))[1]
    inside = [(s, e) for s, e in la_terms if e >= first_year and s <= last_year]
    if inside:
        return inside, True
    return [(start, end)], False


def expected_for_period(child: Child, *, period_start: date, period_end: date) -> ExpectedFunding:
    """Return the EYPP the child's setting may expect for the terms of the period.

    Each LA term that overlaps the period counts when, on its first day, a ground has
    applied since before the term started (funding starts the term after the ground) and
    the age and entitlement rules allow it; its hours are the first 15 a week of the
    ground's funded hours for the term's working days, and the financial year's earlier
    terms count towards its 570-hour cap. With no LA terms the period is one block.
    Three queries: grounds, terms, rates.
    """
    grounds = Eligibility.objects.filter(child=child).order_by("eligible_from")
    grounds = list(grounds.values_list("basis", "eligible_from", "eligible_to", "hours_per_week"))
    la = child.care_setting.local_authority
    la_terms = la.term_dates()
    rates = funding_by_year(la.pk)
    blocks, known = _blocks(la_terms, period_start, period_end)
    counted: dict[int, Decimal] = {}
    lines: list[TermLine] = []
    missing: list[str] = []
    for starts_on, ends_on in sorted(blocks):
        year = rules.financial_year_of(starts_on)
        label = f"{starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}"
        in_period = ends_on >= period_start and starts_on <= period_end
        applying = [
            (basis, since, hours)
            for basis, since, until, hours in grounds
            if (until is None or until >= starts_on)
            and rules.funding_starts(since, terms=la_terms) <= starts_on
        ]
        why_not = ""
        if not applying:
            why_not = "No ground applied before the term started"
        else:
            refusal = rules.age_refusal(
                child.date_of_birth, child.funded_entitlement, on=starts_on
            )
            if refusal:
                why_not = f"EYPP is not paid {refusal}"
        rate = rates.get(year)
        if not why_not and rate is None:
            why_not = f"No EYPP rates for {rules.financial_year_label(year)}"
            if in_period:
                missing.append(rules.financial_year_label(year))
        if why_not:
            if in_period:
                lines.append(
                    TermLine(label, starts_on, ends_on, Decimal(0), rules.ZERO, False, why_not)
                )
            continue
        hours_a_week = max(hours for _, _, hours in applying)  # funded once
        funding = rules.expected_for_term(
            hours_per_week=hours_a_week,
            working_days=dates.working_days_between(starts_on - _DAY, ends_on),
            hourly_rate=rate.hourly_rate,
            hours_already_counted=counted.get(year, Decimal(0)),
            annual_hours=rate.annual_hours,
            weekly_hours=rate.weekly_hours,
        )
        counted[year] = counted.get(year, Decimal(0)) + funding.hours
        if in_period:
            lines.append(
                TermLine(label, starts_on, ends_on, funding.hours, funding.amount, funding.capped)
            )
    return ExpectedFunding(terms=lines, missing_years=sorted(set(missing)), terms_known=known)


# --- The child's EYPP page ------------------------------------------------------------


def grounds_for_page(child: Child) -> list[Eligibility]:
    """Return the child's grounds, newest first, with who saw the evidence (one query)."""
    return list(
        Eligibility.objects.filter(child=child).select_related("evidence_seen_by", "recorded_by")
    )


def daf_awards_of(child: Child) -> list[DafAward]:
    """Return the child's DAF awards, newest year first, with the setting (one query)."""
    return list(
        DafAward.objects.filter(child=child).select_related("care_setting", "evidence_seen_by")
    )


def plans_of(access: Access, child: Child) -> list[ActionPlan]:
    """Return the child's plans the access may read, with their totals (one query)."""
    return list(
        plans_in_scope(access)
        .filter(child=child)
        .annotate(total=Coalesce(Sum("lines__cost"), Value(Decimal(0)), output_field=MONEY))
        .order_by("-period_start", "-number")
    )


def staff_of(care_setting_id: int) -> QuerySet[User]:
    """Return the setting's active staff, by name: who may have seen the evidence."""
    return User.objects.filter(
        memberships__care_setting_id=care_setting_id,
        memberships__is_active=True,
        is_active=True,
    ).order_by("full_name", "email")


def ground_get(child: Child, ground_id: int) -> Eligibility:
    """Return the child's ground, or 404."""
    return get_object_or_404(
        Eligibility.objects.select_related("evidence_seen_by"), child=child, pk=ground_id
    )


def daf_get(child: Child, daf_id: int) -> DafAward:
    """Return the child's DAF award, or 404."""
    return get_object_or_404(DafAward, child=child, pk=daf_id)
