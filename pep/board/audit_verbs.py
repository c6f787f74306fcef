"""Audit verbs of PEP board (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {
    "pep.board_exported": "PEP board downloaded (CSV)",
    "pep.external_uploaded": "Out-of-county PEP document uploaded",
    "pep.external_recorded": (
        "Out-of-county PEP meeting recorded (signed off for the responsible LA)"
    ),
}
