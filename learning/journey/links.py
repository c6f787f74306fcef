"""Links other apps put on an observation, without learning naming them.

A higher app registers an ``ObservationLink`` at start-up; the journey shows each link the
reader may follow (``action``) on every observation, on the setting's side only (never to
an LA reader, never in an export of the journey).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.panels import HubLink
from accounts.permissions import Access, Action, can


@dataclass(frozen=True)
class ObservationLink:
    key: str
    label: str
    action: Action
    # (access, observation, the child whose journey it is or None) -> the URL; no query.
    url: Callable[[Access, Any, Any], str]


OBSERVATION_LINKS: dict[str, ObservationLink] = {}


def register_observation_link(link: ObservationLink) -> ObservationLink:
    """Add the link to every observation; a key may be registered only once."""
    if link.key in OBSERVATION_LINKS and OBSERVATION_LINKS[link.key] != link:
        raise ValueError(f"An observation link {link.key!r} is already registered")
    OBSERVATION_LINKS[link.key] = link
    return link


def links_allowed(access: Access) -> list[ObservationLink]:
    """Return the links the access may follow on observations (at a setting only)."""
    if access.care_setting is None:
        return []
    return [link for link in OBSERVATION_LINKS.values() if can(access, link.action)]


def observation_links(
    links: list[ObservationLink], access: Access, observation: Any, child: Any = None
) -> list[HubLink]:
    """Return the links of one observation, each with the observation's date for readers."""
    hidden = f" from the observation of {observation.observed_on:%-d %B %Y}"
    return [HubLink(link.label, link.url(access, observation, child), hidden) for link in links]
