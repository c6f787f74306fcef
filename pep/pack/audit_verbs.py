"""Audit verbs of PEP pack (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {}
