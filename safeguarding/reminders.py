"""Reminder rules of safeguarding: each part's ``reminders.py``, found at start-up."""

from safeguarding.parts import part_modules

RULE_MODULES = part_modules("reminders")
