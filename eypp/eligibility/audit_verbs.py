"""Audit verbs of EYPP eligibility."""

LABELS: dict[str, str] = {}
