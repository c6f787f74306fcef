"""What the audit verbs of the chronology say to people (readers of the safeguarding log)."""

LABELS = {
    "safeguarding.entry_added": "Significant event added to the chronology",
    "safeguarding.entry_changed": "Significant event in the chronology changed",
}
