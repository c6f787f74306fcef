"""How the learning pages tag children and observations (registered in LearningConfig.ready)."""

TAGS = {
    "summer_born": ("Summer-born", "light-blue"),
    "draft": ("Draft", "grey"),
    "shared_with_carers": ("Shared with carers", "green"),
}
