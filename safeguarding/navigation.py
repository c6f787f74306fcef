"""The safeguarding section of a setting's menu (registered from SafeguardingConfig.ready).

One "Safeguarding" section with its own sub-navigation for those who keep the log (the DSL
and the manager). Every member of staff may raise a concern: someone who may do nothing
else here sees that one item, under its own label, so the menu of a practitioner reads
the same whether or not the setting has any safeguarding record. The "Allegations" item
is shown to every manager and DSL, whether or not any allegation exists or is about them.
"""

from accounts.navigation import NavItem, Place, register_nav_item
from accounts.permissions import Action

GROUP = "Safeguarding"
PAGE = "settings:safeguarding:{}"
RAISING = ("concern_raise", "my_concerns", "concern_receipt")
OWN_ITEMS = ("visit_*", "transfer_*", "allegation_*", "reads*")


def register() -> None:
    """Add the section's items, in the order of its sub-navigation."""
    items = (
        NavItem(
            "Concerns",
            PAGE.format("concern_list"),
            Action.VIEW_CONCERNS,
            pages=(
                PAGE.format("*"),
                *(f"!{PAGE.format(name)}" for name in RAISING + OWN_ITEMS),
            ),
        ),
        NavItem(
            "Raise a concern",
            PAGE.format("concern_raise"),
            Action.RAISE_CONCERN,
            pages=tuple(PAGE.format(name) for name in RAISING[1:]),
        ),
        NavItem(
            "Visitors",
            PAGE.format("visit_list"),
            Action.VIEW_CONCERNS,
            pages=(PAGE.format("visit_*"),),
        ),
        NavItem(
            "File transfers",
            PAGE.format("transfer_list"),
            Action.VIEW_CONCERNS,
            pages=(PAGE.format("transfer_*"),),
        ),
        NavItem(
            "Allegations",
            PAGE.format("allegation_list"),
            Action.MANAGE_ALLEGATIONS,
            pages=(PAGE.format("allegation_*"),),
        ),
        NavItem(
            "Who read what",
            PAGE.format("reads"),
            Action.VIEW_SAFEGUARDING_READS,
            pages=(PAGE.format("reads*"),),
        ),
    )
    for order, item in enumerate(items, start=58):
        register_nav_item(Place.SETTING, item, order=order, group=GROUP, alone_as_item=True)
