"""What the audit verbs of action plans say to people (readers of the setting's support)."""

LABELS = {
    "quality.plan_contacted": "Setting contacted about its action plan",
    "quality.plan_maintenance_contact": "Maintenance contact made",
    "quality.plan_commented": "Advisor commented on the action plan",
    "quality.plan_engagement": "Engagement with support recorded",
    "quality.action_added": "Action added to the action plan",
    "quality.action_changed": "Action of the action plan changed",
    "quality.action_commented": "Advisor commented on an action",
    "quality.support_brokered": "Support offered",
    "quality.support_changed": "Support changed",
}
