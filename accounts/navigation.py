"""The service navigation: which sections a person sees at a place, and which one they are in.

Each menu is data: a tuple of ``NavItem``, each naming its page, the action its reader needs
and the other pages (view names) that belong to its section. A section with more pages
than fit in the service navigation lists them in ``sub``, shown as a sub-navigation on each
of them. The current section comes from the name of the view that answered, so a child's
tracker, journey or progress check is in "Children" whatever its URL looks like.

Pages that belong to no place (the notifications, changing a password) show the menu of
the place the person last worked in, remembered in their session and checked again through
the permission door each time.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import NamedTuple

from django.http import Http404, HttpRequest
from django.urls import reverse

from accounts.permissions import Access, Action, can, la_access_for, setting_access_for

PLACE_SESSION_KEY = "navigation_place"


@dataclass(frozen=True)
class NavItem:
    """A link of a menu: a page, the action needed to see it, and the pages of its section."""

    label: str
    url_name: str = ""
    action: Action | None = None
    # View names (shell-style patterns) of the other pages in this item's section.
    pages: tuple[str, ...] = ()
    # A section whose pages share a sub-navigation; it links to the first one visible.
    sub: tuple["NavItem", ...] = ()

    def owns(self, view_name: str) -> bool:
        """Return whether the view is this item's page or one of its section's."""
        return view_name == self.url_name or any(
            fnmatchcase(view_name, pattern) for pattern in self.pages
        )


# A child's own pages, wherever their app mounts them, are in the "Children" section.
CHILD_PAGES = (
    "settings:children:*",
    "settings:learning:tracker",
    "settings:learning:tracker_*",
    "settings:learning:assessment",
    "settings:learning:assessment_*",
    "settings:learning:journey",
    "settings:learning:photo",
    "settings:learning:check",
    "settings:learning:check_*",
    "settings:learning:leaving_pdf",
)

SETTING_MENU: tuple[NavItem, ...] = (
    NavItem("Overview", "settings:overview", Action.VIEW_SETTING),
    NavItem("My key children", "settings:my_key_children", Action.VIEW_MY_KEY_CHILDREN),
    NavItem("Children", "settings:children:list", Action.VIEW_CHILDREN, pages=CHILD_PAGES),
    NavItem(
        "Observe",
        "settings:learning:observation_add",
        Action.ADD_OBSERVATION,
        pages=("settings:learning:observation_*",),
    ),
    NavItem(
        "Progress",
        "settings:learning:group",
        Action.VIEW_GROUP_PROGRESS,
        pages=("settings:learning:periods",),
    ),
    NavItem(
        "Worries",
        "settings:safeguarding:concern_list",
        Action.VIEW_CONCERNS,
        pages=("settings:safeguarding:*",),
    ),
    NavItem(
        "Staff",
        sub=(
            NavItem("Staff", "settings:staff", Action.VIEW_STAFF, pages=("settings:staff_*",)),
            NavItem(
                "Key persons",
                "settings:keypersons:board",
                Action.ALLOCATE_KEY_PERSON,
                pages=("settings:keypersons:allocate", "settings:keypersons:end"),
            ),
            NavItem(
                "Caseloads",
                "settings:keypersons:caseloads",
                Action.VIEW_CASELOADS,
                pages=(
                    "settings:keypersons:caseload",
                    "settings:keypersons:caseload_limit",
                    "settings:keypersons:staff_leaving",
                ),
            ),
            NavItem(
                "Training",
                "settings:keypersons:training",
                Action.VIEW_TRAINING,
                pages=("settings:keypersons:training_*",),
            ),
        ),
    ),
    NavItem("Audit trail", "settings:audit", Action.VIEW_SETTING_AUDIT),
)

LA_MENU: tuple[NavItem, ...] = (
    NavItem(
        "Settings and users",
        "la:overview",
        Action.ADMINISTER_LA,
        pages=(
            "la:setting_add",
            "la:advisor_assign",
            "la:invite",
            "la:policy",
            "la:users",
            "la:user_*",
        ),
    ),
    NavItem("My settings", "la:my_settings", Action.VIEW_ADVISOR_HOME, pages=("la_children:*",)),
    NavItem("Audit trail", "la:audit", Action.ADMINISTER_LA),
)


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
        menu, slug, place = SETTING_MENU, access.care_setting.slug, access.care_setting.name
    elif access.local_authority is not None:
        menu, slug, place = LA_MENU, access.local_authority.slug, access.local_authority.name
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
        items.append(Link(item.label, reverse(target.url_name, args=[slug]), current))
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
