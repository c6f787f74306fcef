"""Audit verbs of EYPP plans."""

LABELS: dict[str, str] = {}
