"""How every page tags a child and their record (registered in ChildrenConfig.ready).

One colour per meaning wherever it is shown: the children list, the child's record, the
key persons' pages, the group progress view and the advisors' pages.
"""

TAGS = {
    "looked_after": ("Looked after", "purple"),
    "previously_looked_after": ("Previously looked after", "pink"),
    "out_of_county": ("Out of county", "orange"),
    "emergency_placement": ("Emergency placement", "red"),
    "shared_with_la": ("Shared with LA", "blue"),
    "sen": ("SEN", "yellow"),
    "eypp": ("EYPP", "turquoise"),
    "no_photo_consent": ("No photos", "red"),
    "leaving": ("Leaving", "grey"),
    "no_key_person": ("No key person", "red"),
    "consent_given": ("Given", "green"),
    "consent_refused": ("Refused", "red"),
    "consent_withdrawn": ("Withdrawn", "orange"),
    "not_recorded": ("Not recorded", "grey"),
    "parental_responsibility": ("Parental responsibility", "blue"),
    "invited_to_pep": ("Invited to PEP", "light-blue"),
    "no_longer_involved": ("No longer involved", "grey"),
    "emergency_contact": ("Emergency contact", "red"),
    "allergies": ("Allergies", "red"),
    "medical_needs": ("Medical needs", "red"),
    "room_archived": ("Archived", "grey"),
}
