"""Audit verbs of the PEP pack (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {
    "pep.pack_made": "PEP pack stored",
    "pep.pack_refused": "PEP pack refused: its file does not match its checksum",
}
