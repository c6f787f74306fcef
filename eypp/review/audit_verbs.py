"""Audit verbs of EYPP review."""

LABELS: dict[str, str] = {
    "eypp.rollup_exported": "Downloaded the EYPP spend and impact roll-up",
}
