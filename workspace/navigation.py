"""The service navigation: which sections a person sees at a place, and which one they are in.

Each menu is data the apps registered (``accounts.navigation.register_nav_item``): each
``NavItem`` names its page, the action its reader needs and the other pages (view names)
that belong to its section. A section with more pages than fit in the service navigation
lists them in ``sub``, shown as a sub-navigation on each of them. The current section comes
from the name of the view that answered, so a child's tracker, journey or progress check is
in "Children" whatever its URL looks like.

Pages that belong to no place (the notifications, changing a password) show the menu of
the place the person last worked in, remembered in their session and checked again through
the permission door each time.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.http import Http404, HttpRequest
from django.urls import reverse

from accounts.navigation import NavItem, Place, nav_items
from accounts.permissions import Access, can, la_access_for, setting_access_for

PLACE_SESSION_KEY = "navigation_place"


def setting_menu() -> tuple[NavItem, ...]:
    """Return a care setting's menu, every item the apps registered, in order."""
    return nav_items(Place.SETTING)


def la_menu() -> tuple[NavItem, ...]:
    """Return a local authority's menu, every item the apps registered, in order."""
    return nav_items(Place.LA)


class Link(NamedTuple):
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Menu:
    """What the page shows: the place, the service navigation and any sub-navigation."""

    place: str = ""
    items: tuple[Link, ...] = ()
    sub_label: str = ""
    sub_items: tuple[Link, ...] = ()


def menu_for(access: Access, view_name: str) -> Menu:
    """Return the menu the access sees at its place, with the view's section current."""
    if access.care_setting is not None:
        menu, slug, place = (
            setting_menu(),
            access.care_setting.slug,
            access.care_setting.name,
        )
    elif access.local_authority is not None:
        menu, slug, place = (
            la_menu(),
            access.local_authority.slug,
            access.local_authority.name,
        )
    else:
        return Menu()
    items: list[Link] = []
    sub_label, sub_items = "", ()
    current_found = False
    for item in menu:
        visible = tuple(sub for sub in item.sub if _allowed(access, sub))
        if item.sub and not visible:
            continue
        if not item.sub and not _allowed(access, item):
            continue
        target = visible[0] if visible else item
        current = not current_found and (
            item.owns(view_name) or any(sub.owns(view_name) for sub in visible)
        )
        current_found = current_found or current
        # A section of which the reader may see one page is that page, under its own label.
        label = visible[0].label if item.alone_as_item and len(visible) == 1 else item.label
        items.append(Link(label, reverse(target.url_name, args=[slug]), current))
        if current and len(visible) > 1:
            sub_label = item.label
            sub_items = tuple(
                Link(sub.label, reverse(sub.url_name, args=[slug]), sub.owns(view_name))
                for sub in visible
            )
    return Menu(place=place, items=tuple(items), sub_label=sub_label, sub_items=sub_items)


def _allowed(access: Access, item: NavItem) -> bool:
    return item.action is None or can(access, item.action)


# --- The place a person last worked in ---------------------------------------------


def remember_place(request: HttpRequest, access: Access) -> None:
    """Keep the access's place in the session, for pages that belong to no place."""
    if access.care_setting is not None:
        place = ["setting", access.care_setting.slug]
    elif access.local_authority is not None:
        place = ["la", access.local_authority.slug]
    else:
        return
    if request.session.get(PLACE_SESSION_KEY) != place:
        request.session[PLACE_SESSION_KEY] = place


def remembered_access(request: HttpRequest) -> Access | None:
    """Return the user's access to the place they last worked in, if they still have it."""
    place = request.session.get(PLACE_SESSION_KEY)
    if not (isinstance(place, list) and len(place) == 2):
        return None
    kind, slug = place
    find = setting_access_for if kind == "setting" else la_access_for
    try:
        return find(request.user, str(slug))
    except Http404:
        del request.session[PLACE_SESSION_KEY]
        return None


def menu_for_request(request: HttpRequest) -> Menu:
    """Return the menu of the request's page: its place's, or the one last worked in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Menu()
    access: Access | None = getattr(request, "access", None)
    if access is not None:
        remember_place(request, access)
    elif hasattr(request, "session"):
        access = remembered_access(request)
    if access is None:
        return Menu()
    match = getattr(request, "resolver_match", None)
    return menu_for(access, match.view_name if match else "")
