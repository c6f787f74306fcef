"""How EYPP pages tag a plan's state (registered in EyppConfig.ready)."""

TAGS = {
    "eypp_draft": ("Draft", "grey"),
    "eypp_submitted": ("Submitted to the LA", "blue"),
    "eypp_returned": ("Returned", "pink"),
    "eypp_approved": ("Approved", "green"),
    "eypp_superseded": ("Replaced by a later version", "grey"),
    "eypp_impact_due": ("Impact review due", "orange"),
    "eypp_impact_reviewed": ("Impact reviewed", "turquoise"),
    "eypp_over_allocation": ("Over allocation", "red"),
}
