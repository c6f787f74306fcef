"""Audit verbs of EYPP impact."""

LABELS: dict[str, str] = {}
