"""Time is pinned for every reminder test: ages, deadlines and "today" must not drift."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")
# A Tuesday morning, after the 07:00 digest.
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_time():
    """Stop the clock at ``NOW``; ``pinned_time.move_to(...)`` moves it on."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
