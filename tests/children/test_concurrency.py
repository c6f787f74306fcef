"""Two people (or one double click) at the same moment on a child's record, team and consents.

A team member's details carry a version, as the child's record does: a save over someone
else's is refused and explained, with what was typed kept next to what is saved. The same
render of a create form (a consent, a team member, a child) sent twice saves once.
"""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from children import services
from children.models import Child, Consent, SettingChange, TeamMember
from common.models import AuditEvent
from tests.children.helpers import child_data, date_parts
from tests.concurrency import needs_postgres, post_together, rendered_fields
from tests.conftest import MODEL_BACKEND
from tests.factories.accounts import RoomFactory
from tests.factories.children import TeamMemberFactory

ROUNDS = 4


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def url(name: str, child: Child, *more: int) -> str:
    return reverse(f"settings:children:{name}", args=[child.care_setting.slug, child.pk, *more])


def team_form(member: TeamMember, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "role": member.role,
        "name": member.name,
        "relationship": member.relationship,
        "organisation": member.organisation,
        "email": member.email,
        "phone": member.phone,
        "address": member.address,
        "notes": member.notes,
        "is_active": "on",
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not False}


def consent_form(giver: TeamMember, **overrides: object) -> dict[str, object]:
    return {
        "kind": Consent.Kind.OUTINGS,
        "granted": "yes",
        "given_by": giver.pk,
        **date_parts("given_on", date(2026, 3, 10)),
        "notes": "",
        **overrides,
    }


# --- Item: a team member's details are never overwritten without a word --------------------


def test_a_team_change_over_someone_elses_is_refused_and_keeps_what_was_typed(
    client_as, manager, key_person, key_child
):
    member = TeamMemberFactory(
        child=key_child, name="Jo Bell", role="foster_carer", phone="01632 960001", email=""
    )
    edit_url = url("team_edit", key_child, member.pk)
    first, second = client_as(key_person), client_as(manager)
    seen_by_first = rendered_fields(first, edit_url)
    seen_by_second = rendered_fields(second, edit_url)
    assert seen_by_first["version"] == seen_by_second["version"] == "1"

    saved = first.post(edit_url, {**seen_by_first, **team_form(member, phone="01632 960999")})
    late = second.post(
        edit_url, {**seen_by_second, **team_form(member, email="jo.bell@example.test")}
    )

    assert saved.status_code == 302
    assert late.status_code == 200
    html = " ".join(late.content.decode().split())
    assert "Someone else changed this record while you were editing it." in html
    assert 'value="jo.bell@example.test"' in html
    # What the record says now, next to what was typed.
    assert "01632 960999" in html and "01632 960001" in html
    assert 'name="version" value="2"' in html
    member.refresh_from_db()
    assert (member.phone, member.email, member.version) == ("01632 960999", "", 2)
    assert AuditEvent.objects.filter(verb="child.team_member_changed").count() == 1


def test_a_team_change_sent_again_from_the_conflict_page_is_saved(client_as, manager, key_child):
    member = TeamMemberFactory(child=key_child, name="Jo Bell", phone="01632 960001", email="")
    TeamMember.objects.filter(pk=member.pk).update(phone="01632 960999", version=2)
    client = client_as(manager)
    edit_url = url("team_edit", key_child, member.pk)

    refused = client.post(edit_url, {"version": 1, **team_form(member, email="jo@example.test")})
    again = client.post(edit_url, {"version": 2, **team_form(member, email="jo@example.test")})

    assert refused.status_code == 200
    assert again.status_code == 302
    member.refresh_from_db()
    assert (member.phone, member.email, member.version) == ("01632 960001", "jo@example.test", 3)


def test_the_same_team_change_sent_twice_is_saved_once_without_a_conflict(
    client_as, manager, key_child
):
    member = TeamMemberFactory(child=key_child, phone="01632 960001")
    client = client_as(manager)
    edit_url = url("team_edit", key_child, member.pk)
    data = {**rendered_fields(client, edit_url), **team_form(member, phone="01632 960999")}

    responses = [client.post(edit_url, data), client.post(edit_url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    member.refresh_from_db()
    assert (member.phone, member.version) == ("01632 960999", 2)
    assert AuditEvent.objects.filter(verb="child.team_member_changed").count() == 1


def test_a_team_change_names_the_version_it_was_made_from(key_person, key_child):
    member = TeamMemberFactory(child=key_child, phone="01632 960001")
    TeamMember.objects.filter(pk=member.pk).update(phone="01632 960999", version=2)

    with pytest.raises(services.StaleRecord):
        services.team_member_save(
            child=key_child, by=key_person, member=member, version=1, phone="01632 960123"
        )

    member.refresh_from_db()
    assert member.phone == "01632 960999"


def test_the_same_record_change_sent_twice_is_saved_once_without_a_conflict(
    client_as, manager, key_child, home_la
):
    owls = RoomFactory(care_setting=key_child.care_setting, name="Owls")
    client = client_as(manager)
    edit_url = url("edit", key_child)
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

    responses = [client.post(edit_url, data), client.post(edit_url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    key_child.refresh_from_db()
    assert (key_child.room, key_child.version) == (owls, 2)
    assert AuditEvent.objects.filter(verb="child.updated").count() == 1


# --- Item: the same consent, team member or child sent twice is saved once --------------------


def test_a_consent_sent_twice_from_the_same_page_is_recorded_once(
    client_as, key_person, key_child
):
    giver = TeamMemberFactory(
        child=key_child, role="foster_carer", has_parental_responsibility=True
    )
    client = client_as(key_person)
    record_url = url("consent_record", key_child)
    data = {**rendered_fields(client, record_url), **consent_form(giver)}

    first, again = client.post(record_url, data), client.post(record_url, data)

    assert path_of(first) == path_of(again) == url("detail", key_child)
    assert Consent.objects.filter(child=key_child).count() == 1
    assert AuditEvent.objects.filter(verb="child.consent_given").count() == 1
    page = client.get(path_of(again)).content.decode()
    assert "This form was sent more than once: it has been saved once." in page


def test_two_consents_recorded_from_two_pages_are_both_kept(client_as, key_person, key_child):
    """Two renders are two answers: only a repeat of the same render is refused."""
    giver = TeamMemberFactory(
        child=key_child, role="foster_carer", has_parental_responsibility=True
    )
    client = client_as(key_person)
    record_url = url("consent_record", key_child)

    for granted in ("yes", "no"):
        client.post(
            record_url,
            {**rendered_fields(client, record_url), **consent_form(giver, granted=granted)},
        )

    assert Consent.objects.filter(child=key_child).count() == 2


def test_someone_added_to_the_team_twice_from_the_same_page_is_added_once(
    client_as, key_person, key_child
):
    client = client_as(key_person)
    add_url = url("team_add", key_child)
    data = {
        **rendered_fields(client, add_url),
        "role": "foster_carer",
        "name": "Jo Bell",
        "email": "jo@example.test",
    }

    first, again = client.post(add_url, data), client.post(add_url, data)

    assert path_of(first) == path_of(again) == url("detail", key_child)
    assert TeamMember.objects.filter(child=key_child, name="Jo Bell").count() == 1


def test_a_child_added_twice_from_the_same_page_is_added_once_and_both_land_on_the_record(
    client_as, manager, care_setting
):
    client = client_as(manager)
    add_url = reverse("settings:children:add", args=[care_setting.slug])
    data = {**rendered_fields(client, add_url), **child_data()}

    first, again = client.post(add_url, data), client.post(add_url, data)

    child = Child.objects.get(first_name="Amara", last_name="Okafor")
    assert path_of(first) == path_of(again) == url("detail", child)
    assert AuditEvent.objects.filter(verb="child.added").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_save_consent_records_it_once(key_person, key_child):
    giver = TeamMemberFactory(
        child=key_child, role="foster_carer", has_parental_responsibility=True
    )
    record_url = url("consent_record", key_child)
    first_tab, second_tab = signed_in(key_person), signed_in(key_person)
    for round_ in range(ROUNDS):
        data = {
            **rendered_fields(first_tab, record_url),
            **consent_form(giver, notes=f"Round {round_}"),
        }

        responses = post_together([(first_tab, record_url, data), (second_tab, record_url, data)])

        assert [response.status_code for response in responses] == [302, 302]
        assert Consent.objects.filter(child=key_child, notes=f"Round {round_}").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_add_to_the_team_adds_once(key_person, key_child):
    add_url = url("team_add", key_child)
    first_tab, second_tab = signed_in(key_person), signed_in(key_person)
    for round_ in range(ROUNDS):
        data = {
            **rendered_fields(first_tab, add_url),
            "role": "social_worker",
            "name": f"Sam Okoro {round_}",
        }

        responses = post_together([(first_tab, add_url, data), (second_tab, add_url, data)])

        assert [response.status_code for response in responses] == [302, 302]
        assert TeamMember.objects.filter(name=f"Sam Okoro {round_}").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_add_child_adds_once(manager, care_setting):
    add_url = reverse("settings:children:add", args=[care_setting.slug])
    first_tab, second_tab = signed_in(manager), signed_in(manager)
    for round_ in range(ROUNDS):
        data = {**rendered_fields(first_tab, add_url), **child_data(first_name=f"Amara{round_}")}

        responses = post_together([(first_tab, add_url, data), (second_tab, add_url, data)])

        child = Child.objects.get(first_name=f"Amara{round_}")
        assert {path_of(response) for response in responses} == {url("detail", child)}


def test_the_same_move_sent_twice_moves_the_child_once(manager, key_child, other_setting):
    """Both requests passed the door before the first moved the record."""
    move = {
        "by": manager,
        "version": 1,
        "to_setting": other_setting,
        "moved_on": date(2026, 3, 16),
        "reason": "Placement moved",
    }
    first = services.child_move(child=Child.objects.get(pk=key_child.pk), **move)

    again = services.child_move(child=Child.objects.get(pk=key_child.pk), **move)

    assert again == first
    assert SettingChange.objects.filter(child=key_child).count() == 1
    assert AuditEvent.objects.filter(verb="child.moved_in").count() == 1


def test_the_same_leaving_sent_twice_is_recorded_once(manager, key_child):
    leave = {"by": manager, "version": 1, "leave_date": date(2026, 7, 17)}
    services.child_leave(
        child=Child.objects.get(pk=key_child.pk), leaving_destination="Oakfield Primary", **leave
    )

    services.child_leave(
        child=Child.objects.get(pk=key_child.pk), leaving_destination="Oakfield Primary", **leave
    )

    assert AuditEvent.objects.filter(verb="child.left").count() == 1
    with pytest.raises(services.StaleRecord):
        services.child_leave(
            child=Child.objects.get(pk=key_child.pk), leaving_destination="Moved away", **leave
        )
