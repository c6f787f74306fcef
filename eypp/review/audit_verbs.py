"""Audit verbs of EYPP review."""

LABELS: dict[str, str] = {}
