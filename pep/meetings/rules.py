"""When a looked-after child's reviews are due: pure functions of dates.

A looked-after child's first review is within 20 working days of entering care, the second
within 3 months of the first, then each at most 6 months after the one before (DOMAIN.md
§5). The dates here are worked out from the reviews actually held, so a late review moves
the next one with it; ``common.dates`` counts the days.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from common import dates

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


@dataclass(frozen=True)
class LacReview:
    """One looked-after review: the ``number``-th since entering care, due by ``due_on``."""

    number: int
    due_on: date
    held_on: date | None = None

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    @property
    def was_late(self) -> bool:
        return self.held_on is not None and self.held_on > self.due_on

    def is_overdue(self, today: date) -> bool:
        return self.held_on is None and today > self.due_on

    @property
    def ordinal(self) -> str:
        """Return "1st", "2nd", "3rd", "4th"... for the review's number."""
        if 10 <= self.number % 100 <= 20:
            suffix = "th"
        else:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(self.number % 10, "th")
        return f"{self.number}{suffix}"


def lac_reviews(*, entered_care_on: date, held_on: Iterable[date]) -> list[LacReview]:
    """Return each review held since entering care with its due date, then the next one due.

    Reviews held before the child entered care (an earlier episode) do not count. The last
    row is always the review still to hold.
    """
    held = sorted({day for day in held_on if day >= entered_care_on})
    due_on = dates.add_working_days(entered_care_on, FIRST_REVIEW_WORKING_DAYS)
    reviews = []
    for number, day in enumerate(held, start=1):
        reviews.append(LacReview(number=number, due_on=due_on, held_on=day))
        months = SECOND_REVIEW_MONTHS if number == 1 else LATER_REVIEW_MONTHS
        due_on = dates.add_months(day, months)
    reviews.append(LacReview(number=len(held) + 1, due_on=due_on))
    return reviews
