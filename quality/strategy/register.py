"""What the strategy part registers at start-up (called by ``QualityConfig.ready``).

"Strategy action plan" in the LA's menu for every person of the LA (VIEW_STRATEGY); its
chapters' and commitments' pages belong to that section. The tags of a commitment's
status, RAG rating and timescale.
"""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action
    from common.status_tags import register_status_tags
    from quality.strategy.status_tags import TAGS

    register_nav_item(
        Place.LA,
        NavItem(
            "Strategy action plan",
            "la_quality:strategy",
            Action.VIEW_STRATEGY,
            pages=("la_quality:strategy*", "la_quality:chapter_*", "la_quality:commitment_*"),
        ),
        order=60,
    )
    register_status_tags(TAGS)
