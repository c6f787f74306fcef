"""The PEPs on other pages: the key person's list on "My key children", the PEP section of
a child's hub, and the navigation to the PEP lists."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import la_access_for, setting_access_for
from pep.board.panels import hub_panel, key_children_panel
from pep.models import Pep
from tests.factories.accounts import ChildFactory
from tests.factories.pep import PepFactory

MENU = re.compile(r'<nav aria-label="Menu".*?</nav>', re.S)
SUB_MENU = re.compile(r'<nav class="app-sub-navigation" aria-label="([^"]*)">(.*?)</nav>', re.S)
LABEL = re.compile(
    r'<a class="[^"]*navigation__link" href="[^"]*"( aria-current="\w+")?>\s*(.*?)\s*</a>', re.S
)


def labels(html: str) -> list[tuple[str, bool]]:
    return [
        (re.sub(r"<[^>]+>", "", label).strip(), bool(current))
        for current, label in LABEL.findall(html)
    ]


def menu(page: str) -> list[tuple[str, bool]]:
    found = MENU.search(page)
    return labels(found.group(0)) if found else []


def sub_menu(page: str) -> tuple[str, list[tuple[str, bool]]]:
    found = SUB_MENU.search(page)
    return (found.group(1), labels(found.group(2))) if found else ("", [])


def key_child_of(person, care_setting, **pep_fields):
    child = ChildFactory(care_setting=care_setting, looked_after=True, key_person=person)
    return PepFactory(child=child, **pep_fields)


# --- "My key children" -------------------------------------------------------------------


def test_the_key_person_sees_the_peps_of_their_own_key_children(
    client_as, key_person, practitioner, key_pep, care_setting
):
    someone_elses = key_child_of(practitioner, care_setting)
    url = reverse("settings:my_key_children", args=[care_setting.slug])

    page = client_as(key_person).get(url).content.decode()

    assert "PEPs of my key children" in page
    assert f"{key_pep.child.known_as} {key_pep.child.last_name}" in page
    assert "Paperwork requested" in page
    assert (
        someone_elses.child.last_name
        not in page.split("PEPs of my key children")[1].split("</section>")[0]
    )


def test_a_key_person_without_looked_after_key_children_sees_no_pep_list(
    client_as, practitioner, care_setting
):
    page = (
        client_as(practitioner)
        .get(reverse("settings:my_key_children", args=[care_setting.slug]))
        .content.decode()
    )

    assert "PEPs of my key children" not in page


def test_a_signed_or_closed_pep_is_not_on_the_key_persons_list(
    key_person, care_setting, signed_pep
):
    access = setting_access_for(key_person, care_setting.slug)

    assert key_children_panel(access)["rows"] == []


@pytest.mark.parametrize("rows", [2, 12])
def test_the_key_persons_pep_list_is_one_query(
    rows, key_person, care_setting, django_assert_num_queries
):
    for n in range(rows):
        key_child_of(key_person, care_setting, due_on=timezone.localdate() + timedelta(days=n))
    access = setting_access_for(key_person, care_setting.slug)

    # the current PEPs of the key children, with child, setting and LAs and meeting date
    with django_assert_num_queries(1):
        panel = key_children_panel(access)

    assert len(panel["rows"]) == rows


# --- The child's hub -------------------------------------------------------------------------


def hub(client, child):
    return client.get(
        reverse("settings:children:detail", args=[child.care_setting.slug, child.pk])
    ).content.decode()


def test_the_hub_shows_the_current_pep_and_the_signed_ones(
    client_as, manager, key_pep, signed_pep
):
    page = hub(client_as(manager), key_pep.child)

    assert "Personal Education Plan (PEP)" in page
    section = page.split('id="hub-pep"')[1].split("</div>\n</div>")[0]
    assert "Initial PEP" in section
    assert "Paperwork requested" in section
    assert f"Due {key_pep.due_on:%-d %B %Y}" in section
    assert "Signed PEPs" in section
    assert f"signed off {timezone.localdate(signed_pep.signed_off_at):%-d %B %Y}" in section


def test_the_key_person_sees_the_pep_section_and_another_practitioner_does_not(
    client_as, key_person, practitioner, key_pep
):
    assert "Personal Education Plan (PEP)" in hub(client_as(key_person), key_pep.child)
    assert "Personal Education Plan (PEP)" not in hub(client_as(practitioner), key_pep.child)


def test_the_advisor_sees_the_pep_section_on_the_la_side(client_as, cic_advisor, key_pep, home_la):
    page = (
        client_as(cic_advisor)
        .get(reverse("la_children:detail", args=[home_la.slug, key_pep.child.pk]))
        .content.decode()
    )

    assert "Personal Education Plan (PEP)" in page
    assert "Paperwork requested" in page


def test_a_child_not_in_care_has_no_pep_section(client_as, manager, care_setting):
    child = ChildFactory(care_setting=care_setting)

    assert "Personal Education Plan (PEP)" not in hub(client_as(manager), child)


def test_a_looked_after_child_without_a_cycle_yet_is_told_so(client_as, manager, key_child):
    page = hub(client_as(manager), key_child)

    assert "has no PEP cycle open yet" in page


@pytest.mark.parametrize("rows", [2, 12])
def test_the_hub_pep_section_is_one_query(
    rows, manager, key_pep, care_setting, django_assert_num_queries
):
    for n in range(rows):
        PepFactory(
            child=key_pep.child,
            signed=True,
            opened_on=timezone.localdate() - timedelta(days=400 + n),
            due_on=timezone.localdate() - timedelta(days=380 + n),
        )
    PepFactory(
        child=key_pep.child,
        status=Pep.Status.CLOSED,
        is_current=False,
        closed_reason=Pep.ClosedReason.CHANGE_OF_SETTING,
    )
    access = setting_access_for(manager, care_setting.slug)

    # the child's current and signed PEPs, with the meeting date
    with django_assert_num_queries(1):
        panel = hub_panel(access, key_pep.child, True)

    assert panel["current"]["pep"] == key_pep
    assert len(panel["signed"]) == rows


def test_the_hub_pep_section_reads_the_same_on_the_la_side(cic_advisor, key_pep, home_la):
    access = la_access_for(cic_advisor, home_la.slug)

    panel = hub_panel(access, key_pep.child, False)

    assert panel["current"]["pep"] == key_pep
    assert panel["current"]["reading"].working_days > 0


# --- Navigation ----------------------------------------------------------------------------------


def test_the_settings_peps_are_in_the_children_section_with_a_sub_navigation(
    client_as, manager, care_setting
):
    page = (
        client_as(manager)
        .get(reverse("settings:pep:setting_peps", args=[care_setting.slug]))
        .content.decode()
    )

    assert [label for label, _ in menu(page)] == [
        "Overview",
        "My key children",
        "Children",
        "Observe",
        "Progress",
        "Safeguarding",
        "Staff",
        "Audit trail",
    ]
    assert [label for label, current in menu(page) if current] == ["Children"]
    # The setting's EYPP list joins the same section (eypp.review).
    assert sub_menu(page) == ("Children", [("Children", False), ("PEPs", True), ("EYPP", False)])


def test_the_dsl_reaches_the_settings_peps_from_the_children_section(client_as, dsl, care_setting):
    page = (
        client_as(dsl)
        .get(reverse("settings:children:list", args=[care_setting.slug]))
        .content.decode()
    )

    assert sub_menu(page) == ("Children", [("Children", True), ("PEPs", False), ("EYPP", False)])


def test_a_practitioner_has_no_peps_item(client_as, practitioner, care_setting):
    page = (
        client_as(practitioner)
        .get(reverse("settings:children:list", args=[care_setting.slug]))
        .content.decode()
    )

    assert sub_menu(page) == ("", [])
    assert "PEPs" not in [label for label, _ in menu(page)]


def test_the_cic_advisor_has_a_pep_board_item_and_the_improvement_advisor_none(
    client_as, cic_advisor, advisor, home_la
):
    url = reverse("la:my_settings", args=[home_la.slug])

    assert "PEP board" in [
        label for label, _ in menu(client_as(cic_advisor).get(url).content.decode())
    ]
    assert "PEP board" not in [
        label for label, _ in menu(client_as(advisor).get(url).content.decode())
    ]
