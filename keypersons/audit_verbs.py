"""What the keypersons app's audit verbs say to people (registered in KeypersonsConfig.ready)."""

LABELS = {
    "key_person.allocated": "Key person allocated",
    "key_person.reallocated": "Key person changed",
    "key_person.ended": "Key person allocation ended",
    "buddy.allocated": "Buddy key person allocated",
    "buddy.reallocated": "Buddy key person changed",
    "buddy.ended": "Buddy key person allocation ended",
    "training.recorded": "Training recorded",
}
