"""Audit verbs of EYPP impact."""

LABELS: dict[str, str] = {
    "eypp.impact_saved": "EYPP impact review saved as a draft",
    "eypp.impact_recorded": "EYPP impact review recorded",
}
