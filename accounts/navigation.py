"""The service navigation's items, declared by the app that owns each page.

An app registers a ``NavItem`` for its pages in its ``AppConfig.ready`` with the place it
belongs to (a care setting or a local authority), its position and, for a section whose
pages share a sub-navigation, the section's ``group`` label. An app may also add its pages
to another app's section (a child's tracker belongs to "Children") without that app naming
them. The workspace builds each person's menu from what is registered here; this module
names no app's pages.
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum
from fnmatch import fnmatchcase

from accounts.permissions import Action


class Place(StrEnum):
    SETTING = "setting"
    LA = "la"


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
    # A section of which a reader sees one item shows that item, under its own label.
    alone_as_item: bool = False

    def owns(self, view_name: str) -> bool:
        """Return whether the view is this item's page or one of its section's.

        A pattern starting with "!" leaves out the pages it matches (another item's).
        """
        if any(fnmatchcase(view_name, p[1:]) for p in self.pages if p.startswith("!")):
            return False
        return view_name == self.url_name or any(
            fnmatchcase(view_name, pattern)
            for pattern in self.pages
            if not pattern.startswith("!")
        )


@dataclass(frozen=True)
class _Registered:
    item: NavItem
    order: int
    group: str = ""


@dataclass
class _Registry:
    items: dict[tuple[Place, str], _Registered] = field(default_factory=dict)
    # Groups whose one visible item is shown as itself (``register_nav_item(alone_as_item=)``).
    alone_as_item: set[tuple[Place, str]] = field(default_factory=set)
    # More pages for the section whose page is the key's view name.
    extra_pages: dict[tuple[Place, str], tuple[str, ...]] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_nav_item(
    place: Place, item: NavItem, *, order: int, group: str = "", alone_as_item: bool = False
) -> NavItem:
    """Add the item to the place's menu at ``order``; items of one ``group`` form a section.

    ``alone_as_item`` marks the group as one whose reader, seeing only one of its items,
    sees that item under its own label rather than the group's.
    """
    if group and alone_as_item:
        _REGISTRY.alone_as_item.add((place, group))
    key = (place, item.url_name)
    entry = _Registered(item=item, order=order, group=group)
    if key in _REGISTRY.items and _REGISTRY.items[key] != entry:
        raise ValueError(f"A navigation item for {item.url_name!r} is already registered")
    _REGISTRY.items[key] = entry
    return item


def add_section_pages(place: Place, url_name: str, pages: tuple[str, ...]) -> None:
    """Put the pages (view-name patterns) in the section of the item whose page is url_name."""
    key = (place, url_name)
    known = _REGISTRY.extra_pages.get(key, ())
    _REGISTRY.extra_pages[key] = known + tuple(page for page in pages if page not in known)


def nav_items(place: Place) -> tuple[NavItem, ...]:
    """Return the place's menu: its items in order, a group's items as one item's ``sub``."""
    entries = sorted(
        (entry for (at, _), entry in _REGISTRY.items.items() if at == place),
        key=lambda entry: entry.order,
    )
    menu: list[NavItem] = []
    groups: dict[str, int] = {}
    for entry in entries:
        item = entry.item
        extra = _REGISTRY.extra_pages.get((place, item.url_name), ())
        if extra:
            item = replace(item, pages=item.pages + extra)
        if not entry.group:
            menu.append(item)
        elif entry.group in groups:
            index = groups[entry.group]
            menu[index] = replace(menu[index], sub=(*menu[index].sub, item))
        else:
            groups[entry.group] = len(menu)
            alone = (place, entry.group) in _REGISTRY.alone_as_item
            menu.append(NavItem(entry.group, sub=(item,), alone_as_item=alone))
    return tuple(menu)
