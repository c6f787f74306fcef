"""What agency working puts on other pages at start-up (called from SafeguardingConfig.ready).

A section of the child's hub, at the setting, for readers of the safeguarding log: the
child's information sharing, the visits about them and who read their records. It shows
whether or not any record exists, so it reveals nothing.
"""

from typing import Any

from django.urls import reverse


def hub_links(access: Any, child: Any, on_setting_side: bool) -> list[Any]:
    """Return the section's links (no query): the setting's own pages about the child."""
    from accounts.panels import HubLink
    from accounts.permissions import Action, can

    if not on_setting_side or access.care_setting is None:
        return []
    slug = access.care_setting.slug

    def url(name: str, *args: Any) -> str:
        return reverse(f"settings:safeguarding:{name}", args=[slug, *args])

    links = [
        HubLink("Information sharing", url("share_list", child.pk)),
        HubLink("Agency visits", url("visit_list") + f"?child={child.pk}"),
    ]
    if can(access, Action.VIEW_SAFEGUARDING_READS):
        links.append(
            HubLink(f"Who read {child.known_as}'s records", url("reads") + f"?child={child.pk}")
        )
    return links


def ready() -> None:
    from accounts.panels import HubSection, register_hub_section
    from accounts.permissions import Action

    register_hub_section(
        HubSection(
            key="safeguarding.agency",
            heading="Agency working",
            action=Action.VIEW_CONCERNS,
            order=40,
            links=hub_links,
        )
    )
