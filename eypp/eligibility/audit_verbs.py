"""Audit verbs of EYPP eligibility."""

LABELS: dict[str, str] = {
    "eypp.ground_added": "EYPP ground recorded",
    "eypp.ground_changed": "EYPP ground changed",
    "eypp.ground_ended": "EYPP ground ended",
    "eypp.ground_followed": "EYPP ground opened from the child's looked-after record",
    "eypp.daf_added": "Disability Access Fund recorded",
    "eypp.daf_changed": "Disability Access Fund changed",
}
