"""Time is pinned for the children tests: ages and date rules must not drift."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_time():
    """Stop the clock on Monday 16 March 2026."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
