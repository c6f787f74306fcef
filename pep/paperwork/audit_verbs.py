"""Audit verbs of PEP paperwork (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {}
