"""Audit verbs of the PEP clock (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {
    "pep.opened": "PEP cycle opened",
    "pep.closed": "PEP cycle closed",
}
