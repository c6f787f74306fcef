"""The EYPP and DAF rules, as pure functions (no database, no today).

- **Money** is ``Decimal``; a figure is rounded once, to pounds and pence, by ``pounds``
  (half up), at the end of a sum, never per term or per line.
- **Financial years** run 1 April to 31 March and are named by the year they start in.
- **Who is eligible on a day**: a funded entitlement, the age rules for that day (3 and 4
  year olds; 2 year olds on any 15-hour entitlement from April 2024; from 9 months on
  working-parent hours from September 2024; never once in reception) and at least one
  ground. Funding starts the term after the ground starts. A child is funded once however
  many grounds apply (``award_basis``).
- **Expected EYPP** for a term: the funded hours a week, counting only the first 15, for
  the working days of the term, capped at 570 hours in the financial year, at that year's
  rate.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from common import dates
from pep.clock.rules import USUAL_TERM_STARTS

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")

# The order in which grounds fund a child when several apply: a looked-after child's EYPP
# goes to the virtual school, whatever else applies.
BASIS_PRIORITY = ("looked_after", "left_care", "economic")

# Values of Child.Entitlement (children sits below; the rules take plain strings).
NOT_FUNDED = "none"
TWO_YEAR_OLD = "two_15"
WORKING_15 = "working_15"
UNIVERSAL_15 = "universal_15"
WORKING_30 = "working_30"
WORKING_PARENT = (WORKING_15, WORKING_30)

TWOS_FROM = date(2024, 4, 1)  # 2-year-olds on any 15-hour entitlement
BABIES_FROM = date(2024, 9, 1)  # from 9 months, on working-parent hours


def pounds(value: Decimal | int) -> Decimal:
    """Return the amount rounded to pounds and pence, half up: the one rounding."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def money(value: Decimal | None) -> str:
    """Return "£1,094.40" (or "£0.00" for None) for pages, CSVs and PDFs."""
    return f"£{pounds(value or ZERO):,}"


# --- Financial years -------------------------------------------------------------------


def financial_year_of(day: date) -> int:
    """Return the financial year a day falls in, named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(starts_in: int) -> str:
    """Return "2025-26" for the financial year starting on 1 April 2025."""
    return f"{starts_in}-{(starts_in + 1) % 100:02d}"


def financial_year_bounds(starts_in: int) -> tuple[date, date]:
    """Return the first and last day of the financial year starting in ``starts_in``."""
    return date(starts_in, 4, 1), date(starts_in + 1, 3, 31)


# --- Who is eligible -------------------------------------------------------------------


def reception_starts(date_of_birth: date) -> date:
    """Return the 1 September the child starts reception: the first after their 4th birthday.

    A child born on 1 September turns four on the first day of the school year and starts
    reception that day.
    """
    fourth = dates.add_years(date_of_birth, 4)
    starts = date(fourth.year, 9, 1)
    return starts if starts >= fourth else date(fourth.year + 1, 9, 1)


def age_refusal(date_of_birth: date, entitlement: str, *, on: date) -> str:
    """Return why the child's age or entitlement rules out EYPP on the day, or "" if not.

    The words finish "EYPP is not paid ...": shown as a form error and on the child's page.
    """
    if entitlement == NOT_FUNDED or not entitlement:
        return "without a funded entitlement: record the child's funded hours first"
    if on >= reception_starts(date_of_birth):
        return "once a child is in reception: the school's pupil premium takes over"
    months = dates.age_in_months(date_of_birth, on)
    if months >= 36:
        return ""
    if months >= 24:
        if entitlement in (TWO_YEAR_OLD, WORKING_15) and on >= TWOS_FROM:
            return ""
        if entitlement == TWO_YEAR_OLD:
            return "for 2-year-olds before April 2024"
        return "for 2-year-olds on more than 15 working-parent hours"
    if months >= 9 and entitlement in WORKING_PARENT and on >= BABIES_FROM:
        return ""
    if months >= 9 and entitlement in WORKING_PARENT:
        return "for children under 2 before September 2024"
    return "for a child of this age on this entitlement"


def funding_starts(eligible_from: date, *, terms: Sequence[dates.Term]) -> date:
    """Return the first day of the term after the ground starts: when funding begins.

    From the LA's terms (``common.dates``); when none is known that far, the usual term
    start (1 September, 1 January or 1 April) after the day.
    """
    starts = dates.next_term_start(eligible_from, terms=terms)
    if starts is not None:
        return starts
    return min(
        date(eligible_from.year + year, month, day)
        for year in (0, 1)
        for month, day in USUAL_TERM_STARTS
        if date(eligible_from.year + year, month, day) > eligible_from
    )


@dataclass(frozen=True)
class Ground:
    """A ground as the rules need it: basis and dates (from ``Eligibility`` rows)."""

    basis: str
    eligible_from: date
    eligible_to: date | None = None

    def applies_on(self, day: date) -> bool:
        return self.eligible_from <= day and (self.eligible_to is None or day <= self.eligible_to)


def award_basis(grounds: Iterable[Ground], *, on: date) -> str:
    """Return the one basis the child is funded on that day ("" if none applies)."""
    applying = {ground.basis for ground in grounds if ground.applies_on(on)}
    return next((basis for basis in BASIS_PRIORITY if basis in applying), "")


# --- What a term is worth --------------------------------------------------------------


@dataclass(frozen=True)
class TermFunding:
    """The expected EYPP of one term: the hours that count, and the amount (rounded once)."""

    hours: Decimal
    amount: Decimal
    capped: bool  # the 570-hour cap of the financial year cut the hours


def counted_hours_a_week(hours_per_week: Decimal, *, weekly_hours: int = 15) -> Decimal:
    """Return the hours a week that attract EYPP: only the first 15."""
    return min(Decimal(hours_per_week), Decimal(weekly_hours))


def term_hours(hours_per_week: Decimal, *, working_days: int, weekly_hours: int = 15) -> Decimal:
    """Return the funded hours of a term that attract EYPP, before the year's cap."""
    return counted_hours_a_week(hours_per_week, weekly_hours=weekly_hours) * working_days / 5


def expected_for_term(
    *,
    hours_per_week: Decimal,
    working_days: int,
    hourly_rate: Decimal,
    hours_already_counted: Decimal = Decimal(0),
    annual_hours: int = 570,
    weekly_hours: int = 15,
) -> TermFunding:
    """Return a term's expected EYPP: first-15 hours for its working days, within the cap.

    ``hours_already_counted`` are the hours of the financial year's earlier terms: the year
    pays for at most ``annual_hours`` (570).
    """
    hours = term_hours(hours_per_week, working_days=working_days, weekly_hours=weekly_hours)
    left = max(Decimal(annual_hours) - Decimal(hours_already_counted), Decimal(0))
    capped = hours > left
    hours = min(hours, left)
    return TermFunding(hours=hours, amount=pounds(hours * hourly_rate), capped=capped)


def over_allocation(*, planned: Decimal, allocation: Decimal | None) -> Decimal:
    """Return how much the plan's costs are over its allocation (zero when within it)."""
    if allocation is None:
        return ZERO
    return max(pounds(planned) - pounds(allocation), ZERO)
