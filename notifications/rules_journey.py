"""Reminder rules for learning: the journey part (registered with notifications.rules.rule)."""
