"""Choosing a key person shows each person's caseload, and warns past the setting's limit.

The picker on a child's allocation page and on the board names each member of staff with
their current key children on roll at the setting (and how many of them are looked after).
Past the setting's limit it warns (GOV.UK warning text) but never refuses: the manager
decides. The manager keeps the limit on its own small page.
"""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareSetting
from common.models import AuditEvent
from keypersons import services
from keypersons.models import KeyPersonAllocation
from tests.concurrency import rendered_fields
from tests.factories.accounts import ChildFactory, MembershipFactory

Kind = KeyPersonAllocation.Kind


def url(name: str, care_setting, *args) -> str:
    return reverse(f"settings:keypersons:{name}", args=[care_setting.slug, *args])


def text_of(response) -> str:
    return unescape(" ".join(response.content.decode().split()))


def options_of(response) -> list[str]:
    """Return the labels of the staff picker's options, as a person reads them."""
    select = re.search(r'<select name="staff".*?</select>', response.content.decode(), re.S)
    assert select, "No staff picker on the page"
    return [
        unescape(" ".join(label.split()))
        for label in re.findall(r"<option[^>]*>(.*?)</option>", select.group(0), re.S)
    ]


def warning_of(response) -> str:
    texts = re.findall(
        r'<strong class="govuk-warning-text__text">(.*?)</strong>',
        response.content.decode(),
        re.S,
    )
    return " / ".join(unescape(" ".join(re.sub(r"<[^>]+>", " ", text).split())) for text in texts)


def allocate(client, allocate_url: str, data: dict):
    """Post the allocation form as the browser does: with the allocations the page showed."""
    return client.post(
        allocate_url, {**rendered_fields(client, allocate_url), **data}, follow=True
    )


def set_limit(care_setting: CareSetting, limit: int) -> None:
    CareSetting.objects.filter(pk=care_setting.pk).update(key_children_limit=limit)


@pytest.fixture
def caseloads(manager, care_setting, key_person, key_child, practitioner):
    """Kim has two key children (one looked after) and buddies one more; Priya has none.

    Neither a child who has left nor a child at another setting counts.
    """
    services.key_person_allocate(
        by=manager, child=ChildFactory(care_setting=care_setting), staff=key_person
    )
    buddied = ChildFactory(care_setting=care_setting)
    services.key_person_allocate(by=manager, child=buddied, staff=practitioner)
    services.key_person_allocate(by=manager, child=buddied, staff=key_person, kind=Kind.BUDDY)
    left = ChildFactory(care_setting=care_setting)
    services.key_person_allocate(by=manager, child=left, staff=key_person)
    left.leave_date = timezone.localdate() - timedelta(days=1)
    left.save(update_fields=["leave_date"])
    elsewhere = ChildFactory()
    MembershipFactory(user=key_person, care_setting=elsewhere.care_setting)
    KeyPersonAllocation.objects.create(
        child=elsewhere, staff=key_person, starts_on=elsewhere.start_date
    )
    return ChildFactory(care_setting=care_setting, first_name="Nia", last_name="New")


def test_the_allocation_picker_shows_each_persons_key_children_and_looked_after_ones(
    client_as, manager, care_setting, caseloads
):
    response = client_as(manager).get(url("allocate", care_setting, caseloads.pk))

    assert options_of(response) == [
        "Choose a member of staff",
        "Kim Keyperson — 2 key children, 1 looked after",
        "Mary Manager — no key children",
        "Priya Practitioner — 1 key child",
    ]
    assert warning_of(response) == ""


def test_the_picker_warns_about_staff_at_the_limit_but_still_offers_them(
    client_as, manager, care_setting, caseloads
):
    set_limit(care_setting, 2)

    response = client_as(manager).get(url("allocate", care_setting, caseloads.pk))

    assert "Kim Keyperson — 2 key children, 1 looked after (at the limit of 2)" in options_of(
        response
    )
    assert warning_of(response) == (
        "Warning The setting's limit is 2 key children for each key person. Already at or "
        "over it: Kim Keyperson (2 key children). You can still choose them."
    )


def test_allocating_past_the_limit_is_saved_and_says_so(
    client_as, manager, care_setting, key_person, caseloads
):
    set_limit(care_setting, 2)
    client = client_as(manager)

    response = allocate(
        client,
        url("allocate", care_setting, caseloads.pk),
        {"kind": Kind.KEY_PERSON, "staff": key_person.pk},
    )

    caseloads.refresh_from_db()
    assert caseloads.key_person == key_person
    page = text_of(response)
    assert (
        "Kim Keyperson is now Nia's key person. They now have 3 key children, "
        "over the setting's limit of 2." in page
    )
    assert "Kim Keyperson — 3 key children, 1 looked after (over the limit of 2)" in (
        options_of(response)
    )


def test_the_board_picker_shows_caseloads_and_warns_past_the_limit(
    client_as, manager, care_setting, caseloads
):
    set_limit(care_setting, 1)

    response = client_as(manager).get(url("board", care_setting))

    assert options_of(response)[1:] == [
        "Kim Keyperson — 2 key children, 1 looked after (over the limit of 1)",
        "Mary Manager — no key children",
        "Priya Practitioner — 1 key child (at the limit of 1)",
    ]
    assert warning_of(response).endswith(
        " / Warning The setting's limit is 1 key child for each key person. Already at or "
        "over it: Kim Keyperson (2 key children) and Priya Practitioner (1 key child). "
        "You can still choose them."
    )


def test_a_bulk_allocation_past_the_limit_is_saved_and_says_so(
    client_as, manager, care_setting, practitioner, caseloads
):
    set_limit(care_setting, 2)
    intake = ChildFactory.create_batch(2, care_setting=care_setting)

    response = client_as(manager).post(
        url("board", care_setting),
        {"children": [c.pk for c in intake], "staff": practitioner.pk, "reason": "New intake"},
        follow=True,
    )

    assert (
        "Priya Practitioner is now the key person of 2 more children. They now have 3 key "
        "children, over the setting's limit of 2." in text_of(response)
    )


def test_staying_within_the_limit_adds_nothing_to_the_message(
    client_as, manager, care_setting, practitioner, caseloads
):
    response = allocate(
        client_as(manager),
        url("allocate", care_setting, caseloads.pk),
        {"kind": Kind.KEY_PERSON, "staff": practitioner.pk},
    )

    page = text_of(response)
    assert "Priya Practitioner is now Nia's key person." in page
    assert "limit" not in page.split("Priya Practitioner is now Nia's key person.")[1][:40]


# --- The limit ---------------------------------------------------------------------------


def test_a_new_setting_warns_past_eight_key_children(care_setting):
    assert care_setting.key_children_limit == 8


def test_the_caseloads_page_shows_the_limit_and_who_is_past_it(
    client_as, manager, care_setting, caseloads
):
    set_limit(care_setting, 1)

    page = text_of(client_as(manager).get(url("caseloads", care_setting)))

    assert "The setting's limit is 1 key child for each key person." in page
    assert "Change the limit" in page
    assert page.count("Over the limit") == 1
    assert page.count("At the limit") == 1


def test_the_manager_changes_the_limit_and_it_is_audited(client_as, manager, care_setting):
    client = client_as(manager)
    form = client.get(url("caseload_limit", care_setting))
    assert form.status_code == 200
    assert form.context["form"]["limit"].value() == 8

    response = client.post(url("caseload_limit", care_setting), {"limit": "6", "version": "1"})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == url("caseloads", care_setting)
    care_setting.refresh_from_db()
    assert care_setting.key_children_limit == 6
    event = AuditEvent.objects.get(verb="setting.key_children_limit_changed")
    assert (event.actor, event.care_setting, event.changes) == (
        manager,
        care_setting,
        {"key_children_limit": [8, 6]},
    )
    assert "The limit is now 6 key children for each key person." in text_of(
        client.get(url("caseloads", care_setting))
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the most key children for one key person"),
        ("six", "Enter the limit as a whole number, like 8"),
        ("0", "The limit must be at least 1"),
        ("31", "The limit must be 30 or fewer"),
        ("99999999999999999999", "The limit must be 30 or fewer"),
    ],
)
def test_a_limit_that_is_not_a_sensible_number_is_explained_and_kept(
    client_as, manager, care_setting, typed, message
):
    response = client_as(manager).post(
        url("caseload_limit", care_setting), {"limit": typed, "version": "1"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert f'value="{typed}"' in page or typed == ""
    care_setting.refresh_from_db()
    assert care_setting.key_children_limit == 8
    assert not AuditEvent.objects.filter(verb="setting.key_children_limit_changed").exists()


def test_a_limit_changed_by_someone_else_meanwhile_is_explained_not_overwritten(
    client_as, manager, care_setting
):
    client = client_as(manager)
    # Another manager saves 10 after this one opened the page at 8 (version 1).
    client.post(url("caseload_limit", care_setting), {"limit": "10", "version": "1"})

    response = client.post(url("caseload_limit", care_setting), {"limit": "6", "version": "1"})

    assert response.status_code == 200
    page = text_of(response)
    assert (
        "Someone else changed the limit while you were editing it. Yours has not been saved: "
        "check what is saved now and save again." in page
    )
    assert response.context["conflict"] == [("Most key children for one key person", "10", "6")]
    assert 'value="6"' in page
    assert 'name="version" value="2"' in page
    care_setting.refresh_from_db()
    assert (care_setting.key_children_limit, care_setting.version) == (10, 2)


def test_the_same_limit_sent_twice_is_saved_once(client_as, manager, care_setting):
    client = client_as(manager)

    client.post(url("caseload_limit", care_setting), {"limit": "6", "version": "1"})
    response = client.post(
        url("caseload_limit", care_setting), {"limit": "6", "version": "1"}, follow=True
    )

    assert "The limit is unchanged: 6 key children for each key person." in text_of(response)
    care_setting.refresh_from_db()
    assert (care_setting.key_children_limit, care_setting.version) == (6, 2)
    assert AuditEvent.objects.filter(verb="setting.key_children_limit_changed").count() == 1


def test_saving_the_same_limit_says_nothing_changed(client_as, manager, care_setting):
    client = client_as(manager)

    response = client.post(
        url("caseload_limit", care_setting), {"limit": "8", "version": "1"}, follow=True
    )

    assert "The limit is unchanged: 8 key children for each key person." in text_of(response)
    assert not AuditEvent.objects.filter(verb="setting.key_children_limit_changed").exists()
