"""Give every page the service navigation for the signed-in user's roles."""

from typing import Any

from django.http import HttpRequest

from workspace.navigation import menu_for_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the menu: ``nav_items`` and ``sub_nav_items`` as (label, url, current).

    ``access_label`` names the place the menu is for; ``sub_nav_label`` the section whose
    pages the sub-navigation lists.
    """
    menu = menu_for_request(request)
    return {
        "nav_items": menu.items,
        "access_label": menu.place,
        "sub_nav_label": menu.sub_label,
        "sub_nav_items": menu.sub_items,
    }
