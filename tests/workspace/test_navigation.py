"""The service navigation: the sections each person sees, and the one marked current."""

import re
from fnmatch import fnmatchcase

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Membership
from accounts.navigation import NavItem
from workspace.navigation import la_menu, setting_menu

MENU = re.compile(r'<nav aria-label="Menu".*?</nav>', re.S)
SUB_MENU = re.compile(r'<nav class="app-sub-navigation" aria-label="([^"]*)">(.*?)</nav>', re.S)
LINK = re.compile(
    r'<a class="[^"]*navigation__link" href="([^"]*)"( aria-current="(\w+)")?>\s*(.*?)\s*</a>',
    re.S,
)


def links(html: str) -> list[tuple[str, str, str]]:
    """Return (label, url, aria-current) of each link, tags stripped from the label."""
    return [
        (re.sub(r"<[^>]+>", "", label).strip(), url, current)
        for url, _, current, label in LINK.findall(html)
    ]


def menu(page: str) -> list[tuple[str, str, str]]:
    found = MENU.search(page)
    return links(found.group(0)) if found else []


def current_section(page: str) -> list[str]:
    return [label for label, _, current in menu(page) if current]


def sub_menu(page: str) -> tuple[str, list[tuple[str, str, str]]]:
    found = SUB_MENU.search(page)
    return (found.group(1), links(found.group(2))) if found else ("", [])


def get(client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "settings:children:detail",
        "settings:learning:tracker",
        "settings:learning:journey",
        "settings:learning:check",
        "settings:learning:assessment",
    ],
)
def test_a_childs_pages_are_in_the_children_section(client_as, manager, key_child, name):
    page = get(client_as(manager), name, key_child.care_setting.slug, key_child.pk)

    assert current_section(page) == ["Children"]


def test_the_children_list_is_the_page_of_its_section(client_as, manager, care_setting):
    page = get(client_as(manager), "settings:children:list", care_setting.slug)

    url = reverse("settings:children:list", args=[care_setting.slug])
    assert ("Children", url, "page") in menu(page)


@pytest.mark.parametrize("name", ["settings:children:rooms", "settings:children:room_add"])
def test_the_rooms_pages_are_in_the_children_section(client_as, manager, care_setting, name):
    page = get(client_as(manager), name, care_setting.slug)

    assert current_section(page) == ["Children"]


def test_a_key_person_on_a_key_childs_tracker_is_in_children_too(client_as, key_person, key_child):
    page = get(
        client_as(key_person),
        "settings:learning:tracker",
        key_child.care_setting.slug,
        key_child.pk,
    )

    assert current_section(page) == ["Children"]


def test_the_managers_menu_has_eight_sections_with_the_settings_support_in_the_overview(
    client_as, manager, care_setting
):
    page = get(client_as(manager), "settings:overview", care_setting.slug)

    assert [label for label, _, _ in menu(page)] == [
        "Overview",
        "My key children",
        "Children",
        "Observe",
        "Progress",
        "Safeguarding",
        "Staff",
        "Audit trail",
    ]
    assert current_section(page) == ["Overview"]
    label, items = sub_menu(page)
    assert label == "Overview"
    assert [(name, current) for name, _, current in items] == [
        ("Overview", "page"),
        ("Ofsted and support", ""),
        ("Action plans", ""),
        ("Notes of visit", ""),
    ]


def test_the_dsls_safeguarding_pages_share_a_sub_navigation(client_as, dsl, care_setting):
    slug = care_setting.slug
    page = get(client_as(dsl), "settings:safeguarding:visit_list", slug)

    assert current_section(page) == ["Safeguarding"]
    label, items = sub_menu(page)
    assert label == "Safeguarding"
    assert [(name, current) for name, _, current in items] == [
        ("Concerns", ""),
        ("Raise a concern", ""),
        ("Visitors", "page"),
        ("File transfers", ""),
        ("Allegations", ""),
        ("Who read what", ""),
    ]


def test_a_practitioner_sees_only_raise_a_concern_under_its_own_label(
    client_as, practitioner, care_setting
):
    page = get(client_as(practitioner), "settings:safeguarding:my_concerns", care_setting.slug)

    assert "Raise a concern" in [label for label, _, _ in menu(page)]
    assert "Safeguarding" not in [label for label, _, _ in menu(page)]
    assert current_section(page) == ["Raise a concern"]
    assert sub_menu(page) == ("", [])


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("settings:staff", "Staff"),
        ("settings:keypersons:board", "Key persons"),
        ("settings:keypersons:caseloads", "Caseloads"),
        ("settings:keypersons:training", "Training"),
    ],
)
def test_the_staff_pages_share_a_sub_navigation(client_as, manager, care_setting, name, current):
    slug = care_setting.slug
    page = get(client_as(manager), name, slug)

    assert current_section(page) == ["Staff"]
    label, items = sub_menu(page)
    assert label == "Staff"
    assert items == [
        ("Staff", reverse("settings:staff", args=[slug]), "page" if current == "Staff" else ""),
        (
            "Key persons",
            reverse("settings:keypersons:board", args=[slug]),
            "page" if current == "Key persons" else "",
        ),
        (
            "Caseloads",
            reverse("settings:keypersons:caseloads", args=[slug]),
            "page" if current == "Caseloads" else "",
        ),
        (
            "Training",
            reverse("settings:keypersons:training", args=[slug]),
            "page" if current == "Training" else "",
        ),
    ]


def test_a_page_within_a_sub_section_marks_it_without_claiming_to_be_it(
    client_as, manager, key_person, care_setting
):
    page = get(
        client_as(manager), "settings:keypersons:caseload", care_setting.slug, key_person.pk
    )

    _, items = sub_menu(page)
    assert [(label, current) for label, _, current in items if current] == [("Caseloads", "true")]
    assert [(label, current) for label, _, current in menu(page) if current] == [("Staff", "true")]


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("settings:staff_edit", "Staff"),
        ("settings:staff_deactivate", "Staff"),
        ("settings:staff_resend", "Staff"),
    ],
)
def test_changing_a_member_of_staff_is_in_the_staff_pages(
    client_as, manager, practitioner, care_setting, name, current
):
    page = get(client_as(manager), name, care_setting.slug, practitioner.pk)

    assert current_section(page) == ["Staff"]
    _, items = sub_menu(page)
    assert [(label, marked) for label, _, marked in items if marked] == [(current, "true")]


def test_the_limit_of_key_children_is_in_caseloads(client_as, manager, care_setting):
    page = get(client_as(manager), "settings:keypersons:caseload_limit", care_setting.slug)

    _, items = sub_menu(page)
    assert [(label, marked) for label, _, marked in items if marked] == [("Caseloads", "true")]


def test_the_la_users_pages_are_in_settings_and_users(client_as, la_admin, cic_advisor, home_la):
    client = client_as(la_admin)
    la_role = cic_advisor.la_roles.get()

    assert current_section(get(client, "la:users", home_la.slug)) == ["Settings and users"]
    for name in ("la:user_edit", "la:user_deactivate", "la:user_resend"):
        page = get(client, name, home_la.slug, la_role.pk)
        assert current_section(page) == ["Settings and users"], name


def test_the_la_admin_at_a_setting_sees_only_the_staff_pages_they_may_open(
    client_as, la_admin, care_setting
):
    slug = care_setting.slug
    page = get(client_as(la_admin), "settings:keypersons:training", slug)

    # "Children" holds the setting's EYPP list only: the LA administrator reads the plans
    # the setting sent to the LA (VIEW_EYPP), not the children's records.
    assert [label for label, _, _ in menu(page)] == [
        "Overview",
        "Children",
        "Staff",
        "Audit trail",
    ]
    assert ("Staff", reverse("settings:staff", args=[slug]), "true") in menu(page)
    assert [label for label, _, _ in sub_menu(page)[1]] == ["Staff", "Training"]


def test_a_practitioner_has_no_staff_section(client_as, practitioner, care_setting):
    page = get(client_as(practitioner), "settings:my_key_children", care_setting.slug)

    assert [label for label, _, _ in menu(page)] == [
        "My key children",
        "Children",
        "Observe",
        "Raise a concern",
    ]


def test_an_advisor_on_a_followed_childs_page_is_in_my_settings(client_as, cic_advisor, key_child):
    la = key_child.care_setting.local_authority
    page = get(client_as(cic_advisor), "la_children:detail", la.slug, key_child.pk)

    assert current_section(page) == ["My settings"]


# --- Pages that belong to no place -------------------------------------------------------


def test_the_notifications_keep_the_menu_of_the_setting_last_worked_in(
    client_as, manager, care_setting
):
    client = client_as(manager)
    get(client, "settings:children:list", care_setting.slug)

    page = get(client, "notifications:list")

    assert "You are working in </span>Acorn Day Nursery" in page
    assert [label for label, _, _ in menu(page)][:3] == ["Overview", "My key children", "Children"]
    assert current_section(page) == []


def test_the_notifications_keep_the_menu_of_the_la_last_worked_in(client_as, la_admin, home_la):
    client = client_as(la_admin)
    get(client, "la:overview", home_la.slug)

    page = get(client, "accounts:password_change")

    assert [label for label, _, _ in menu(page)] == [
        "Settings and users",
        "Settings portfolio",
        "Children in care cohort",
        "EYPP plans",
        "EYPP roll-up",
        "EYPP rates",
        "Strategy action plan",
        "Audit trail",
    ]


def test_a_place_no_longer_open_to_the_person_gives_no_menu(client_as, manager, care_setting):
    client = client_as(manager)
    get(client, "settings:overview", care_setting.slug)
    Membership.objects.filter(user=manager).update(is_active=False)

    page = get(client, "notifications:list")

    assert menu(page) == []
    assert "You are working in" not in page
    assert "navigation_place" not in client.session


def test_without_a_place_worked_in_the_notifications_have_no_menu(client_as, manager):
    page = get(client_as(manager), "notifications:list")

    assert menu(page) == []


# --- Every page belongs to a section ---------------------------------------------------


def view_names(resolver: URLResolver = None, namespace: str = "") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(view_names(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def owners(menu_items: tuple[NavItem, ...], view_name: str) -> list[str]:
    found = []
    for item in menu_items:
        for candidate in (item, *item.sub):
            if candidate.url_name and candidate.owns(view_name):
                found.append(candidate.label)
    return found


@pytest.mark.parametrize(
    ("prefix", "menu_items"),
    [("settings:*", setting_menu()), ("la:*", la_menu()), ("la_children:*", la_menu())],
)
def test_every_page_of_a_place_belongs_to_one_section(prefix, menu_items):
    pages = [name for name in view_names() if fnmatchcase(name, prefix)]

    assert pages
    unowned = [name for name in pages if len(owners(menu_items, name)) != 1]
    assert unowned == [], "register each page with one item's pages (accounts.navigation)"
