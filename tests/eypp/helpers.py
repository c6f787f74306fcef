"""Shared pieces of the eligibility and funding tests: the pinned day and the LA's terms."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from accounts.models import LocalAuthority, SchoolTerm

LONDON = ZoneInfo("Europe/London")
# A Tuesday in the spring term of 2025-26.
PINNED = datetime(2026, 2, 10, 10, 0, tzinfo=LONDON)
TERMS = (
    ("Autumn 2025", date(2025, 9, 3), date(2025, 12, 19)),
    ("Spring 2026", date(2026, 1, 5), date(2026, 3, 27)),
    ("Summer 2026", date(2026, 4, 13), date(2026, 7, 22)),
    ("Autumn 2026", date(2026, 9, 2), date(2026, 12, 18)),
    ("Spring 2027", date(2027, 1, 4), date(2027, 3, 26)),
)


def give_terms(la: LocalAuthority) -> None:
    """Give the LA its school terms of 2025-26 and 2026-27."""
    for name, starts, ends in TERMS:
        SchoolTerm.objects.create(local_authority=la, name=name, starts_on=starts, ends_on=ends)
