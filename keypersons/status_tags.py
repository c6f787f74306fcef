"""How the key person pages tag allocations (registered in KeypersonsConfig.ready)."""

TAGS = {
    "designated": ("Designated", "green"),
    "not_designated": ("Not designated", "yellow"),
    "key_person_left": ("Left the setting", "red"),
    "current": ("Current", "blue"),
}
