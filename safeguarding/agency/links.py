"""Agency working's links on the child's hub, in the "Safeguarding" section of its readers.

The child's information sharing, the visits about them and who read their records: shown
whether or not any record exists, so they reveal nothing.
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
