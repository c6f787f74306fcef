"""Audit verbs of PEP quality assurance (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {
    "pep.qa_feedback": "PEP quality assurance feedback given",
    "pep.returned": "PEP returned for changes",
    "pep.signed_off": "PEP signed off",
    "pep.correction_opened": "Correction of a signed PEP started",
}
