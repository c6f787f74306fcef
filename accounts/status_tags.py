"""How the accounts pages tag people (registered in AccountsConfig.ready)."""

TAGS = {
    "left": ("Left", "grey"),
    "invited": ("Invited", "yellow"),
    "active": ("Active", "green"),
}
