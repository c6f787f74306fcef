"""The start-up check: every page a reminder rule links to is a URL name the portal has."""

from django.core.checks import run_checks

from notifications.checks import rule_link_errors, url_name_exists
from notifications.rules import RULES, Rule


def nothing_due(today):
    return []


def test_every_registered_rule_links_to_pages_that_exist():
    assert rule_link_errors(RULES.values()) == []
    assert [e for e in run_checks() if e.id == "notifications.E001"] == []


def test_every_rule_declares_its_links():
    undeclared = sorted(kind for kind, rule_ in RULES.items() if not rule_.links)
    assert undeclared == []


def test_a_name_the_urlconf_does_not_know_is_an_error():
    broken = Rule(
        kind="test.broken",
        due=nothing_due,
        links=("settings:children:detail", "settings:children:no_such_page", "nowhere:at_all"),
    )

    errors = rule_link_errors([broken])

    assert [error.id for error in errors] == ["notifications.E001"] * 2
    assert "'settings:children:no_such_page'" in errors[0].msg
    assert "'nowhere:at_all'" in errors[1].msg


def test_url_names_are_found_whatever_their_arguments():
    assert url_name_exists("settings:children:detail")
    assert url_name_exists("settings:learning:tracker_edit")
    assert not url_name_exists("settings:children")
    assert not url_name_exists("detail")
