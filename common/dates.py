"""The one calendar: today, months and ages, working days and school days in England.

Every date sum in the portal comes from here, so a deadline, an age or a reminder is worked
out the same way on every page, task and report.

- **Today** is the date in Europe/London (``settings.TIME_ZONE``), whatever the server's
  clock says.
- **Months** are calendar months. ``add_months`` keeps the day of the month, or takes the
  last day of a shorter month (31 January + 1 month = 28 or 29 February).
  ``months_between`` counts whole months: a month is complete on the same day of the month
  (so a child born on 29 February is 12 months old on 1 March in a year without one).
- **Working days** are Monday to Friday except England and Wales bank holidays, taken from
  the maintained ``holidays`` package plus ``EXTRA_BANK_HOLIDAYS``. A deadline "within N
  working days of" an event counts the day of the event as day 0:
  ``add_working_days(event, N)`` is the last day.
- **School days** are working days inside a term. The terms are passed in by the caller as
  (starts_on, ends_on) pairs, both days included; this module knows no local authority.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

Term = tuple[date, date]  # (starts_on, ends_on), both days in the term

# Announced one-off bank holidays, in case the installed ``holidays`` release predates the
# announcement. Add a day here when the government announces one; the package catches up.
EXTRA_BANK_HOLIDAYS: dict[date, str] = {
    date(2022, 6, 3): "Platinum Jubilee bank holiday",
    date(2022, 9, 19): "Bank holiday for the State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Bank holiday for the coronation of King Charles III",
}

_ONE_DAY = timedelta(days=1)


# --- Today, months and ages ------------------------------------------------------------


def today() -> date:
    """Return today's date in Europe/London."""
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (or earlier), or the last day of a short month.

    31 January 2024 + 1 month is 29 February 2024; 29 February 2024 + 12 months is
    28 February 2025.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")  # pragma: no cover


def add_years(day: date, years: int) -> date:
    """Return the same day ``years`` later (or earlier); 29 February becomes 28 February."""
    return add_months(day, 12 * years)


def months_between(earlier: date, later: date) -> int:
    """Return the whole months from ``earlier`` to ``later``, rounded down.

    A month is complete on the same day of the month: 15 January to 14 February is 0 months,
    to 15 February 1 month. From a 29, 30 or 31 the month completes on the next 1st when the
    month is shorter (29 February 2024 to 28 February 2025 is 11 months, to 1 March 12).
    When ``later`` is before ``earlier`` the answer is negative, still rounded down
    (15 March back to 10 January is -3).
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months


def age_in_months(born: date, on: date) -> int:
    """Return the age in whole months, on the day, of someone born on ``born``."""
    return months_between(born, on)


def school_year_start(on: date) -> date:
    """Return 1 September that starts the school year (September to August) of the day."""
    return date(on.year if on.month >= 9 else on.year - 1, 9, 1)


# --- Working days ------------------------------------------------------------------------


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """Return the England and Wales bank holidays of the year, substitute days included.

    Only weekdays: when Christmas Day falls on a Saturday the bank holiday is the substitute
    day (the Monday or Tuesday after), which is in the set; the Saturday is not needed.
    """
    days = set(holidays.country_holidays("GB", subdiv="ENG", years=year))
    days.update(day for day in EXTRA_BANK_HOLIDAYS if day.year == year)
    return frozenset(day for day in days if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    """Return whether the day is Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: date, n: int) -> date:
    """Return the ``n``-th working day after the day (before it when ``n`` is negative).

    The day itself is day 0 and need not be a working day: ``add_working_days(friday, 1)``
    is the Monday (or the Tuesday after a bank holiday Monday); ``n == 0`` returns the day
    unchanged. The last day of "within 20 working days of" an event is
    ``add_working_days(event, 20)``.
    """
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Return the working days after ``start`` up to and including ``end``.

    ``start`` is day 0 and does not count; ``end`` counts. So an event on a Monday with a
    deadline on the Friday of the same week is 4 working days, and
    ``add_working_days(start, working_days_between(start, end)) == end`` whenever ``end`` is
    a working day on or after ``start``. When ``end`` is before ``start`` the answer is the
    same count the other way round, negative: ``working_days_between(a, b) ==
    -working_days_between(b, a)``.
    """
    if end < start:
        return -working_days_between(end, start)
    weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
    closed = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in bank_holidays(year)
        if start < holiday <= end
    )
    return weekdays - closed


def _weekdays_up_to(day: date) -> int:
    """Return how many Mondays to Fridays there are from 1 January of year 1 to the day."""
    weeks, extra = divmod(day.toordinal(), 7)  # ordinal 1 is a Monday
    return weeks * 5 + min(extra, 5)


# --- School days -------------------------------------------------------------------------


def in_term(day: date, *, terms: Iterable[Term]) -> bool:
    """Return whether the day falls inside one of the terms (both ends included)."""
    return any(starts_on <= day <= ends_on for starts_on, ends_on in terms)


def is_school_day(day: date, *, terms: Iterable[Term]) -> bool:
    """Return whether the day is a working day inside one of the terms."""
    return is_working_day(day) and in_term(day, terms=terms)


def add_school_days(day: date, n: int, *, terms: Sequence[Term]) -> date:
    """Return the ``n``-th school day after the day (before it when ``n`` is negative).

    The same counting as ``add_working_days``: the day is day 0, holidays between terms
    (half terms included) are skipped. Raise ``ValueError`` when the terms known run out
    first: a deadline cannot be worked out from term dates nobody has entered yet.
    """
    if not n:
        return day
    if not terms:
        raise ValueError("No term dates to count school days in")
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    limit = max(ends for _, ends in terms) if n > 0 else min(starts for starts, _ in terms)
    remaining = abs(n)
    while remaining:
        day += step
        if (n > 0 and day > limit) or (n < 0 and day < limit):
            raise ValueError(f"The term dates known end before {abs(n)} school days")
        if is_school_day(day, terms=terms):
            remaining -= 1
    return day


def school_days_between(start: date, end: date, *, terms: Sequence[Term]) -> int:
    """Return the school days after ``start`` up to and including ``end``.

    The same convention as ``working_days_between``: ``start`` is day 0, ``end`` counts,
    and the answer is negative (the same count) when ``end`` is before ``start``.
    """
    if end < start:
        return -school_days_between(end, start, terms=terms)
    total = 0
    for starts_on, ends_on in _merged(terms):
        low = max(start, starts_on - _ONE_DAY)
        high = min(end, ends_on)
        if low < high:
            total += working_days_between(low, high)
    return total


def next_term_start(after: date, *, terms: Iterable[Term]) -> date | None:
    """Return the first day of the first term starting after the day, or None if none known.

    For "the term after the birthday": a child who turns three on 2 January starts their
    funded hours on the first day of the term that starts after 2 January.
    """
    return min((starts_on for starts_on, _ in terms if starts_on > after), default=None)


def _merged(terms: Iterable[Term]) -> list[Term]:
    """Return the terms sorted, with overlapping or touching ones joined."""
    merged: list[Term] = []
    for starts_on, ends_on in sorted(terms):
        if merged and starts_on <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], ends_on))
        else:
            merged.append((starts_on, ends_on))
    return merged
