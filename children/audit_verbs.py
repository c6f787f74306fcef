"""What the children app's audit verbs say to people (registered in ChildrenConfig.ready)."""

LABELS = {
    "child.added": "Child added",
    "child.arrived": "Joined from a setting not on the portal",
    "child.updated": "Record changed",
    "child.left": "Leaving recorded",
    "child.moved_out": "Moved to another setting",
    "child.moved_in": "Moved here from another setting",
    "child.team_member_added": "Added to the team around the child",
    "child.team_member_changed": "Team member's details changed",
    "child.consent_given": "Consent given",
    "child.consent_refused": "Consent refused",
    "child.consent_withdrawn": "Consent withdrawn",
    "children.exported": "Children list downloaded (CSV)",
    "room.added": "Room added",
    "room.changed": "Room changed",
    "room.archived": "Room archived",
}
