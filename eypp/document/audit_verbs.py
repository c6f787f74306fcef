"""Audit verbs of EYPP document."""

LABELS: dict[str, str] = {}
