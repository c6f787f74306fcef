"""What the portfolio part's audit verbs say to people (readers of the setting's support)."""

from accounts.permissions import Action

LABELS = {
    "quality.inspection_recorded": "Ofsted inspection recorded",
    "quality.inspection_corrected": "Ofsted inspection corrected",
    "quality.support_changed": "Who supports the setting changed",
    "quality.portfolio_exported": "Settings portfolio downloaded",
}
RESTRICTED = {"quality.portfolio_exported": Action.VIEW_PORTFOLIO}
