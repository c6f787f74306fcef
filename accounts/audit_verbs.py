"""What the accounts app's audit verbs say to people (registered in AccountsConfig.ready)."""

LABELS = {
    "setting.created": "Setting added",
    "staff.invited": "Member of staff invited",
    "la_role.invited": "Local authority colleague invited",
    "advisor.assigned": "Improvement advisor assigned",
    "la.policy_changed": "Local authority policy changed",
    "school_term.added": "School term added",
    "school_term.changed": "School term changed",
    "school_term.deleted": "School term deleted",
    "user.signed_in": "Signed in",
    "user.signed_out": "Signed out",
    "user.sign_in_failed": "Sign-in failed",
    "user.password_reset": "Password reset",
    "user.password_changed": "Password changed",
    "staff.updated": "Member of staff changed",
    "staff.deactivated": "Member of staff deactivated",
    "staff.invitation_resent": "Invitation sent again to a member of staff",
    "la_role.updated": "Local authority colleague changed",
    "la_role.deactivated": "Local authority colleague deactivated",
    "la_role.invitation_resent": "Invitation sent again to a local authority colleague",
    "setting.key_children_limit_changed": "Limit of key children changed",
}
