"""Time is pinned for every reminder test: ages, deadlines and "today" must not drift."""

from datetime import datetime
from unittest import mock
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


CORE_RULES = ("key_person.unallocated", "training.expiring")


@pytest.fixture
def core_rules_only():
    """Run the machinery with the first two rules only.

    These tests are about the sweep and the digest, not about which rules exist: rules
    added by later issues (each with its own tests in test_rules_*.py) would otherwise
    change their counts.
    """
    from notifications.rules import RULES

    kept = {kind: RULES[kind] for kind in CORE_RULES}
    with mock.patch.dict(RULES, kept, clear=True):
        yield
