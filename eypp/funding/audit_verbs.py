"""Audit verbs of EYPP funding."""

LABELS: dict[str, str] = {
    "eypp.rates_added": "EYPP and DAF rates set for a year",
    "eypp.rates_changed": "EYPP and DAF rates changed",
}
