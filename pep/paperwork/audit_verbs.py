"""Audit verbs of PEP paperwork (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {
    "pep.section_saved": "PEP paperwork section saved",
    "pep.submitted": "PEP paperwork submitted",
    "pep.target_added": "PEP target added",
    "pep.target_changed": "PEP target changed",
    "pep.target_removed": "PEP target removed",
}
