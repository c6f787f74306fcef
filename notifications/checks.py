"""Start-up checks of the reminder rules: every page a rule links to is in the URLconf."""

from collections.abc import Iterable
from typing import Any

from django.core.checks import Error, register
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from notifications.rules import RULES, Rule


def url_name_exists(name: str, resolver: URLResolver | None = None) -> bool:
    """Return whether ``name`` ("namespace:...:name") names a URL pattern, whatever its args."""
    resolver = resolver if resolver is not None else get_resolver()
    *namespaces, view_name = name.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return view_name in resolver.reverse_dict


def rule_link_errors(rules: Iterable[Rule]) -> list[Error]:
    return [
        Error(
            f"The reminder rule {rule_.kind!r} links to {name!r}, which is not a URL name",
            hint="Correct the name in the rule's links=(...) and in its first_url(...) call.",
            obj=rule_.due,
            id="notifications.E001",
        )
        for rule_ in rules
        for name in rule_.links
        if not url_name_exists(name)
    ]


@register()
def check_rule_links(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every URL name a registered reminder rule links to must exist."""
    return rule_link_errors(RULES.values())
