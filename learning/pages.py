"""Where a child's learning pages are, on the side the reader came from.

A setting's staff reach a child's progress under the setting
(/settings/<setting_slug>/learning/<child_id>/...); an LA advisor reaches the same pages,
read-only, under the LA (/la/<la_slug>/children/<child_id>/...). The views and templates
are shared: they link through a ``ChildPages``, never to one side by name.
"""

from dataclasses import dataclass

from django.urls import reverse

from accounts.permissions import Access
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
