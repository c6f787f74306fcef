"""What concerns put on other pages at start-up (called from SafeguardingConfig.ready)."""

from typing import Any


def _raise_url(access: Any, *, child: Any = None, observation: Any = None) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    query = {}
    if child is not None:
        query["child"] = child.pk
    if observation is not None:
        query["observation"] = observation.pk
    url = reverse("settings:safeguarding:concern_raise", args=[access.care_setting.slug])
    return f"{url}?{urlencode(query)}" if query else url


def hub_links(access: Any, child: Any, on_setting_side: bool) -> list[Any]:
    """The link to raise a concern about the child: for every child, to every member of staff.

    It is the same on every child's hub, so it says nothing of any concern.
    """
    from accounts.panels import HubLink

    if not on_setting_side or access.care_setting is None:
        return []
    return [
        HubLink(
            "Raise a safeguarding concern",
            _raise_url(access, child=child),
            f" about {child.known_as}",
        )
    ]


def raise_section(access: Any, child: Any, on_setting_side: bool) -> dict[str, Any] | None:
    """Show the raise-a-concern section to staff who do not read the log (None to the rest).

    Readers of the log find the same link in the "Safeguarding" section of the status part.
    """
    from accounts.permissions import Action, can

    return None if can(access, Action.VIEW_CONCERNS) else {}


def observation_url(access: Any, observation: Any, child: Any) -> str:
    return _raise_url(access, child=child, observation=observation)


def ready() -> None:
    from accounts.panels import HubSection, Panel, register_hub_section, register_landing_panel
    from accounts.permissions import Action
    from common.status_tags import register_status_tags
    from learning.journey import hooks as journey_hooks
    from learning.journey.links import ObservationLink, register_observation_link
    from safeguarding.concerns import services
    from safeguarding.concerns.selectors import concerns_waiting
    from safeguarding.concerns.status_tags import TAGS

    register_status_tags(TAGS)
    # The DSL lands on "My key children": the concerns waiting for them are shown there.
    register_landing_panel(
        Panel(
            key="safeguarding.concerns_waiting",
            action=Action.VIEW_CONCERNS,
            template="safeguarding/_concerns_panel.html",
            build=concerns_waiting,
        )
    )
    register_hub_section(
        HubSection(
            key="safeguarding.raise",
            heading="Safeguarding",
            action=Action.RAISE_CONCERN,
            order=90,
            links=hub_links,
            panel=raise_section,
        )
    )
    register_observation_link(
        ObservationLink(
            key="safeguarding.raise",
            label="Raise a safeguarding concern",
            action=Action.RAISE_CONCERN,
            url=observation_url,
        )
    )
    journey_hooks.on_concern_noted.register(services.concern_raise_from_observation)
