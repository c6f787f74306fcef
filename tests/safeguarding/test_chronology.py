"""The chronology: every source, dated and attributed, filtered; events entered by hand."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from safeguarding.chronology.build import WITHHELD, chronology_for, chronology_sources
from safeguarding.models import ChronologyEntry
from safeguarding.selectors import READ_VERB
from tests.factories.safeguarding import (
    ChronologyEntryFactory,
    ConcernActionFactory,
    ConcernFactory,
)
from tests.matrix.base import day_parts
from tests.safeguarding.chronology_world import (
    NOW,
    SECRET_THIRD_PARTY,
    SHAREABLE_THIRD_PARTY,
    TODAY,
    everything_about,
)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(key_child, care_setting, dsl):
    return everything_about(key_child, care_setting=care_setting, dsl=dsl)


def url(name, child, *args):
    return reverse(
        f"settings:safeguarding:{name}", args=[child.care_setting.slug, child.pk, *args]
    )


def titles(entries):
    return [entry.title for entry in entries]


def test_the_chronology_has_an_entry_from_every_source_dated_and_attributed(world, care_setting):
    entries = chronology_for(care_setting=care_setting, child=world.child)

    assert {entry.source for entry in entries} == {key for key, _ in chronology_sources()}
    assert {
        "concerns",
        "status",
        "agencies",
        "entries",
        "transfers",
        "record",
        "meetings",
    } <= {key for key, _ in chronology_sources()}
    assert [entry.on for entry in entries] == sorted(entry.on for entry in entries)
    found = titles(entries)
    for expected in (
        "Moved from Little Stars Nursery to Acorn Day Nursery",
        "Concern C-",
        "Outcome of C-",
        "Contact with another agency on C-",
        "Child protection plan started (Neglect)",
        "Initial child protection conference",
        "Visit from Northshire Healthy Child Programme",
        "Information shared with Northshire Children's Services",
        "Information shared with the setting by Northshire Police",
        "Mother moved out of the family home",
        "PEP meeting held",
        "Safeguarding file sent to Hill Top Nursery",
    ):
        assert any(title.startswith(expected) for title in found), (expected, found)
    own = [entry for entry in entries if entry.source not in ("record", "meetings")]
    assert all(entry.by for entry in own), [entry for entry in own if not entry.by]
    assert "Dana Safeguarding" in {entry.by for entry in own}


def test_an_ended_status_is_attributed_to_who_ended_it_with_the_reason(
    key_child, care_setting, dsl, manager
):
    from tests.factories.safeguarding import SafeguardingStatusFactory

    SafeguardingStatusFactory(
        child=key_child,
        recorded_by=dsl,
        ended_on=TODAY,
        ended_by=manager,
        end_reason="Stepped down at the review conference",
    )

    ended = [
        entry
        for entry in chronology_for(care_setting=care_setting, child=key_child)
        if entry.title.endswith("ended")
    ]

    assert [(entry.by, entry.detail) for entry in ended] == [
        ("Mary Manager", "Stepped down at the review conference")
    ]


def test_a_file_received_from_another_setting_is_in_the_receivers_chronology(
    key_child, care_setting, other_setting, dsl
):
    from tests.factories.safeguarding import TransferFactory

    TransferFactory(
        child=key_child,
        from_setting=other_setting,
        to_setting=care_setting,
        destination="",
        sent=True,
    )

    found = titles(
        chronology_for(care_setting=care_setting, child=key_child, sources={"transfers"})
    )

    assert found == ["Safeguarding file received from Riverside Pre-school"]


def test_onward_withholds_third_party_content_without_consent_and_keeps_the_rest(
    world, care_setting
):
    inside = chronology_for(care_setting=care_setting, child=world.child)
    onward = chronology_for(care_setting=care_setting, child=world.child, onward=True)

    inside_details = " ".join(entry.detail for entry in inside)
    onward_details = " ".join(entry.detail for entry in onward)
    assert SECRET_THIRD_PARTY in inside_details
    assert SECRET_THIRD_PARTY not in onward_details
    assert WITHHELD in onward_details
    assert SHAREABLE_THIRD_PARTY in onward_details


def test_the_page_lists_every_entry_and_says_where_each_came_from(client_as, dsl, world):
    page = client_as(dsl).get(url("chronology", world.child)).content.decode()

    assert "Mother moved out of the family home" in page
    assert "Agency visits and information sharing" in page
    assert "PEP meetings and looked-after reviews" in page
    assert "Third-party information" in page
    # Inside the setting the DSL reads what the other agency shared.
    assert SECRET_THIRD_PARTY in page


def test_the_filter_by_source_and_dates_narrows_the_page_and_the_pdf_link_keeps_it(
    client_as, dsl, world
):
    days = world.days
    query = {
        "sources": ["concerns", "entries"],
        **day_parts("since", days["action"]),
        **day_parts("until", days["event"]),
    }

    response = client_as(dsl).get(url("chronology", world.child), query)

    page = response.content.decode()
    assert "Mother moved out of the family home" in page
    assert "Contact with another agency on C-" in page
    assert "Concern C-" not in page.replace("Contact with another agency on C-", "")
    assert "PEP meeting held" not in page
    assert "Visit from" not in page
    pdf_url = response.context["pdf_url"]
    assert pdf_url.startswith(url("chronology_pdf", world.child) + "?")
    assert "sources=concerns" in pdf_url and "since_0=" in pdf_url


def test_a_wrong_date_in_the_filter_is_explained_and_what_was_typed_is_kept(client_as, dsl, world):
    response = client_as(dsl).get(
        url("chronology", world.child),
        {"since_0": "31", "since_1": "2", "since_2": "2026", "until_0": "x"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The date from must be a real date" in page
    assert 'value="31"' in page
    # The chronology is still shown, unfiltered.
    assert "Mother moved out of the family home" in page


def test_a_date_to_before_the_date_from_is_refused(client_as, dsl, world):
    response = client_as(dsl).get(
        url("chronology", world.child),
        {**day_parts("since", TODAY), **day_parts("until", world.days["event"])},
    )

    assert "The date to must be the same as or after the date from" in response.content.decode()


def test_reading_the_chronology_is_in_the_trail_of_reads(client_as, dsl, world):
    client_as(dsl).get(url("chronology", world.child))

    read = AuditEvent.objects.get(verb=READ_VERB)
    assert read.changes == {"page": "Chronology"}
    assert read.restricted_to == "view_concerns"


def test_the_dsl_adds_an_event_once_however_often_the_form_is_sent(client_as, dsl, key_child):
    client = client_as(dsl)
    form = client.get(url("chronology_entry_add", key_child)).context["form"]
    token = str(form["submission_token"].value())
    data = {
        "submission_token": token,
        **day_parts("occurred_on", TODAY),
        "kind": "health",
        "title": "Burn on the hand",
        "detail": "Said it was the oven door.",
    }

    first = client.post(url("chronology_entry_add", key_child), data)
    second = client.post(url("chronology_entry_add", key_child), data)

    assert first.status_code == second.status_code == 302
    entry = ChronologyEntry.objects.get()
    assert (entry.title, entry.recorded_by, entry.care_setting) == (
        "Burn on the hand",
        dsl,
        key_child.care_setting,
    )
    assert AuditEvent.objects.filter(verb="safeguarding.entry_added").count() == 1


def test_an_event_with_errors_comes_back_as_typed(client_as, dsl, key_child):
    response = client_as(dsl).post(
        url("chronology_entry_add", key_child),
        {
            **day_parts("occurred_on", TODAY.replace(year=TODAY.year + 1)),
            "kind": "nonsense",
            "title": "Fell over in the garden, typed in full",
            "detail": "Details kept",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the kinds shown" in page
    assert "Fell over in the garden, typed in full" in page
    assert "Details kept" in page
    assert not ChronologyEntry.objects.exists()


def test_an_event_in_the_future_is_refused(client_as, dsl, key_child):
    response = client_as(dsl).post(
        url("chronology_entry_add", key_child),
        {
            **day_parts("occurred_on", TODAY.replace(year=TODAY.year + 1)),
            "kind": "health",
            "title": "Not yet",
        },
    )

    assert "The date of the event must be today or in the past" in response.content.decode()
    assert not ChronologyEntry.objects.exists()


def test_changing_an_event_someone_else_changed_is_refused_and_keeps_what_was_typed(
    client_as, dsl, manager, key_child
):
    entry = ChronologyEntryFactory(child=key_child, recorded_by=dsl)
    edit_url = reverse(
        "settings:safeguarding:chronology_entry_edit",
        args=[key_child.care_setting.slug, entry.pk],
    )
    data = {
        "version": str(entry.version),
        **day_parts("occurred_on", entry.occurred_on),
        "kind": entry.kind,
        "title": "Father moved out",
        "detail": entry.detail,
    }
    client_as(manager).post(edit_url, {**data, "title": "Grandmother moved in"})

    response = client_as(dsl).post(edit_url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in page
    assert "Father moved out" in page and "Grandmother moved in" in page
    entry.refresh_from_db()
    assert entry.title == "Grandmother moved in"


@pytest.mark.parametrize("persona", ["practitioner", "key_person", "cic_advisor", "la_admin"])
def test_every_chronology_page_is_not_found_to_people_without_the_right(
    request, client_as, persona, key_child
):
    entry = ChronologyEntryFactory(child=key_child)
    client = client_as(request.getfixturevalue(persona))
    slug = key_child.care_setting.slug
    urls = [
        url("chronology", key_child),
        url("chronology_pdf", key_child),
        url("chronology_entry_add", key_child),
        reverse("settings:safeguarding:chronology_entry_edit", args=[slug, entry.pk]),
    ]

    assert [client.get(page).status_code for page in urls] == [404] * len(urls)
    assert client.post(urls[2], {"title": "x"}).status_code == 404
    assert ChronologyEntry.objects.count() == 1


def test_made_up_ids_are_not_found(client_as, dsl, care_setting, other_setting):
    from tests.factories.accounts import ChildFactory

    elsewhere = ChildFactory(care_setting=other_setting)
    foreign_entry = ChronologyEntryFactory(child=elsewhere)
    client = client_as(dsl)
    slug = care_setting.slug

    for page in (
        reverse("settings:safeguarding:chronology", args=[slug, 999999]),
        reverse("settings:safeguarding:chronology", args=[slug, elsewhere.pk]),
        reverse("settings:safeguarding:chronology_pdf", args=[slug, elsewhere.pk]),
        reverse("settings:safeguarding:chronology_entry_edit", args=[slug, 999999]),
        reverse("settings:safeguarding:chronology_entry_edit", args=[slug, foreign_entry.pk]),
    ):
        assert client.get(page).status_code == 404, page


def test_entries_of_one_day_are_in_the_order_they_happened(key_child, care_setting, dsl):
    """A concern comes before the DSL's action on it and its outcome, recorded later that day."""
    concern = ConcernFactory(
        child=key_child,
        occurred_at=NOW - timedelta(hours=3),
        raised_at=NOW - timedelta(hours=3),
        referred=True,
        outcome_at=NOW - timedelta(minutes=5),
    )
    ConcernActionFactory(
        concern=concern, by=dsl, taken_on=TODAY, recorded_at=NOW - timedelta(hours=1)
    )

    entries = chronology_for(care_setting=care_setting, child=key_child, sources={"concerns"})

    assert titles(entries) == [
        f"Concern {concern.reference} raised (Physical abuse)",
        f"Decision on {concern.reference}",
        f"Outcome of {concern.reference}: Referral to children's social care "
        "(reference MASH-2026-0412)",
    ]
