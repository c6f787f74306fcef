"""Reminder rules of the quality app: each part's ``reminders.py``, found at start-up."""

from quality.parts import part_modules

RULE_MODULES = part_modules("reminders")
