"""What the apps register in the workspace's slots, and who sees it.

Lower apps declare the slots (``accounts.navigation``, ``accounts.panels``); each app
registers its own items in ``AppConfig.ready`` and the workspace collects them.
"""

import pytest
from django.urls import reverse

from accounts.navigation import Place, nav_items
from accounts.panels import (
    HUB_SECTIONS,
    LANDING_PANELS,
    HubLink,
    HubSection,
    HubSlot,
    Panel,
    hub_sections_for,
)
from accounts.permissions import LANDING_PAGES, Action, setting_access_for


def test_the_menus_list_the_items_the_apps_registered_in_order():
    setting = [
        (item.label, item.url_name, [sub.url_name for sub in item.sub])
        for item in nav_items(Place.SETTING)
    ]
    la = [(item.label, item.url_name) for item in nav_items(Place.LA)]

    assert setting == [
        (
            "Overview",
            "",
            [
                "settings:overview",
                "settings:quality:overview",
                "settings:quality:plan_list",
                "settings:quality:visit_list",
            ],
        ),
        ("My key children", "settings:my_key_children", []),
        (
            "Children",
            "",
            ["settings:children:list", "settings:pep:setting_peps", "settings:eypp:plans"],
        ),
        ("Observe", "settings:learning:observation_add", []),
        ("Progress", "settings:learning:group", []),
        (
            "Safeguarding",
            "",
            [
                "settings:safeguarding:concern_list",
                "settings:safeguarding:concern_raise",
                "settings:safeguarding:visit_list",
                "settings:safeguarding:transfer_list",
                "settings:safeguarding:allegation_list",
                "settings:safeguarding:reads",
            ],
        ),
        (
            "Staff",
            "",
            [
                "settings:staff",
                "settings:keypersons:board",
                "settings:keypersons:caseloads",
                "settings:keypersons:training",
            ],
        ),
        ("Audit trail", "settings:audit", []),
    ]
    assert la == [
        ("Settings and users", "la:overview"),
        ("My settings", "la:my_settings"),
        ("Settings portfolio", "la_quality:portfolio"),
        ("PEP board", "la_pep:board"),
        ("Children in care cohort", "la_quality:cohort"),
        ("EYPP plans", "la_eypp:plans"),
        ("EYPP roll-up", "la_eypp:rollup"),
        ("EYPP rates", "la_eypp:rates"),
        ("Strategy action plan", "la_quality:strategy"),
        ("Audit trail", "la:audit"),
    ]


def test_learning_puts_a_childs_learning_pages_in_the_children_section():
    [section] = [item for item in nav_items(Place.SETTING) if item.label == "Children"]
    [children] = [item for item in section.sub if item.label == "Children"]

    assert children.owns("settings:learning:tracker")
    assert children.owns("settings:learning:check_pdf")
    assert not children.owns("settings:learning:group")


def test_the_panels_and_hub_sections_the_apps_registered():
    assert list(LANDING_PANELS) == ["pep.key_children", "safeguarding.concerns_waiting"]
    by_slot = {
        slot: [
            section.key
            for section in sorted(HUB_SECTIONS.values(), key=lambda section: section.order)
            if section.slot == slot
        ]
        for slot in HubSlot
    }
    assert by_slot == {
        HubSlot.SECTION: [
            "learning.progress",
            "pep.hub",
            "eypp.hub",
            "pep.meetings",
            "safeguarding.status",
            "safeguarding.raise",
        ],
        HubSlot.KEY_PERSON: ["keypersons.allocate"],
    }


def test_the_workspace_registers_each_roles_landing_page():
    assert LANDING_PAGES == {
        ("setting", "manager"): "settings:overview",
        ("setting", "*"): "settings:my_key_children",
        ("la", "la_admin"): "la:overview",
        ("la", "*"): "la:my_settings",
    }


# --- A panel shows for a viewer with its right, and costs nothing otherwise --------------


def _never_built(*args):
    raise AssertionError("a panel the viewer may not see is not built")


@pytest.fixture
def test_section(monkeypatch):
    """A hub section for managers (MANAGE_ROOMS), and one for nobody at a setting."""

    def links(access, child, on_setting_side):
        return [HubLink("A test link", "/test-link/", f" for {child}")]

    shown = HubSection("test.shown", "A test section", Action.MANAGE_ROOMS, 90, links)
    hidden = HubSection("test.hidden", "Never shown", Action.ADMINISTER_LA, 91, _never_built)
    monkeypatch.setitem(HUB_SECTIONS, shown.key, shown)
    monkeypatch.setitem(HUB_SECTIONS, hidden.key, hidden)


def test_a_hub_section_shows_for_a_viewer_with_its_right(
    client_as, manager, key_child, test_section
):
    url = reverse("settings:children:detail", args=[key_child.care_setting.slug, key_child.pk])
    page = client_as(manager).get(url).content.decode()

    assert '<h2 class="govuk-heading-m">A test section</h2>' in page
    assert "A test link" in page
    assert "Never shown" not in page


def test_a_hub_section_is_not_built_for_a_viewer_without_its_right(
    client_as, practitioner, key_child, test_section
):
    url = reverse("settings:children:detail", args=[key_child.care_setting.slug, key_child.pk])
    page = client_as(practitioner).get(url).content.decode()

    assert "A test section" not in page
    assert "Never shown" not in page
    # Learning's own section is there: a practitioner may read a child's progress.
    assert "Learning and progress" in page


def test_the_allocate_link_shows_only_at_the_setting_for_who_may_allocate(
    manager, practitioner, care_setting, key_child
):
    key_child.key_person = None
    for user, expected in ((manager, ["keypersons.allocate"]), (practitioner, [])):
        access = setting_access_for(user, care_setting.slug)
        shown = hub_sections_for(access, key_child, on_setting_side=True, slot=HubSlot.KEY_PERSON)
        assert [section.key for section in shown] == expected


@pytest.fixture
def test_panel(monkeypatch):
    shown = Panel(
        "test.shown", Action.VIEW_MY_KEY_CHILDREN, "workspace/_test_panel.html", lambda access: {}
    )
    hidden = Panel("test.hidden", Action.ADMINISTER_LA, "workspace/_never.html", _never_built)
    monkeypatch.setitem(LANDING_PANELS, shown.key, shown)
    monkeypatch.setitem(LANDING_PANELS, hidden.key, hidden)


def test_a_landing_panel_shows_for_who_may_see_it_and_is_not_built_otherwise(
    client_as, practitioner, dsl, care_setting, settings, tmp_path, test_panel
):
    (tmp_path / "workspace").mkdir()
    (tmp_path / "workspace" / "_test_panel.html").write_text("<p>A test panel</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    url = reverse("settings:my_key_children", args=[care_setting.slug])

    page = client_as(practitioner).get(url).content.decode()
    assert "A test panel" in page
    # The DSL's own panel, learning's, is for the DSL only.
    assert "Safeguarding concerns waiting for review" not in page
    assert "Safeguarding concerns waiting for review" in client_as(dsl).get(url).content.decode()
