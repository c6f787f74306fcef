"""Audit verbs of EYPP plans."""

LABELS: dict[str, str] = {
    "eypp.plan_started": "EYPP action plan started",
    "eypp.line_added": "Need added to an EYPP action plan",
    "eypp.line_changed": "Need of an EYPP action plan changed",
    "eypp.line_removed": "Need removed from an EYPP action plan",
    "eypp.plan_submitted": "EYPP action plan submitted to the LA",
    "eypp.plan_approved": "EYPP action plan approved",
    "eypp.plan_returned": "EYPP action plan returned for changes",
    "eypp.plan_revised": "New version of an approved EYPP action plan started",
    "eypp.allocation_recorded": "EYPP allocation recorded by the virtual school",
}
