"""Audit verbs of PEP meetings (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {}
