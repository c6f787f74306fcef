"""The statutory clock as it reads on a page: due date and working days left or overdue.

Pure functions of dates (``common.dates`` counts the days); the services that open and
close cycles are in ``pep.clock.services``.
"""

from dataclasses import dataclass
from datetime import date

from common import dates


@dataclass(frozen=True)
class ClockReading:
    """How a due date stands on a day: ``working_days`` left (negative when overdue)."""

    due_on: date
    working_days: int

    @property
    def is_overdue(self) -> bool:
        return self.working_days < 0

    @property
    def is_due_today(self) -> bool:
        return self.working_days == 0

    @property
    def words(self) -> str:
        """Return "12 working days left", "due today" or "3 working days overdue"."""
        if self.working_days == 0:
            return "due today"
        count = abs(self.working_days)
        noun = "working day" if count == 1 else "working days"
        return f"{count} {noun} overdue" if self.is_overdue else f"{count} {noun} left"


def read_clock(due_on: date, *, on: date | None = None) -> ClockReading:
    """Return the reading of a due date on a day (today in England by default).

    A due date on a non-working day that has not passed reads as the working days up to it
    (it is reached at the end of the last working day before); once passed it is overdue
    by the working days since.
    """
    on = on or dates.today()
    if due_on >= on:
        return ClockReading(due_on=due_on, working_days=dates.working_days_between(on, due_on))
    return ClockReading(
        due_on=due_on, working_days=-max(1, dates.working_days_between(due_on, on))
    )
