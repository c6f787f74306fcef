"""Reminder rules for learning: the check part (registered with notifications.rules.rule)."""
