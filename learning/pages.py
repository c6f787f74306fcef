"""Where a child's learning pages are, on the side the reader came from.

A setting's staff reach a child's progress under the setting
(/settings/<setting_slug>/learning/<child_id>/...); an LA advisor reaches the same pages,
read-only, under the LA (/la/<la_slug>/children/<child_id>/...). The views and templates
are shared: they link through a ``ChildPages``, never to one side by name.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from accounts.panels import HubLink
from accounts.permissions import Access, Action, can
from children.models import Child


@dataclass(frozen=True)
class ChildPages:
    """The URLs of one child's pages on one side; ``on_setting_side`` is False for an LA."""

    on_setting_side: bool
    namespace: str
    place_slug: str
    hub: str
    journey: str
    tracker: str
    assessment: str
    check: str
    check_pdf: str
    leaving_pdf: str

    def photo(self, photo_id: int) -> str:
        return reverse(f"{self.namespace}:photo", args=[self.place_slug, photo_id])


def child_pages(access: Access, child: Child) -> ChildPages:
    """Return the child's pages on the access's side: its setting, else its LA."""
    if access.care_setting is not None:
        namespace, slug = "settings:learning", access.care_setting.slug
        hub = reverse("settings:children:detail", args=[slug, child.pk])
    else:
        assert access.local_authority is not None
        namespace, slug = "la_learning", access.local_authority.slug
        hub = reverse("la_children:detail", args=[slug, child.pk])

    def url(name: str) -> str:
        return reverse(f"{namespace}:{name}", args=[slug, child.pk])

    return ChildPages(
        on_setting_side=access.care_setting is not None,
        namespace=namespace,
        place_slug=slug,
        hub=hub,
        journey=url("journey"),
        tracker=url("tracker"),
        assessment=url("assessment"),
        check=url("check"),
        check_pdf=url("check_pdf"),
        leaving_pdf=url("leaving_pdf"),
    )


# The child's learning pages, as the child's hub lists them (learning registers the section).
PROGRESS_LINKS = (
    ("journey", "Learning journey"),
    ("tracker", "Progress tracker and early assessment"),
    ("check", "Progress check at age two"),
    ("leaving_pdf", "Learning journey and progress summary (PDF)"),
)


def hub_links(access: Access, child: Child, on_setting_side: bool) -> list[HubLink]:
    """Return the hub's "Learning and progress" links on the side the hub is read from."""
    if on_setting_side:
        namespace, slug = "settings:learning", child.care_setting.slug
    else:
        assert access.local_authority is not None
        namespace, slug = "la_learning", access.local_authority.slug
    links = [
        HubLink(label, url)
        for name, label in PROGRESS_LINKS
        if (url := _url_if_exists(f"{namespace}:{name}", slug, child.pk))
    ]
    # The LA side is read-only.
    if on_setting_side and can(access, Action.ADD_OBSERVATION, child=child):
        url = reverse("settings:learning:observation_add", args=[slug])
        links.append(HubLink("Record an observation", f"{url}?child={child.pk}", f" of {child}"))
    return links


def _url_if_exists(name: str, *args: Any) -> str:
    """Return the URL, or "" while the page behind it is not on the portal yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
