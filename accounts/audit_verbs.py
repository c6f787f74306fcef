"""What the accounts app's audit verbs say to people (registered in AccountsConfig.ready)."""

LABELS = {
    "setting.created": "Setting added",
    "staff.invited": "Member of staff invited",
    "la_role.invited": "Local authority colleague invited",
    "advisor.assigned": "Improvement advisor assigned",
    "la.policy_changed": "Local authority policy changed",
    "user.signed_in": "Signed in",
    "user.signed_out": "Signed out",
    "user.sign_in_failed": "Sign-in failed",
    "user.password_reset": "Password reset",
    "user.password_changed": "Password changed",
}
