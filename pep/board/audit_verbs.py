"""Audit verbs of PEP board (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {}
