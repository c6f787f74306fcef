"""Audit verbs of EYPP funding."""

LABELS: dict[str, str] = {}
