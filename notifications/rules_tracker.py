"""Reminder rules for learning: the tracker part (registered with notifications.rules.rule)."""
