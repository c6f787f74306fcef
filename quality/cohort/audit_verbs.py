"""Audit verbs of the children in care cohort report (gathered by quality/audit_verbs.py)."""

from accounts.permissions import Action

LABELS: dict[str, str] = {
    "quality.cohort_exported": "Children in care cohort report downloaded (CSV)",
}
RESTRICTED: dict[str, str] = {"quality.cohort_exported": Action.VIEW_COHORT_REPORT}
