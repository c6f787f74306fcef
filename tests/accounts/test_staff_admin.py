"""Changing, deactivating and re-inviting the people who use the portal.

At a setting, the manager (and the LA administrator) change a member of staff's name, role
and DSL and SENCo flags, deactivate them and send their invitation again. At the LA, the
LA administrator finds people in a searchable, paginated list and does the same for LA
roles. Every change is audited; a concurrent edit is explained, never overwritten.
"""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, staff_services
from accounts.models import AdvisorAssignment, LaRole, Membership, User
from common.models import AuditEvent
from keypersons import services as keyperson_services
from keypersons.models import KeyPersonAllocation
from tests.concurrency import rendered_fields
from tests.factories.accounts import ChildFactory, LaRoleFactory, MembershipFactory, UserFactory


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def text_of(response) -> str:
    return unescape(" ".join(response.content.decode().split()))


def shown_text(response) -> str:
    """Return the page's words, tags left out (visually hidden words kept)."""
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def staff_url(name: str, care_setting, user) -> str:
    return reverse(f"settings:staff_{name}", args=[care_setting.slug, user.pk])


def la_url(name: str, home_la, la_role) -> str:
    return reverse(f"la:user_{name}", args=[home_la.slug, la_role.pk])


def membership_of(user, care_setting) -> Membership:
    return Membership.objects.get(user=user, care_setting=care_setting)


def edit_form(membership: Membership, **overrides) -> dict[str, str]:
    data = {
        "version": str(membership.version),
        "full_name": membership.user.full_name,
        "role": membership.role,
        "job_title": membership.job_title,
    }
    if membership.is_dsl:
        data["is_dsl"] = "on"
    if membership.is_senco:
        data["is_senco"] = "on"
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def newcomer(care_setting) -> User:
    """Invited to the manager's setting, and has not signed in yet."""
    return MembershipFactory(
        care_setting=care_setting,
        user__full_name="Nia Newstarter",
        user__email="nia@example.test",
        user__password="!unusable",
    ).user


# --- Changing a member of staff ----------------------------------------------------------


def test_the_manager_changes_a_members_name_role_and_hats_and_it_is_audited(
    client_as, manager, practitioner, care_setting
):
    membership = membership_of(practitioner, care_setting)

    response = client_as(manager).post(
        staff_url("edit", care_setting, practitioner),
        edit_form(
            membership,
            full_name="Priya Patel",
            role="manager",
            job_title="Deputy manager",
            is_dsl="on",
            is_senco="on",
        ),
    )

    assert response.status_code == 302
    assert path_of(response) == reverse("settings:staff", args=[care_setting.slug])
    membership.refresh_from_db()
    practitioner.refresh_from_db()
    assert (membership.role, membership.is_dsl, membership.is_senco, membership.job_title) == (
        "manager",
        True,
        True,
        "Deputy manager",
    )
    assert practitioner.full_name == "Priya Patel"
    assert membership.version == 2
    event = AuditEvent.objects.get(verb="staff.updated")
    assert (event.actor, event.target, event.care_setting) == (manager, membership, care_setting)
    assert event.changes == {
        "full_name": ["Priya Practitioner", "Priya Patel"],
        "role": ["Practitioner", "Manager"],
        "job_title": ["Early years practitioner", "Deputy manager"],
        "is_dsl": [False, True],
        "is_senco": [False, True],
    }


def test_the_edit_form_starts_from_what_is_saved(client_as, manager, dsl, care_setting):
    response = client_as(manager).get(staff_url("edit", care_setting, dsl))

    form = response.context["form"]
    assert form["full_name"].value() == "Dana Safeguarding"
    assert form["role"].value() == "practitioner"
    assert form["is_dsl"].value() is True
    assert form["version"].value() == 1
    assert "dsl@demo.test" in text_of(response)


def test_saving_without_a_change_says_so_and_audits_nothing(
    client_as, manager, practitioner, care_setting
):
    membership = membership_of(practitioner, care_setting)

    response = client_as(manager).post(
        staff_url("edit", care_setting, practitioner), edit_form(membership), follow=True
    )

    assert "Nothing was changed for Priya Practitioner." in text_of(response)
    assert not AuditEvent.objects.filter(verb="staff.updated").exists()
    membership.refresh_from_db()
    assert membership.version == 1


def test_a_concurrent_edit_is_explained_and_what_was_typed_is_kept(
    client_as, manager, practitioner, care_setting
):
    membership = membership_of(practitioner, care_setting)
    typed = edit_form(membership, job_title="Room leader", is_senco="on")
    # Someone else saves first.
    client_as(manager).post(
        staff_url("edit", care_setting, practitioner), edit_form(membership, is_dsl="on")
    )

    response = client_as(manager).post(staff_url("edit", care_setting, practitioner), typed)

    assert response.status_code == 200
    page = text_of(response)
    assert "govuk-error-summary" in page
    assert "Someone else changed this member of staff while you were editing" in page
    assert 'value="Room leader"' in page
    conflict = response.context["conflict"]
    assert ("Designated safeguarding lead (DSL)", "Yes", "No") in conflict
    assert response.context["form"]["version"].value() == "2"
    membership.refresh_from_db()
    assert (membership.job_title, membership.is_senco, membership.is_dsl) == (
        "Early years practitioner",
        False,
        True,
    )


def test_errors_are_shown_in_the_govuk_style_and_keep_what_was_typed(
    client_as, manager, practitioner, care_setting
):
    membership = membership_of(practitioner, care_setting)

    response = client_as(manager).post(
        staff_url("edit", care_setting, practitioner),
        edit_form(membership, full_name="", role="head_chef", job_title="Room leader"),
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "Enter the person's full name" in page
    assert "Select the person's role" in page
    assert 'value="Room leader"' in page


def test_the_last_manager_cannot_be_made_a_practitioner(client_as, manager, care_setting):
    membership = membership_of(manager, care_setting)

    response = client_as(manager).post(
        staff_url("edit", care_setting, manager), edit_form(membership, role="practitioner")
    )

    assert response.status_code == 200
    assert (
        "Mary Manager is the only manager at Acorn Day Nursery: make someone else a manager "
        "first" in text_of(response)
    )
    assert membership_of(manager, care_setting).role == "manager"


def test_the_name_of_someone_who_also_works_elsewhere_is_not_changed_here(
    client_as, manager, practitioner, care_setting, other_setting
):
    MembershipFactory(user=practitioner, care_setting=other_setting)
    membership = membership_of(practitioner, care_setting)
    client = client_as(manager)

    page = text_of(client.get(staff_url("edit", care_setting, practitioner)))
    response = client.post(
        staff_url("edit", care_setting, practitioner),
        edit_form(membership, full_name="Someone Else", is_senco="on"),
    )

    assert "They also work elsewhere on EYFS Portal" in page
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.full_name == "Priya Practitioner"
    assert membership_of(practitioner, care_setting).is_senco


def test_an_la_admin_changes_a_member_of_staff_at_a_setting_of_their_la(
    client_as, la_admin, practitioner, care_setting
):
    membership = membership_of(practitioner, care_setting)

    response = client_as(la_admin).post(
        staff_url("edit", care_setting, practitioner), edit_form(membership, is_dsl="on")
    )

    assert response.status_code == 302
    assert membership_of(practitioner, care_setting).is_dsl
    assert AuditEvent.objects.get(verb="staff.updated").actor == la_admin


@pytest.mark.parametrize("page", ["edit", "deactivate", "resend"])
def test_staff_of_another_setting_or_nobody_at_all_are_not_found(
    client_as, manager, care_setting, other_manager, page
):
    client = client_as(manager)

    assert client.get(staff_url(page, care_setting, other_manager)).status_code == 404
    missing = reverse(f"settings:staff_{page}", args=[care_setting.slug, 999_999])
    assert client.get(missing).status_code == 404


def test_a_practitioner_may_not_change_a_colleague(
    client_as, key_person, practitioner, care_setting
):
    membership = membership_of(practitioner, care_setting)

    response = client_as(key_person).post(
        staff_url("edit", care_setting, practitioner), edit_form(membership, role="manager")
    )

    assert response.status_code == 403
    assert membership_of(practitioner, care_setting).role == "practitioner"


# --- Deactivating ---------------------------------------------------------------------------


def test_a_deactivated_member_loses_access_at_once_and_it_is_audited(
    client_as, manager, practitioner, care_setting
):
    their_client = client_as(practitioner)
    children = reverse("settings:children:list", args=[care_setting.slug])
    assert their_client.get(children).status_code == 200

    response = client_as(manager).post(
        staff_url("deactivate", care_setting, practitioner), {"reason": "Moved away"}
    )

    assert path_of(response) == reverse("settings:staff", args=[care_setting.slug])
    assert not membership_of(practitioner, care_setting).is_active
    assert their_client.get(children).status_code == 404
    event = AuditEvent.objects.get(verb="staff.deactivated")
    assert (event.actor, event.care_setting) == (manager, care_setting)
    assert event.changes == {"is_active": [True, False], "reason": "Moved away"}


def test_deactivating_a_key_person_ends_their_allocations_as_when_staff_leave(
    client_as, manager, key_person, care_setting, key_child
):
    buddied = ChildFactory(care_setting=care_setting)
    keyperson_services.key_person_allocate(
        by=manager, child=buddied, staff=key_person, kind=KeyPersonAllocation.Kind.BUDDY
    )

    response = client_as(manager).post(
        staff_url("deactivate", care_setting, key_person),
        {"reason": "Left the setting"},
        follow=True,
    )

    assert not KeyPersonAllocation.objects.filter(staff=key_person, ends_on__isnull=True).exists()
    key_child.refresh_from_db()
    assert key_child.key_person is None
    ended = AuditEvent.objects.filter(verb__in=["key_person.ended", "buddy.ended"])
    assert ended.count() == 2
    assert {event.changes["reason"] for event in ended} == {"Left the setting"}
    assert (
        "Kim Keyperson no longer has access to Acorn Day Nursery. Their key-person and buddy "
        "allocations have ended." in text_of(response)
    )


def test_the_deactivate_page_says_what_will_happen(client_as, manager, key_person, care_setting):
    page = text_of(client_as(manager).get(staff_url("deactivate", care_setting, key_person)))

    assert "Deactivate Kim Keyperson" in page
    assert "They will no longer be able to use EYFS Portal at Acorn Day Nursery" in page
    assert 'value="Left the setting"' in page


def test_the_last_manager_cannot_be_deactivated(client_as, la_admin, manager, care_setting):
    response = client_as(la_admin).post(
        staff_url("deactivate", care_setting, manager), {"reason": "Left"}
    )

    assert response.status_code == 200
    assert "Mary Manager is the only manager at Acorn Day Nursery" in text_of(response)
    assert membership_of(manager, care_setting).is_active
    assert not AuditEvent.objects.filter(verb="staff.deactivated").exists()


def test_a_manager_cannot_deactivate_themselves(client_as, manager, care_setting):
    MembershipFactory(care_setting=care_setting, manager=True)

    response = client_as(manager).post(
        staff_url("deactivate", care_setting, manager), {"reason": "Leaving"}
    )

    assert response.status_code == 200
    assert "You cannot deactivate yourself" in text_of(response)
    assert membership_of(manager, care_setting).is_active


def test_deactivating_someone_already_deactivated_says_so(
    client_as, manager, practitioner, care_setting
):
    Membership.objects.filter(user=practitioner).update(is_active=False)

    response = client_as(manager).post(
        staff_url("deactivate", care_setting, practitioner), {"reason": "Left"}, follow=True
    )

    assert "Priya Practitioner has already been deactivated." in text_of(response)
    assert not AuditEvent.objects.filter(verb="staff.deactivated").exists()


def test_a_deactivation_already_made_by_someone_else_writes_nothing(
    manager, la_admin, practitioner, care_setting
):
    # Both opened the page while the practitioner was still active.
    first = Membership.objects.select_related("user", "care_setting").get(user=practitioner)
    second = Membership.objects.select_related("user", "care_setting").get(user=practitioner)
    assert staff_services.staff_deactivate(by=manager, membership=first, reason="Left")

    again = staff_services.staff_deactivate(by=la_admin, membership=second, reason="Left")

    assert again is False
    assert (second.is_active, second.version) == (False, 2)
    assert membership_of(practitioner, care_setting).version == 2
    assert AuditEvent.objects.filter(verb="staff.deactivated").count() == 1


def test_a_deactivated_member_can_be_invited_back(client_as, manager, practitioner, care_setting):
    client = client_as(manager)
    client.post(staff_url("deactivate", care_setting, practitioner), {"reason": "Left"})

    client.post(
        reverse("settings:staff_invite", args=[care_setting.slug]),
        {"full_name": "Priya Practitioner", "email": practitioner.email, "role": "practitioner"},
    )

    assert membership_of(practitioner, care_setting).is_active


# --- Sending an invitation again -------------------------------------------------------------


def test_an_invitation_is_sent_again_with_a_new_set_password_link_once_committed(
    client_as, manager, newcomer, care_setting, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = client_as(manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(staff_url("resend", care_setting, newcomer))
    assert len(callbacks) == 1
    assert mail.outbox == []

    callbacks[0]()

    assert path_of(response) == reverse("settings:staff", args=[care_setting.slug])
    [email] = mail.outbox
    assert email.to == ["nia@example.test"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", email.body).group(0)
    landing = Client().get(urlsplit(link).path, follow=True)
    assert "Choose a new password" in landing.content.decode()
    event = AuditEvent.objects.get(verb="staff.invitation_resent")
    assert (event.actor, event.care_setting) == (manager, care_setting)


def test_the_same_invitation_form_sent_twice_sends_the_invitation_once(
    client_as, manager, newcomer, care_setting, django_capture_on_commit_callbacks
):
    client = client_as(manager)
    resend_url = staff_url("resend", care_setting, newcomer)
    rendered = rendered_fields(client, resend_url)
    assert rendered["submission_token"]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(resend_url, rendered)
        response = client.post(resend_url, rendered, follow=True)

    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(verb="staff.invitation_resent").count() == 1
    assert "The invitation has already been sent again to nia@example.test." in text_of(response)


def test_someone_who_has_signed_in_gets_no_new_invitation(
    client_as, manager, practitioner, care_setting, django_capture_on_commit_callbacks
):
    practitioner.last_login = timezone.now()
    practitioner.save(update_fields=["last_login"])
    client = client_as(manager)

    page = text_of(client.get(staff_url("resend", care_setting, practitioner)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(staff_url("resend", care_setting, practitioner), follow=True)

    assert "Priya Practitioner has already signed in" in page
    assert "Send the invitation again" not in page
    assert callbacks == []
    assert "Priya Practitioner has already signed in" in text_of(response)
    assert not AuditEvent.objects.filter(verb="staff.invitation_resent").exists()


def test_the_staff_list_offers_each_action_where_it_applies(
    client_as, manager, practitioner, newcomer, care_setting
):
    Membership.objects.filter(user=practitioner).update(is_active=False)
    manager.last_login = timezone.now()
    manager.save(update_fields=["last_login"])

    response = client_as(manager).get(reverse("settings:staff", args=[care_setting.slug]))

    page = shown_text(response)
    assert "Change Nia Newstarter" in page
    assert "Deactivate Nia Newstarter" in page
    assert "Send Nia Newstarter's invitation again" in page
    assert "Change Mary Manager" in page
    assert "Deactivate Mary Manager" not in page  # themselves
    assert "Send Mary Manager's invitation again" not in page  # has signed in
    assert "Change Priya Practitioner" not in page  # deactivated


# --- The LA's users ---------------------------------------------------------------------------


@pytest.fixture
def colleague(home_la) -> LaRole:
    """A children in care advisor invited to the LA, who has not signed in yet."""
    return LaRoleFactory(
        local_authority=home_la,
        role=LaRole.Role.CIC_ADVISOR,
        user__full_name="Ivy Invited",
        user__email="ivy@example.test",
        user__password="!unusable",
    )


def users_url(home_la, **query) -> str:
    url = reverse("la:users", args=[home_la.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def test_the_users_list_shows_la_people_and_setting_staff_with_their_roles(
    client_as, la_admin, advisor, manager, colleague, home_la, other_manager
):
    page = shown_text(client_as(la_admin).get(users_url(home_la)))

    for name in ["Adam Advisor", "Alex Administrator", "Ivy Invited", "Mary Manager"]:
        assert name in page
    assert "Oscar Othermanager" not in page  # another LA's setting
    assert "Children in care advisor" in page
    assert "Manager at Acorn Day Nursery" in page
    assert "Change Ivy Invited's role" in page
    assert "Send Ivy Invited's invitation again" in page


@pytest.mark.parametrize("search", ["ivy", "IVY@EXAMPLE", "Invited"])
def test_the_users_list_finds_people_by_name_or_email(
    client_as, la_admin, advisor, colleague, home_la, search
):
    response = client_as(la_admin).get(users_url(home_la, q=search))

    assert [user.full_name for user in response.context["page"].object_list] == ["Ivy Invited"]
    assert f'value="{search}"' in response.content.decode()


def test_a_search_that_finds_nobody_says_so(client_as, la_admin, home_la):
    page = text_of(client_as(la_admin).get(users_url(home_la, q="zzz")))

    assert "No one matches “zzz”." in page


def test_the_users_list_is_paginated_and_keeps_the_search(client_as, la_admin, home_la):
    for n in range(30):
        LaRoleFactory(local_authority=home_la, user__full_name=f"Sam Person {n:02d}")
    client = client_as(la_admin)

    first = client.get(users_url(home_la, q="sam"))
    second = client.get(users_url(home_la, q="sam", page=2))

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in text_of(first)
    assert 'href="?q=sam&amp;page=2"' in first.content.decode()


def test_an_la_admin_changes_a_colleagues_role_and_it_is_audited(
    client_as, la_admin, colleague, home_la
):
    response = client_as(la_admin).post(
        la_url("edit", home_la, colleague),
        {"version": "1", "full_name": "Ivy Ingram", "role": "improvement_advisor"},
    )

    assert path_of(response) == reverse("la:users", args=[home_la.slug])
    colleague.refresh_from_db()
    assert (colleague.role, colleague.user.full_name, colleague.version) == (
        "improvement_advisor",
        "Ivy Ingram",
        2,
    )
    event = AuditEvent.objects.get(verb="la_role.updated")
    assert (event.actor, event.local_authority) == (la_admin, home_la)
    assert event.changes == {
        "full_name": ["Ivy Invited", "Ivy Ingram"],
        "role": ["Children in care advisor", "Improvement advisor"],
    }


def test_an_advisor_who_stops_being_one_no_longer_supports_settings(
    client_as, la_admin, advisor, home_la, care_setting
):
    la_role = advisor.la_roles.get()

    client_as(la_admin).post(
        la_url("edit", home_la, la_role),
        {"version": "1", "full_name": "Adam Advisor", "role": "cic_advisor"},
    )

    assert not AdvisorAssignment.objects.filter(la_role=la_role).exists()
    event = AuditEvent.objects.get(verb="la_role.updated")
    assert event.changes["settings_supported"] == [["Acorn Day Nursery"], []]


def test_a_role_the_person_already_holds_is_refused_on_the_role_field(
    client_as, la_admin, colleague, home_la
):
    LaRoleFactory(user=colleague.user, local_authority=home_la, role=LaRole.Role.LA_ADMIN)

    response = client_as(la_admin).post(
        la_url("edit", home_la, colleague),
        {"version": "1", "full_name": "Ivy Invited", "role": "la_admin"},
    )

    assert response.status_code == 200
    assert "Ivy Invited already has that role at this local authority" in text_of(response)
    colleague.refresh_from_db()
    assert colleague.role == "cic_advisor"


def test_a_concurrent_change_of_an_la_role_is_explained(client_as, la_admin, colleague, home_la):
    LaRole.objects.filter(pk=colleague.pk).update(version=2, role="improvement_advisor")

    response = client_as(la_admin).post(
        la_url("edit", home_la, colleague),
        {"version": "1", "full_name": "Ivy Invited", "role": "la_admin"},
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "Someone else changed this person's role while you were editing" in page
    assert ("Role", "Improvement advisor", "LA administrator") in response.context["conflict"]
    colleague.refresh_from_db()
    assert colleague.role == "improvement_advisor"


def test_the_only_la_admin_cannot_give_up_the_role(client_as, la_admin, home_la):
    la_role = la_admin.la_roles.get()

    response = client_as(la_admin).post(
        la_url("edit", home_la, la_role),
        {"version": "1", "full_name": "Alex Administrator", "role": "cic_advisor"},
    )

    assert response.status_code == 200
    assert (
        "Alex Administrator is the only LA administrator at Northshire County Council: make "
        "someone else an LA administrator first" in text_of(response)
    )
    la_role.refresh_from_db()
    assert la_role.role == "la_admin"


def test_an_la_admin_deactivates_a_colleague_who_loses_access_at_once(
    client_as, la_admin, cic_advisor, home_la
):
    their_client = client_as(cic_advisor)
    home = reverse("la:my_settings", args=[home_la.slug])
    assert their_client.get(home).status_code == 200
    la_role = cic_advisor.la_roles.get()

    response = client_as(la_admin).post(la_url("deactivate", home_la, la_role), {"reason": "Left"})

    assert path_of(response) == reverse("la:users", args=[home_la.slug])
    la_role.refresh_from_db()
    assert not la_role.is_active
    assert their_client.get(home).status_code == 404
    event = AuditEvent.objects.get(verb="la_role.deactivated")
    assert (event.actor, event.local_authority, event.changes) == (
        la_admin,
        home_la,
        {"is_active": [True, False], "reason": "Left"},
    )


def test_an_la_admin_cannot_deactivate_themselves(client_as, la_admin, home_la):
    LaRoleFactory(local_authority=home_la, role=LaRole.Role.LA_ADMIN)

    response = client_as(la_admin).post(
        la_url("deactivate", home_la, la_admin.la_roles.get()), {"reason": "Leaving"}
    )

    assert response.status_code == 200
    assert "You cannot deactivate yourself" in text_of(response)


def test_an_la_invitation_is_sent_again_once_committed(
    client_as, la_admin, colleague, home_la, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(la_admin).post(la_url("resend", home_la, colleague))

    assert path_of(response) == reverse("la:users", args=[home_la.slug])
    [email] = mail.outbox
    assert email.to == ["ivy@example.test"]
    assert "/accounts/password/reset/" in email.body
    assert "Children in care advisor" in email.body
    assert AuditEvent.objects.get(verb="la_role.invitation_resent").local_authority == home_la


def test_an_la_role_taken_away_already_is_not_taken_away_again(
    client_as, la_admin, cic_advisor, home_la
):
    la_role = cic_advisor.la_roles.get()
    stale = LaRole.objects.select_related("user", "local_authority").get(pk=la_role.pk)
    client_as(la_admin).post(la_url("deactivate", home_la, la_role), {"reason": "Left"})

    again = staff_services.la_role_deactivate(by=la_admin, la_role=stale, reason="Left")

    assert again is False
    assert AuditEvent.objects.filter(verb="la_role.deactivated").count() == 1
    la_role.refresh_from_db()
    assert la_role.version == 2


def test_the_same_la_invitation_form_sent_twice_sends_it_once(
    client_as, la_admin, colleague, home_la, django_capture_on_commit_callbacks
):
    client = client_as(la_admin)
    resend_url = la_url("resend", home_la, colleague)
    rendered = rendered_fields(client, resend_url)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(resend_url, rendered)
        client.post(resend_url, rendered)

    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(verb="la_role.invitation_resent").count() == 1


@pytest.mark.parametrize("page", ["edit", "deactivate", "resend"])
def test_another_las_roles_are_not_found(client_as, la_admin, home_la, other_la_admin, page):
    other_role = other_la_admin.la_roles.get()

    response = client_as(la_admin).get(la_url(page, home_la, other_role))

    assert response.status_code == 404


def test_the_la_overview_links_to_the_users_list(client_as, la_admin, home_la):
    page = client_as(la_admin).get(reverse("la:overview", args=[home_la.slug]))

    assert reverse("la:users", args=[home_la.slug]) in page.content.decode()


# --- The seam to the key-person app ------------------------------------------------------------


def test_the_staff_leaving_hook_has_the_key_person_listener():
    listeners = [
        f"{listener.__module__}.{listener.__qualname__}"
        for listener in lifecycle.on_staff_left.listeners
    ]

    assert listeners == ["keypersons.services.staff_left"]


def test_a_user_with_no_role_here_is_unaffected_by_the_users_search(client_as, la_admin, home_la):
    UserFactory(full_name="Nora Nobody Else")

    page = text_of(client_as(la_admin).get(users_url(home_la, q="nora")))

    assert "Nora Nobody Else" not in page
