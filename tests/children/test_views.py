"""Children pages through the test client: happy paths, errors that keep what was typed."""

import csv
import io
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from children.models import Child, Consent, SettingChange, TeamMember
from common.models import AuditEvent
from keypersons.models import KeyPersonAllocation
from tests.children.helpers import child_data, date_parts
from tests.factories.accounts import (
    ChildFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    RoomFactory,
)
from tests.factories.children import (
    ConsentFactory,
    SettingChangeFactory,
    TeamMemberFactory,
)


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def url(name: str, child: Child, *more: int) -> str:
    return reverse(f"settings:children:{name}", args=[child.care_setting.slug, child.pk, *more])


def hub_url(child: Child) -> str:
    return url("detail", child)


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_age_room_key_person_and_tags(client_as, manager, care_setting, key_child):
    ChildFactory(
        care_setting=care_setting,
        first_name="Ben",
        last_name="Cole",
        date_of_birth=date(2022, 11, 14),
        room="Ladybirds",
        sen_status=Child.Sen.SEN_SUPPORT,
    )
    Child.objects.filter(pk=key_child.pk).update(date_of_birth=date(2023, 1, 2))

    response = client_as(manager).get(reverse("settings:children:list", args=[care_setting.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "3 years 4 months" in html
    assert "Ladybirds" in html
    assert "Unallocated" in html
    assert "Kim Keyperson" in html
    assert "Looked after" in html and "SEN support" in html and "EYPP" in html
    assert "2 children." in html
    assert reverse("settings:children:export", args=[care_setting.slug]) in html


def test_the_list_filters_from_the_query_string(client_as, practitioner, care_setting, key_child):
    ChildFactory(care_setting=care_setting, first_name="Ben", last_name="Cole")
    list_url = reverse("settings:children:list", args=[care_setting.slug])

    response = client_as(practitioner).get(list_url, {"looked_after": "looked_after"})

    html = response.content.decode()
    assert "Kai" in html and "Ben" not in html
    assert "1 child match the filters." in html
    # Practitioners read the list but do not export or add.
    assert "Download" not in html and "Add a child" not in html


def test_nonsense_filters_are_ignored_not_refused(client_as, manager, care_setting, key_child):
    list_url = reverse("settings:children:list", args=[care_setting.slug])

    response = client_as(manager).get(list_url, {"key_person": "999999", "sen": "maybe"})

    assert response.status_code == 200
    assert "Kai" in response.content.decode()


# --- Adding and changing the record ------------------------------------------------------------


def test_a_manager_adds_a_child(client_as, manager, care_setting):
    ladybirds = RoomFactory(care_setting=care_setting, name="Ladybirds")
    response = client_as(manager).post(
        reverse("settings:children:add", args=[care_setting.slug]),
        child_data(previous_setting="Sunshine Playgroup", room=ladybirds.pk),
    )

    child = Child.objects.get(first_name="Amara")
    assert response.status_code == 302
    assert path_of(response) == hub_url(child)
    assert (child.care_setting, child.date_of_birth, child.room.name) == (
        care_setting,
        date(2022, 11, 14),
        "Ladybirds",
    )
    assert SettingChange.objects.get(child=child).from_description == "Sunshine Playgroup"
    assert AuditEvent.objects.filter(verb="child.added", subject_id=str(child.pk)).exists()


def test_an_error_keeps_everything_typed(client_as, manager, care_setting):
    response = client_as(manager).post(
        reverse("settings:children:add", args=[care_setting.slug]),
        child_data(date_of_birth=date(2027, 1, 1), home_languages="English and Igbo"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Date of birth must be today or in the past" in html
    assert 'value="Amara"' in html and 'value="English and Igbo"' in html
    assert 'name="date_of_birth_2" value="2027"' in html
    assert not Child.objects.exists()


def test_a_manager_changes_the_record(client_as, manager, key_child, home_la):
    data = child_data(
        first_name=key_child.first_name,
        last_name=key_child.last_name,
        date_of_birth=key_child.date_of_birth,
        start_date=key_child.start_date,
        looked_after_status="looked_after",
        legal_status="C2",
        responsible_la=home_la.pk,
        room=RoomFactory(care_setting=key_child.care_setting, name="Owls").pk,
        version=1,
    )

    response = client_as(manager).post(url("edit", key_child), data)

    assert response.status_code == 302
    assert path_of(response) == hub_url(key_child)
    key_child.refresh_from_db()
    assert (key_child.room.name, key_child.version) == ("Owls", 2)
    event = AuditEvent.objects.get(verb="child.updated")
    assert event.changes["room"] == [None, "Owls"]


def test_an_edit_over_someone_elses_save_is_refused_and_keeps_what_was_typed(
    client_as, manager, key_child, home_la
):
    """Two managers open the form; the second to save is told, and loses nothing typed."""
    butterflies = RoomFactory(care_setting=key_child.care_setting, name="Butterflies")
    owls = RoomFactory(care_setting=key_child.care_setting, name="Owls")
    Child.objects.filter(pk=key_child.pk).update(room=butterflies, version=2)
    data = child_data(
        first_name=key_child.first_name,
        last_name=key_child.last_name,
        date_of_birth=key_child.date_of_birth,
        start_date=key_child.start_date,
        looked_after_status="looked_after",
        legal_status="C2",
        responsible_la=home_la.pk,
        room=owls.pk,
        version=1,
    )

    response = client_as(manager).post(url("edit", key_child), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it." in html
    assert "Your changes have not been saved: check the record and make them again." in html
    assert f'<option value="{owls.pk}" selected>Owls</option>' in html
    # What the record says now, beside what was typed.
    assert "Butterflies" in html
    # The form now carries the saved version: sending it again is a deliberate choice.
    assert 'name="version" value="2"' in html
    key_child.refresh_from_db()
    assert (key_child.room, key_child.version) == (butterflies, 2)


def test_leaving_is_recorded(client_as, manager, key_child):
    data = {"version": 1, "leaving_destination": "Reception at Oakfield Primary"}
    data.update(date_parts("leave_date", date(2026, 7, 17)))

    response = client_as(manager).post(url("leave", key_child), data)

    assert path_of(response) == hub_url(key_child)
    key_child.refresh_from_db()
    assert key_child.leave_date == date(2026, 7, 17)
    hub = client_as(manager).get(hub_url(key_child)).content.decode()
    assert "Leaving 17 July 2026" in hub and "Reception at Oakfield Primary" in hub


def test_a_leave_date_before_the_start_is_refused_and_kept(client_as, manager, key_child):
    data = {"version": 1, "leaving_destination": "Moved away"}
    data.update(date_parts("leave_date", date(2000, 1, 1)))

    response = client_as(manager).post(url("leave", key_child), data)

    html = response.content.decode()
    assert "Leave date must be on or after the start date" in html
    assert 'value="Moved away"' in html and 'name="leave_date_2" value="2000"' in html


@pytest.mark.parametrize("box", ["leave_date_0", "leave_date_1", "leave_date_2"])
def test_a_huge_number_in_a_date_box_is_a_date_error_not_a_crash(
    client_as, manager, key_child, box
):
    data = {"version": 1, "leaving_destination": "Moved away"}
    data.update(date_parts("leave_date", date(2026, 7, 17)))
    data[box] = "99999999999999999999"

    response = client_as(manager).post(url("leave", key_child), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Leave date must" in html
    assert 'value="99999999999999999999"' in html
    key_child.refresh_from_db()
    assert key_child.leave_date is None


# --- The hub --------------------------------------------------------------------------------


def test_the_hub_summarises_the_child(client_as, manager, key_child, home_la):
    placing_la = LocalAuthorityFactory(name="Eastmoor City Council")
    Child.objects.filter(pk=key_child.pk).update(
        date_of_birth=date(2023, 1, 2), responsible_la=placing_la, preferred_name="KJ"
    )
    mother = TeamMemberFactory(child=key_child, name="Ada Lee", relationship="Mother")
    TeamMemberFactory(child=key_child, social_worker=True, name="Sam Okoro")
    ConsentFactory(child=key_child, given_by=mother, given_on=date(2026, 2, 2))
    SettingChangeFactory(child=key_child, from_setting=None, from_description="Sunshine")

    html = client_as(manager).get(hub_url(key_child)).content.decode()

    assert "3 years 2 months" in html
    assert "Kim Keyperson" in html
    assert "C2 Full care order" in html
    assert "Eastmoor City Council" in html and "Out of county" in html
    assert "Given on 2 February 2026 by Ada Lee (Mother)" in html
    assert "Not recorded" in html
    assert "Parental responsibility" in html and "Invited to PEP" in html
    assert "Sam Okoro" in html and "Sunshine" in html
    for name in ("edit", "leave", "move", "audit", "team_add", "consent_record"):
        assert url(name, key_child) in html


def test_practitioners_read_the_hub_without_links_to_change_it(client_as, practitioner, key_child):
    html = client_as(practitioner).get(hub_url(key_child)).content.decode()

    for name in ("edit", "leave", "move", "audit", "team_add", "consent_record"):
        assert url(name, key_child) not in html


def test_the_key_person_sees_team_and_consent_links_only(client_as, key_person, key_child):
    html = client_as(key_person).get(hub_url(key_child)).content.decode()

    assert url("team_add", key_child) in html and url("consent_record", key_child) in html
    assert url("edit", key_child) not in html and url("audit", key_child) not in html


def test_an_unallocated_child_says_so_with_a_link_to_allocate_for_the_manager(
    client_as, manager, practitioner, care_setting
):
    child = ChildFactory(care_setting=care_setting)
    try:
        allocate = reverse("settings:keypersons:allocate", args=[care_setting.slug, child.pk])
    except NoReverseMatch:
        pytest.skip("The key-person allocation page is not on the portal yet")

    html = client_as(manager).get(hub_url(child)).content.decode()
    practitioners_html = client_as(practitioner).get(hub_url(child)).content.decode()

    assert "Not allocated" in html and allocate in html
    assert "Not allocated" in practitioners_html and allocate not in practitioners_html


def test_a_cic_advisor_opens_the_hub_from_the_la_side_read_only(
    client_as, cic_advisor, key_child, home_la
):
    la_url = reverse("la_children:detail", args=[home_la.slug, key_child.pk])

    response = client_as(cic_advisor).get(la_url)

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(key_child.last_name) in html
    assert "/edit/" not in html and "/team/" not in html and "/consents/" not in html
    assert reverse("la:my_settings", args=[home_la.slug]) in html


def test_the_advisor_home_links_each_child_to_the_la_side_hub(
    client_as, advisor, key_child, home_la
):
    html = client_as(advisor).get(reverse("la:my_settings", args=[home_la.slug])).content.decode()

    assert reverse("la_children:detail", args=[home_la.slug, key_child.pk]) in html


# --- Team and consents ------------------------------------------------------------------------


def team_data(**overrides: object) -> dict[str, object]:
    return {
        "role": "foster_carer",
        "name": "Jo Bell",
        "relationship": "Foster carer",
        "organisation": "",
        "email": "jo@example.test",
        "phone": "",
        "address": "",
        "notes": "",
        "invite_to_pep": "on",
        **overrides,
    }


def test_a_key_person_adds_to_their_key_childs_team(client_as, key_person, key_child):
    response = client_as(key_person).post(url("team_add", key_child), team_data())

    assert path_of(response) == hub_url(key_child)
    member = TeamMember.objects.get(child=key_child)
    assert (member.name, member.invite_to_pep) == ("Jo Bell", True)
    assert AuditEvent.objects.get(verb="child.team_member_added").actor == key_person


def test_a_key_person_cannot_add_to_another_childs_team(client_as, key_person, care_setting):
    another = ChildFactory(care_setting=care_setting)

    response = client_as(key_person).post(url("team_add", another), team_data())

    assert response.status_code == 403
    assert not TeamMember.objects.exists()


def test_a_team_error_keeps_what_was_typed(client_as, manager, key_child):
    response = client_as(manager).post(url("team_add", key_child), team_data(email=""))

    html = response.content.decode()
    assert "Enter an email address to invite this person to PEP meetings" in html
    assert 'value="Jo Bell"' in html


def test_a_team_member_who_moves_on_is_kept_but_marked(client_as, manager, key_child):
    member = TeamMemberFactory(child=key_child, social_worker=True, name="Sam Okoro")
    data = team_data(
        role="social_worker",
        name="Sam Okoro",
        relationship="",
        email=member.email,
        invite_to_pep="",
        version=1,  # the details as the form showed them: no one has changed them since
    )

    response = client_as(manager).post(url("team_edit", key_child, member.pk), data)

    assert path_of(response) == hub_url(key_child)
    member.refresh_from_db()
    assert (member.is_active, member.invite_to_pep) == (False, False)
    event = AuditEvent.objects.get(verb="child.team_member_changed")
    assert event.changes["is_active"] == [True, False]


def test_a_team_member_of_another_child_is_not_found(client_as, manager, care_setting, key_child):
    stranger = TeamMemberFactory(child=ChildFactory(care_setting=care_setting))

    response = client_as(manager).get(url("team_edit", key_child, stranger.pk))

    assert response.status_code == 404


def test_a_key_person_records_and_withdraws_a_consent(client_as, key_person, key_child):
    mother = TeamMemberFactory(child=key_child)
    client = client_as(key_person)
    data = {"kind": "photographs", "granted": "yes", "given_by": mother.pk, "notes": ""}
    data.update(date_parts("given_on", date(2026, 3, 2)))

    response = client.post(url("consent_record", key_child), data)

    assert path_of(response) == hub_url(key_child)
    consent = Consent.objects.get(child=key_child)
    assert (consent.granted, consent.given_by, consent.given_on) == (
        True,
        mother,
        date(2026, 3, 2),
    )

    response = client.post(
        url("consent_withdraw", key_child, consent.pk),
        date_parts("withdrawn_on", date(2026, 3, 16)),
    )

    assert path_of(response) == hub_url(key_child)
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 3, 16)
    assert "Withdrawn" in client.get(hub_url(key_child)).content.decode()


def test_a_withdrawn_consent_cannot_be_withdrawn_again(client_as, manager, key_child):
    consent = ConsentFactory(child=key_child, withdrawn_on=date(2026, 3, 1))

    response = client_as(manager).get(url("consent_withdraw", key_child, consent.pk))

    assert response.status_code == 404


def test_without_a_carer_the_consent_page_asks_for_one(client_as, manager, key_child):
    html = client_as(manager).get(url("consent_record", key_child)).content.decode()

    assert "There is no one like that" in html
    assert url("team_add", key_child) in html


# --- Change of setting ----------------------------------------------------------------------


def test_a_move_hands_the_record_to_the_new_setting(
    client_as, manager, other_manager, key_child, care_setting, other_setting
):
    data = {"version": 1, "new_setting": other_setting.ofsted_urn, "reason": "Placement moved"}
    data.update(date_parts("moved_on", date(2026, 3, 16)))

    response = client_as(manager).post(url("move", key_child), data)

    assert path_of(response) == reverse("settings:children:list", args=[care_setting.slug])
    # The old setting no longer finds the child; the new setting does.
    old_hub = reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])
    new_hub = reverse("settings:children:detail", args=[other_setting.slug, key_child.pk])
    assert client_as(manager).get(old_hub).status_code == 404
    new_page = client_as(other_manager).get(new_hub)
    assert new_page.status_code == 200
    assert "Acorn Day Nursery" in new_page.content.decode()
    change = SettingChange.objects.get(child=key_child)
    assert (change.from_setting, change.to_setting) == (care_setting, other_setting)
    assert KeyPersonAllocation.objects.get(child=key_child).ends_on == date(2026, 3, 16)
    assert set(
        AuditEvent.objects.filter(
            subject_id=str(key_child.pk), verb__startswith="child."
        ).values_list("verb", "care_setting")
    ) == {("child.moved_out", care_setting.pk), ("child.moved_in", other_setting.pk)}
    # The trail moves with the child: the new manager sees the events at the old setting.
    trail = client_as(other_manager).get(
        reverse("settings:children:audit", args=[other_setting.slug, key_child.pk])
    )
    assert "Moved to another setting" in trail.content.decode()


def test_the_key_person_loses_the_moved_child(
    client_as, manager, key_person, key_child, other_setting
):
    data = {"version": 1, "new_setting": other_setting.ofsted_urn, "reason": ""}
    data.update(date_parts("moved_on", date(2026, 3, 16)))
    client_as(manager).post(url("move", key_child), data)

    response = client_as(key_person).get(
        reverse("settings:children:team_add", args=["acorn-day-nursery", key_child.pk])
    )

    assert response.status_code == 404


def test_a_move_error_keeps_what_was_typed(client_as, manager, key_child):
    data = {"version": 1, "new_setting": "Nowhere Nursery", "reason": "Placement moved"}
    data.update(date_parts("moved_on", date(2026, 3, 16)))

    response = client_as(manager).post(url("move", key_child), data)

    html = response.content.decode()
    assert "No setting on the portal has that Ofsted URN or name" in html
    assert 'value="Nowhere Nursery"' in html and "Placement moved" in html


# --- Export and audit -------------------------------------------------------------------------


def test_the_export_is_the_filtered_list_as_csv(client_as, manager, care_setting, key_child):
    ChildFactory(care_setting=care_setting, first_name="=HYPERLINK(1)", last_name="Cole")
    export_url = reverse("settings:children:export", args=[care_setting.slug])

    everyone = client_as(manager).get(export_url)
    looked_after = client_as(manager).get(export_url, {"looked_after": "looked_after"})

    assert everyone["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in everyone["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(everyone.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    kai = next(row for row in rows if row["First name"] == "Kai")
    assert kai["Key person"] == "Kim Keyperson"
    assert kai["Looked after"] == "Looked after"
    assert kai["Legal status"] == "C2"
    assert kai["Responsible local authority"] == "Northshire County Council"
    assert kai["Out of county"] == "No"
    assert kai["Date of birth"] == key_child.date_of_birth.isoformat()
    # A spreadsheet would run a cell starting with "=": it is written as text.
    assert any(row["First name"] == "'=HYPERLINK(1)" for row in rows)
    filtered = list(csv.DictReader(io.StringIO(looked_after.content.decode("utf-8-sig"))))
    assert [row["First name"] for row in filtered] == ["Kai"]
    event = AuditEvent.objects.filter(verb="children.exported").latest("pk")
    assert event.changes["rows"] == 1 and event.actor == manager


def test_the_childs_trail_shows_changes_with_old_and_new_values(client_as, manager, key_child):
    client = client_as(manager)
    data = child_data(
        first_name=key_child.first_name,
        last_name=key_child.last_name,
        date_of_birth=key_child.date_of_birth,
        start_date=key_child.start_date,
        looked_after_status="looked_after",
        legal_status="C2",
        responsible_la=key_child.responsible_la_id,
        room=RoomFactory(care_setting=key_child.care_setting, name="Owls").pk,
        version=1,
    )
    client.post(url("edit", key_child), data)

    html = client.get(url("audit", key_child)).content.decode()

    assert "Record changed" in html
    assert "Room: — → Owls" in html


@pytest.mark.parametrize("name", ["edit", "leave", "move"])
def test_a_practitioner_cannot_post_to_the_record(client_as, practitioner, key_child, name):
    response = client_as(practitioner).post(url(name, key_child), {"version": 1})

    assert response.status_code == 403
    assert Child.objects.get(pk=key_child.pk).version == 1


def test_staff_of_another_setting_in_the_la_do_not_find_the_child(client_as, home_la, key_child):
    neighbour = MembershipFactory(care_setting__local_authority=home_la, manager=True)
    hub = reverse("settings:children:detail", args=[neighbour.care_setting.slug, key_child.pk])

    assert client_as(neighbour.user).get(hub).status_code == 404


def test_leaving_over_someone_elses_save_is_refused(client_as, manager, key_child):
    Child.objects.filter(pk=key_child.pk).update(version=3)
    data = {"version": 1, "leaving_destination": "Reception at Oakfield Primary"}
    data.update(date_parts("leave_date", date(2026, 7, 17)))

    response = client_as(manager).post(url("leave", key_child), data)

    html = response.content.decode()
    assert "Someone else changed this record while you were editing it." in html
    assert 'value="Reception at Oakfield Primary"' in html
    assert Child.objects.get(pk=key_child.pk).leave_date is None


def test_a_move_over_someone_elses_save_is_refused(
    client_as, manager, key_child, care_setting, other_setting
):
    Child.objects.filter(pk=key_child.pk).update(version=3)
    data = {"version": 1, "new_setting": other_setting.ofsted_urn, "reason": ""}
    data.update(date_parts("moved_on", date(2026, 3, 16)))

    response = client_as(manager).post(url("move", key_child), data)

    assert "Someone else changed this record" in response.content.decode()
    assert Child.objects.get(pk=key_child.pk).care_setting == care_setting
    assert not SettingChange.objects.exists()
