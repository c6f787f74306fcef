"""Rooms are a list the manager keeps per setting, so a typo cannot make a new room."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from accounts.permissions import setting_access_for
from children import services
from children.forms import ChildAddForm, ChildFilterForm, RoomForm
from children.models import Child, Room
from children.selectors import child_list_for, rooms_for
from common.models import AuditEvent
from common.submissions import ALREADY_SAVED_MESSAGE, TOKEN_FIELD
from learning.tracker.forms import GroupFilterForm
from tests.children.helpers import TODAY, child_data
from tests.concurrency import hidden_fields
from tests.factories.accounts import CareSettingFactory, ChildFactory, RoomFactory


def rooms_url(care_setting) -> str:
    return reverse("settings:children:rooms", args=[care_setting.slug])


def room_url(room: Room) -> str:
    return reverse("settings:children:room_edit", args=[room.care_setting.slug, room.pk])


# --- The list of rooms ---------------------------------------------------------------


def test_a_room_name_is_unique_in_a_setting_whatever_the_case(care_setting):
    RoomFactory(care_setting=care_setting, name="Ladybirds")

    with pytest.raises(IntegrityError):
        RoomFactory(care_setting=care_setting, name="LADYBIRDS")


def test_another_setting_may_have_a_room_of_the_same_name(care_setting):
    RoomFactory(care_setting=care_setting, name="Ladybirds")

    form = RoomForm({"name": "Ladybirds"}, care_setting=CareSettingFactory())

    assert form.is_valid(), form.errors


def test_a_room_name_typed_again_with_other_case_or_spaces_is_refused(care_setting):
    RoomFactory(care_setting=care_setting, name="Ladybirds")

    form = RoomForm({"name": "  ladybirds "}, care_setting=care_setting)

    assert not form.is_valid()
    assert form.errors["name"] == ["There is already a room called Ladybirds"]


def test_an_age_range_must_run_upwards(care_setting):
    form = RoomForm(
        {"name": "Toddlers", "min_age_months": "36", "max_age_months": "24"},
        care_setting=care_setting,
    )

    assert not form.is_valid()
    assert form.errors["max_age_months"] == ["Up to age must be more than the from age, 36 months"]


def test_a_manager_adds_a_room_and_it_is_offered_when_adding_a_child(
    client_as, manager, care_setting
):
    client = client_as(manager)

    response = client.post(
        reverse("settings:children:room_add", args=[care_setting.slug]),
        {"name": " Caterpillars ", "min_age_months": "24", "max_age_months": "36"},
    )

    room = Room.objects.get(care_setting=care_setting)
    assert response.status_code == 302 and response["Location"] == rooms_url(care_setting)
    assert (room.name, room.min_age_months, room.max_age_months) == ("Caterpillars", 24, 36)
    assert AuditEvent.objects.filter(verb="room.added", care_setting=care_setting).exists()
    listing = client.get(rooms_url(care_setting)).content.decode()
    assert "Caterpillars" in listing and "24 to 36 months" in listing
    add_page = client.get(reverse("settings:children:add", args=[care_setting.slug]))
    assert f'<option value="{room.pk}">Caterpillars (24 to 36 months)</option>' in (
        add_page.content.decode()
    )


def test_a_manager_renames_a_room_and_every_child_in_it_moves_with_it(
    client_as, manager, care_setting
):
    room = RoomFactory(care_setting=care_setting, name="Catterpillars")
    child = ChildFactory(care_setting=care_setting, room=room, first_name="Bea")
    client = client_as(manager)

    response = client.post(
        room_url(room), {"version": "1", "name": "Caterpillars", "order": str(room.order)}
    )

    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.version) == ("Caterpillars", 2)
    assert Child.objects.get(pk=child.pk).room == room
    event = AuditEvent.objects.get(verb="room.changed")
    assert event.changes["name"] == ["Catterpillars", "Caterpillars"]
    listing = client.get(reverse("settings:children:list", args=[care_setting.slug]))
    assert "Caterpillars" in listing.content.decode()
    assert "Catterpillars" not in listing.content.decode()


def test_a_rename_over_someone_elses_save_is_refused_and_keeps_what_was_typed(
    client_as, manager, care_setting
):
    room = RoomFactory(care_setting=care_setting, name="Owls")
    Room.objects.filter(pk=room.pk).update(name="Barn owls", version=2)

    response = client_as(manager).post(
        room_url(room), {"version": "1", "name": "Little owls", "order": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this room while you were editing it." in html
    assert 'value="Little owls"' in html and 'name="version" value="2"' in html
    room.refresh_from_db()
    assert (room.name, room.version) == ("Barn owls", 2)


def test_a_room_change_over_someone_elses_shows_what_the_room_says_now(
    client_as, manager, care_setting
):
    room = RoomFactory(care_setting=care_setting, name="Owls", max_age_months=24)
    Room.objects.filter(pk=room.pk).update(name="Barn owls", version=2)

    response = client_as(manager).post(
        room_url(room),
        {"version": "1", "name": "Little owls", "max_age_months": "24", "order": str(room.order)},
    )

    assert response.context["conflict"] == [("Name", "Barn owls", "Little owls")]
    assert "What the record says now" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="room.changed").exists()


def test_the_same_room_change_sent_twice_is_saved_once_without_a_conflict(
    client_as, manager, care_setting
):
    room = RoomFactory(care_setting=care_setting, name="Owls")
    client = client_as(manager)
    data = {"version": "1", "name": "Little owls", "order": str(room.order)}

    responses = [client.post(room_url(room), data), client.post(room_url(room), data)]

    assert [response.status_code for response in responses] == [302, 302]
    room.refresh_from_db()
    assert (room.name, room.version) == ("Little owls", 2)
    assert AuditEvent.objects.filter(verb="room.changed").count() == 1


def test_the_same_add_a_room_form_sent_twice_adds_the_room_once(client_as, manager, care_setting):
    client = client_as(manager)
    add_url = reverse("settings:children:room_add", args=[care_setting.slug])
    token = hidden_fields(client.get(add_url))[TOKEN_FIELD]
    data = {TOKEN_FIELD: token, "name": "Hedgehogs"}

    first, second = client.post(add_url, data), client.post(add_url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == rooms_url(care_setting)
    assert Room.objects.filter(care_setting=care_setting).count() == 1
    assert AuditEvent.objects.filter(verb="room.added").count() == 1
    listing = client.get(rooms_url(care_setting)).content.decode()
    assert ALREADY_SAVED_MESSAGE in listing


def test_a_room_name_taken_as_the_room_is_saved_is_refused_on_the_name(manager, care_setting):
    RoomFactory(care_setting=care_setting, name="Hedgehogs")
    owls = RoomFactory(care_setting=care_setting, name="Owls")

    with pytest.raises(ValidationError) as added:
        services.room_add(care_setting=care_setting, by=manager, name="hedgehogs")
    with pytest.raises(ValidationError) as renamed:
        services.room_update(
            room=owls, by=manager, version=1, today=TODAY, name="HEDGEHOGS", order=owls.order
        )

    taken = {"name": ["There is already a room called Hedgehogs"]}
    assert (added.value.message_dict, renamed.value.message_dict) == (taken, taken)
    assert Room.objects.filter(care_setting=care_setting).count() == 2
    assert Room.objects.get(pk=owls.pk).name == "Owls"


def test_an_archived_room_is_no_longer_offered_but_stays_with_children_who_left(
    client_as, manager, care_setting
):
    room = RoomFactory(care_setting=care_setting, name="Baby room")
    leaver = ChildFactory(care_setting=care_setting, room=room, leave_date=date(2026, 3, 1))
    client = client_as(manager)

    response = client.post(
        room_url(room), {"version": "1", "name": "Baby room", "order": "1", "archived": "on"}
    )

    assert response.status_code == 302
    room.refresh_from_db()
    assert not room.is_active
    assert Child.objects.get(pk=leaver.pk).room == room
    listing = client.get(rooms_url(care_setting)).content.decode()
    assert "Baby room has been archived." in listing
    assert "Archived rooms" in listing and "Baby room" in listing
    add_page = client.get(reverse("settings:children:add", args=[care_setting.slug]))
    assert "Baby room" not in add_page.content.decode()


def test_a_room_with_children_on_roll_cannot_be_archived(client_as, manager, care_setting):
    room = RoomFactory(care_setting=care_setting, name="Toddlers")
    ChildFactory.create_batch(2, care_setting=care_setting, room=room)

    response = client_as(manager).post(
        room_url(room), {"version": "1", "name": "Toddlers", "order": "1", "archived": "on"}
    )

    assert response.status_code == 200
    assert (
        "2 children on roll are in Toddlers: move them to another room before archiving it"
        in response.content.decode()
    )
    assert Room.objects.get(pk=room.pk).is_active


def test_a_room_of_another_setting_is_not_found(client_as, manager):
    elsewhere = RoomFactory()

    response = client_as(manager).get(
        reverse("settings:children:room_edit", args=["acorn-day-nursery", elsewhere.pk])
    )

    assert response.status_code == 404


def test_practitioners_cannot_add_rooms(client_as, practitioner, care_setting):
    response = client_as(practitioner).post(
        reverse("settings:children:room_add", args=[care_setting.slug]), {"name": "Owls"}
    )

    assert response.status_code == 403
    assert not Room.objects.exists()


# --- Pickers and filters use the rooms ---------------------------------------------------


def test_a_child_is_put_in_one_of_the_settings_rooms(client_as, manager, care_setting):
    room = RoomFactory(care_setting=care_setting, name="Ladybirds")

    client_as(manager).post(
        reverse("settings:children:add", args=[care_setting.slug]), child_data(room=room.pk)
    )

    assert Child.objects.get(first_name="Amara").room == room


def test_a_room_typed_as_text_or_of_another_setting_is_refused(care_setting):
    elsewhere = RoomFactory(name="Ladybirds")
    ours = RoomFactory(care_setting=care_setting, name="Owls")
    # The id of our own room in Arabic-Indic digits, which int() would read as the id.
    disguised = str(ours.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    for value in ("Ladybirds", elsewhere.pk, disguised, "9" * 30):
        form = ChildAddForm(child_data(room=value), care_setting=care_setting, today=TODAY)

        assert not form.is_valid()
        assert form.errors["room"] == ["Select a room from the list"]


def test_the_list_filter_offers_the_settings_rooms_even_before_anyone_is_in_them(
    manager, care_setting
):
    manager_access = setting_access_for(manager, care_setting.slug)
    owls = RoomFactory(care_setting=care_setting, name="Owls", order=2)
    RoomFactory(care_setting=care_setting, name="Ladybirds", order=1)
    RoomFactory(name="Elsewhere")
    in_owls = ChildFactory(care_setting=care_setting, room=owls)
    ChildFactory(care_setting=care_setting)

    form = ChildFilterForm({"room": str(owls.pk)}, rooms=rooms_for(manager_access), staff=[])

    assert [label for _, label in form.fields["room"].choices] == ["Any room", "Ladybirds", "Owls"]
    filtered = child_list_for(manager_access, form.filters(), today=TODAY)
    assert list(filtered) == [in_owls]


def test_the_group_progress_filter_offers_the_settings_rooms(care_setting):
    owls = RoomFactory(care_setting=care_setting, name="Owls")

    form = GroupFilterForm({"room": str(owls.pk)}, periods=[], rooms=[owls])

    assert form.fields["room"].choices == [("", "All rooms"), (str(owls.pk), "Owls")]
    assert form.is_valid(), form.errors


def test_moving_to_another_setting_leaves_the_old_settings_room(manager, key_child):
    room = RoomFactory(care_setting=key_child.care_setting)
    Child.objects.filter(pk=key_child.pk).update(room=room)
    key_child.refresh_from_db()
    new_setting = CareSettingFactory()

    services.child_move(
        child=key_child, by=manager, version=1, to_setting=new_setting, moved_on=TODAY
    )

    assert Child.objects.get(pk=key_child.pk).room is None


def test_the_factory_turns_a_room_name_into_the_settings_room(care_setting):
    first = ChildFactory(care_setting=care_setting, room="Robins")
    second = ChildFactory(care_setting=care_setting, room="Robins")

    assert first.room == second.room and first.room.care_setting == care_setting
