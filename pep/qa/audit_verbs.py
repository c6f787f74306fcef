"""Audit verbs of PEP qa (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {}
