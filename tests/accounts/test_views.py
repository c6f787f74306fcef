"""Accounts pages end to end through the test client: settings, staff, advisors, sign-in."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AdvisorAssignment, CareSetting, LaRole, Membership, User
from common.audit import audit_record
from common.models import AuditEvent
from tests.factories.accounts import DEMO_PASSWORD, ChildFactory, LaRoleFactory, MembershipFactory


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


# --- LA admin adds a setting ----------------------------------------------------------


def new_setting_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Buttercups Community Pre-school",
        "kind": CareSetting.Kind.PRESCHOOL,
        "ofsted_urn": "EY654321",
        "address_line_1": "The Village Hall, Church Lane",
        "address_line_2": "",
        "town": "Little Snoring",
        "postcode": "NR21 0AB",
        "phone": "",
        "email": "",
        **overrides,
    }


def test_an_la_admin_adds_a_setting_to_their_la(client_as, la_admin, home_la):
    url = reverse("la:setting_add", args=[home_la.slug])

    response = client_as(la_admin).post(url, new_setting_form())

    assert response.status_code == 302
    assert path_of(response) == reverse("la:overview", args=[home_la.slug])
    added = CareSetting.objects.get(ofsted_urn="EY654321")
    assert (added.local_authority, added.slug) == (home_la, "buttercups-community-pre-school")
    event = AuditEvent.objects.get(verb="setting.created")
    assert (event.actor, event.target, event.care_setting, event.local_authority) == (
        la_admin,
        added,
        added,
        home_la,
    )
    assert event.changes["ofsted_urn"] == "EY654321"
    assert event.ip_address == "127.0.0.1"


def test_adding_a_setting_normalises_the_urn_and_postcode(client_as, la_admin, home_la):
    form = new_setting_form(ofsted_urn=" ey 654321", postcode="nr21   0ab")

    client_as(la_admin).post(reverse("la:setting_add", args=[home_la.slug]), form)

    added = CareSetting.objects.get(name="Buttercups Community Pre-school")
    assert (added.ofsted_urn, added.postcode) == ("EY654321", "NR21 0AB")


def test_a_second_setting_with_the_same_name_gets_its_own_address(client_as, la_admin, home_la):
    client = client_as(la_admin)
    url = reverse("la:setting_add", args=[home_la.slug])

    client.post(url, new_setting_form())
    client.post(url, new_setting_form(ofsted_urn="EY654322"))

    assert set(CareSetting.objects.values_list("slug", flat=True)) == {
        "buttercups-community-pre-school",
        "buttercups-community-pre-school-2",
    }


def test_a_setting_with_a_bad_urn_is_not_added_and_the_typed_values_stay(
    client_as, la_admin, home_la
):
    form = new_setting_form(ofsted_urn="XY12")

    response = client_as(la_admin).post(reverse("la:setting_add", args=[home_la.slug]), form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter an Ofsted URN of 6 or 7 digits" in html
    assert 'value="Buttercups Community Pre-school"' in html
    assert 'value="XY12"' in html
    assert 'value="Little Snoring"' in html
    assert not CareSetting.objects.filter(name="Buttercups Community Pre-school").exists()
    assert not AuditEvent.objects.filter(verb="setting.created").exists()


def test_a_setting_whose_urn_is_already_on_the_portal_is_refused(
    client_as, la_admin, home_la, other_setting
):
    form = new_setting_form(ofsted_urn=other_setting.ofsted_urn)

    response = client_as(la_admin).post(reverse("la:setting_add", args=[home_la.slug]), form)

    assert response.status_code == 200
    assert "A setting with this Ofsted URN is already on the portal" in response.content.decode()


def test_an_empty_setting_form_lists_every_missing_answer(client_as, la_admin, home_la):
    # A browser always sends the button; an empty POST would be an unbound form.
    response = client_as(la_admin).post(
        reverse("la:setting_add", args=[home_la.slug]), {"submit": "Add setting"}
    )

    html = response.content.decode()
    for message in [
        "Enter the setting&#x27;s name",
        "Select the kind of setting",
        "Enter the setting&#x27;s Ofsted URN",
        "Enter the first line of the address",
        "Enter the town or city",
        "Enter the postcode",
    ]:
        assert message in html


# --- A manager invites staff ------------------------------------------------------------


def invite_form(**overrides: str) -> dict[str, str]:
    return {
        "full_name": "Poppy Newstarter",
        "email": "Poppy.Newstarter@Example.TEST",
        "role": Membership.Role.PRACTITIONER,
        "job_title": "Nursery nurse",
        **overrides,
    }


def test_a_manager_invites_a_new_practitioner_who_gets_an_email_to_choose_a_password(
    client_as, manager, care_setting, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = client_as(manager)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("settings:staff_invite", args=[care_setting.slug]), invite_form()
        )

    assert response.status_code == 302
    assert path_of(response) == reverse("settings:staff", args=[care_setting.slug])
    membership = Membership.objects.get(user__email="poppy.newstarter@example.test")
    assert (membership.care_setting, membership.role, membership.job_title) == (
        care_setting,
        Membership.Role.PRACTITIONER,
        "Nursery nurse",
    )
    assert not membership.user.has_usable_password()
    assert AuditEvent.objects.filter(verb="staff.invited", care_setting=care_setting).count() == 1
    assert len(callbacks) == 1
    [email] = mail.outbox
    assert email.to == ["poppy.newstarter@example.test"]
    assert care_setting.name in email.body
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", email.body).group(0)
    # The link works: it leads to the form to choose a password.
    landing = Client().get(urlsplit(link).path, follow=True)
    assert landing.status_code == 200
    assert "Choose a new password" in landing.content.decode()


def test_the_invitation_is_queued_only_once_the_invitation_is_committed(
    client_as, manager, care_setting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_as(manager).post(
            reverse("settings:staff_invite", args=[care_setting.slug]), invite_form()
        )

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_inviting_someone_who_works_elsewhere_adds_the_setting_to_their_account(
    client_as, manager, care_setting, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    elsewhere = MembershipFactory().user

    with django_capture_on_commit_callbacks(execute=True):
        client_as(manager).post(
            reverse("settings:staff_invite", args=[care_setting.slug]),
            invite_form(email=elsewhere.email, full_name="Another Name"),
        )

    assert elsewhere.memberships.count() == 2
    assert User.objects.filter(email=elsewhere.email).count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.has_usable_password()
    [email] = mail.outbox
    assert reverse("accounts:login") in email.body
    assert "/password/reset/" not in email.body


def test_a_second_invitation_before_choosing_a_password_still_carries_the_password_link(
    client_as, manager, care_setting, other_setting, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Invited elsewhere last week; has not chosen a password yet.
    invited = MembershipFactory(care_setting=other_setting, user__password="!unusable").user
    assert not invited.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):
        client_as(manager).post(
            reverse("settings:staff_invite", args=[care_setting.slug]),
            invite_form(email=invited.email),
        )

    [email] = mail.outbox
    # Telling them to "sign in with your existing password" would leave them stuck.
    assert "/accounts/password/reset/" in email.body


def test_inviting_an_existing_member_of_staff_is_refused_with_a_message(
    client_as, manager, practitioner, care_setting
):
    response = client_as(manager).post(
        reverse("settings:staff_invite", args=[care_setting.slug]),
        invite_form(email=practitioner.email.upper()),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "This person is already a member of staff at this setting" in html
    assert Membership.objects.filter(user=practitioner).count() == 1


def test_an_la_admin_invites_a_dsl_to_a_setting_of_their_la(client_as, la_admin, care_setting):
    client_as(la_admin).post(
        reverse("settings:staff_invite", args=[care_setting.slug]),
        invite_form(is_dsl="on"),
    )

    membership = Membership.objects.get(user__email="poppy.newstarter@example.test")
    assert membership.is_dsl
    assert membership.role_label == "Practitioner, DSL"


# --- An LA admin invites colleagues and assigns advisors ----------------------------------


def test_an_la_admin_invites_an_improvement_advisor(
    client_as, la_admin, home_la, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    form = {
        "full_name": "Ivy Improvement",
        "email": "ivy@northshire.example",
        "role": LaRole.Role.IMPROVEMENT_ADVISOR,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(la_admin).post(reverse("la:invite", args=[home_la.slug]), form)

    assert path_of(response) == reverse("la:overview", args=[home_la.slug])
    la_role = LaRole.objects.get(user__email="ivy@northshire.example")
    assert (la_role.local_authority, la_role.role) == (home_la, LaRole.Role.IMPROVEMENT_ADVISOR)
    assert AuditEvent.objects.filter(verb="la_role.invited", local_authority=home_la).exists()
    [email] = mail.outbox
    assert home_la.name in email.body
    assert "/accounts/password/reset/" in email.body


def test_inviting_a_colleague_to_a_role_they_already_hold_is_refused(
    client_as, la_admin, advisor, home_la
):
    form = {
        "full_name": "Adam Advisor",
        "email": advisor.email,
        "role": LaRole.Role.IMPROVEMENT_ADVISOR,
    }

    response = client_as(la_admin).post(reverse("la:invite", args=[home_la.slug]), form)

    assert response.status_code == 200
    assert "This person already has that role at this local authority" in (
        response.content.decode()
    )
    assert LaRole.objects.filter(user=advisor).count() == 1


def test_an_la_admin_assigns_an_improvement_advisor_once_however_often_asked(
    client_as, la_admin, outsider_advisor, home_la, care_setting
):
    la_role = outsider_advisor.la_roles.get()
    url = reverse("la:advisor_assign", args=[home_la.slug, care_setting.slug])
    client = client_as(la_admin)

    first = client.post(url, {"advisor": la_role.pk})
    again = client.post(url, {"advisor": la_role.pk})

    assert path_of(first) == path_of(again) == reverse("la:overview", args=[home_la.slug])
    assert (
        AdvisorAssignment.objects.filter(la_role=la_role, care_setting=care_setting).count() == 1
    )
    [event] = AuditEvent.objects.filter(verb="advisor.assigned")
    assert (event.actor, event.care_setting, event.local_authority) == (
        la_admin,
        care_setting,
        home_la,
    )
    assert event.changes == {"advisor": outsider_advisor.email}


def test_an_advisor_of_another_la_cannot_be_assigned(
    client_as, la_admin, home_la, care_setting, other_la
):
    stranger = LaRoleFactory(local_authority=other_la)
    url = reverse("la:advisor_assign", args=[home_la.slug, care_setting.slug])

    response = client_as(la_admin).post(url, {"advisor": stranger.pk})

    assert response.status_code == 200
    assert "Select an improvement advisor from the list" in response.content.decode()
    assert not AdvisorAssignment.objects.filter(la_role=stranger).exists()


def test_a_cic_advisor_is_not_offered_as_an_improvement_advisor(
    client_as, la_admin, cic_advisor, home_la, care_setting
):
    url = reverse("la:advisor_assign", args=[home_la.slug, care_setting.slug])

    response = client_as(la_admin).post(url, {"advisor": cic_advisor.la_roles.get().pk})

    assert response.status_code == 200
    assert not AdvisorAssignment.objects.exists()


# --- Audit trails show their own scope only ----------------------------------------------


@pytest.fixture
def audit_events(manager, other_manager, care_setting, other_setting, home_la, other_la):
    audit_record(actor=manager, verb="setting.viewed_here", care_setting=care_setting)
    audit_record(actor=manager, verb="la.event_here", local_authority=home_la)
    audit_record(actor=other_manager, verb="setting.viewed_there", care_setting=other_setting)
    audit_record(actor=other_manager, verb="la.event_there", local_authority=other_la)


def test_the_setting_audit_trail_shows_only_this_settings_events(
    client_as, manager, care_setting, audit_events
):
    html = client_as(manager).get(reverse("settings:audit", args=[care_setting.slug])).content

    assert b"Setting viewed here" in html
    assert b"Setting viewed there" not in html
    assert b"La event here" not in html


def test_the_la_audit_trail_shows_the_las_and_its_settings_events_only(
    client_as, la_admin, home_la, audit_events
):
    html = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug])).content

    assert b"Setting viewed here" in html
    assert b"La event here" in html
    assert b"Setting viewed there" not in html
    assert b"La event there" not in html


def test_the_audit_trail_is_paged_fifty_at_a_time(client_as, manager, care_setting):
    for n in range(51):
        audit_record(actor=manager, verb=f"test.event_{n}", care_setting=care_setting)
    client = client_as(manager)
    url = reverse("settings:audit", args=[care_setting.slug])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert b"Test event 50" in first.content
    assert b"Test event 0<" not in first.content
    assert b"Test event 0<" in second.content
    assert b"Page 2 of 2" in second.content


# --- Home and sign-in ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "url_name", "place"),
    [
        ("manager", "settings:overview", "care_setting"),
        ("key_person", "settings:my_key_children", "care_setting"),
        ("practitioner", "settings:my_key_children", "care_setting"),
        ("dsl", "settings:my_key_children", "care_setting"),
        ("advisor", "la:my_settings", "home_la"),
        ("cic_advisor", "la:my_settings", "home_la"),
        ("la_admin", "la:overview", "home_la"),
        ("other_manager", "settings:overview", "other_setting"),
    ],
)
def test_home_sends_each_persona_to_their_role_home(request, client_as, persona, url_name, place):
    slug = request.getfixturevalue(place).slug

    response = client_as(request.getfixturevalue(persona)).get(reverse("home"))

    assert response.status_code == 302
    assert path_of(response) == reverse(url_name, args=[slug])
    assert client_as(request.getfixturevalue(persona)).get(path_of(response)).status_code == 200


def test_home_lets_someone_with_two_workplaces_choose(client_as, manager, home_la, care_setting):
    LaRoleFactory(user=manager, local_authority=home_la, role=LaRole.Role.CIC_ADVISOR)

    response = client_as(manager).get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose where to work" in html
    assert reverse("settings:overview", args=[care_setting.slug]) in html
    assert reverse("la:my_settings", args=[home_la.slug]) in html


def test_home_tells_someone_with_no_role_to_ask_for_an_invitation(client_as, no_role_user):
    response = client_as(no_role_user).get(reverse("home"))

    assert response.status_code == 200
    assert "You do not have a role yet" in response.content.decode()


def sign_in(client: Client, email: str, password: str, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


@pytest.mark.parametrize(
    ("persona", "url_name", "place"),
    [
        ("manager", "settings:overview", "care_setting"),
        ("key_person", "settings:my_key_children", "care_setting"),
        ("la_admin", "la:overview", "home_la"),
        ("cic_advisor", "la:my_settings", "home_la"),
    ],
)
def test_signing_in_with_email_and_password_lands_on_the_role_home(
    request, client, persona, url_name, place
):
    user = request.getfixturevalue(persona)

    response = sign_in(client, user.email.upper(), DEMO_PASSWORD, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        url_name, args=[request.getfixturevalue(place).slug]
    )
    assert response.wsgi_request.user == user


def test_signing_in_honours_a_safe_next_page(client, manager, care_setting):
    staff_url = reverse("settings:staff", args=[care_setting.slug])

    response = client.post(
        f"{reverse('accounts:login')}?next={staff_url}",
        {"username": manager.email, "password": DEMO_PASSWORD},
    )

    assert path_of(response) == staff_url


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email(client, manager):
    response = sign_in(client, manager.email, "not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html
    assert f'value="{manager.email}"' in html
    assert "not-the-password" not in html


def test_five_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, manager):
    answers = [sign_in(client, manager.email, f"wrong-{n}").status_code for n in range(5)]

    right = sign_in(client, manager.email, DEMO_PASSWORD)

    # Axes answers the fifth failure itself with the lock-out page.
    assert answers == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    assert "Too many attempts to sign in" in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=manager.email).exists()


def test_changing_the_case_of_the_email_does_not_dodge_the_lock_out(client, manager):
    for n, email in enumerate(["manager@demo.test", "Manager@demo.test", "MANAGER@DEMO.TEST"]):
        sign_in(client, email, f"wrong-{n}")
        sign_in(client, f" {email} ", f"wrong-again-{n}")

    response = sign_in(client, "mAnAgEr@demo.test", DEMO_PASSWORD)

    assert response.status_code == 429


def test_a_lock_out_is_per_account_so_colleagues_can_still_sign_in(client, manager, dsl):
    for n in range(5):
        sign_in(client, manager.email, f"wrong-{n}")

    response = sign_in(client, dsl.email, DEMO_PASSWORD)

    assert response.status_code == 302


def test_four_wrong_passwords_then_the_right_one_signs_in_and_forgets_the_failures(
    client, manager
):
    for n in range(4):
        sign_in(client, manager.email, f"wrong-{n}")

    response = sign_in(client, manager.email, DEMO_PASSWORD)

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=manager.email).exists()


def test_an_address_may_fail_twenty_times_across_accounts_and_an_account_five_times():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.EYFS_LOGIN_ADDRESS_FAILURE_LIMIT == 20


def spray(client: Client, times: int, **extra) -> list[int]:
    """Try one wrong password on each of ``times`` accounts, as a password sprayer does."""
    return [
        sign_in(client, f"person-{n}@demo.test", "Spring2026!", **extra).status_code
        for n in range(times)
    ]


def test_failures_across_many_accounts_lock_the_address_out(client, manager):
    limit = django_settings.EYFS_LOGIN_ADDRESS_FAILURE_LIMIT

    answers = spray(client, limit, REMOTE_ADDR="198.51.100.23")
    right = sign_in(client, manager.email, DEMO_PASSWORD, REMOTE_ADDR="198.51.100.23")

    # No account failed twice: the address alone reached its limit, on the last try.
    assert answers == [200] * (limit - 1) + [429]
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_locked_out_for_spraying_does_not_stop_sign_in_from_elsewhere(client, manager):
    spray(client, django_settings.EYFS_LOGIN_ADDRESS_FAILURE_LIMIT, REMOTE_ADDR="198.51.100.23")

    response = sign_in(client, manager.email, DEMO_PASSWORD, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(manager.pk)


def test_a_few_failures_from_a_shared_address_do_not_lock_colleagues_out(client, manager):
    spray(client, django_settings.EYFS_LOGIN_ADDRESS_FAILURE_LIMIT - 1)

    response = sign_in(client, manager.email, DEMO_PASSWORD)

    assert response.status_code == 302


def test_signing_in_forgets_only_the_accounts_own_failures_not_the_addresss(client, manager, dsl):
    limit = django_settings.EYFS_LOGIN_ADDRESS_FAILURE_LIMIT
    sign_in(client, manager.email, "wrong-1")
    spray(client, limit - 2)
    assert sign_in(Client(), manager.email, DEMO_PASSWORD).status_code == 302

    # A sprayer who holds one real account cannot wipe the address's count by using it.
    answers = spray(Client(), 2, REMOTE_ADDR="127.0.0.1")

    assert not AccessAttempt.objects.filter(username=manager.email).exists()
    assert answers == [200, 429]
    assert sign_in(Client(), dsl.email, DEMO_PASSWORD).status_code == 429


def test_sessions_end_after_thirty_idle_minutes_and_each_request_pushes_the_end_on():
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_session_left_idle_for_thirty_one_minutes_has_ended(client_as, manager, care_setting):
    url = reverse("settings:overview", args=[care_setting.slug])
    start = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(start, tick=False) as traveller:
        client = client_as(manager)
        # Busy for an hour, never idle for more than 29 minutes.
        for _ in range(3):
            traveller.shift(timedelta(minutes=29))
            assert client.get(url).status_code == 200

        traveller.shift(timedelta(minutes=31))
        response = client.get(url)

    assert response.status_code == 302
    assert path_of(response) == reverse("accounts:login")


def test_signing_in_ignores_a_next_page_on_another_site(client, manager, care_setting):
    response = client.post(
        f"{reverse('accounts:login')}?next=https://evil.example/steal",
        {"username": manager.email, "password": DEMO_PASSWORD},
    )

    assert response["Location"] == reverse("home")


# --- Passwords ----------------------------------------------------------------------------


def test_a_password_reset_reaches_someone_invited_who_has_no_password_yet(client, db):
    invited = User.objects.create_user(email="invited@example.test", full_name="Ines Invited")

    response = client.post(reverse("accounts:password_reset"), {"email": "Invited@Example.test"})

    assert path_of(response) == reverse("accounts:password_reset_done")
    [email] = mail.outbox
    assert email.to == [invited.email]


def test_a_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})

    assert path_of(response) == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_changing_a_password_is_audited_and_keeps_the_person_signed_in(client_as, manager):
    client = client_as(manager)
    new_password = "a-much-longer-passphrase-2026"

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )

    assert path_of(response) == reverse("accounts:password_change_done")
    manager.refresh_from_db()
    assert manager.check_password(new_password)
    assert AuditEvent.objects.filter(verb="user.password_changed", actor=manager).exists()
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


# --- What an advisor's home lists ---------------------------------------------------------


def test_an_improvement_advisors_home_lists_looked_after_and_shared_children_on_roll_only(
    client_as, advisor, home_la, care_setting
):
    ChildFactory(care_setting=care_setting, first_name="Lola", looked_after=True)
    ChildFactory(care_setting=care_setting, first_name="Sami", shared=True)
    ChildFactory(care_setting=care_setting, first_name="Pip")
    ChildFactory(
        care_setting=care_setting,
        first_name="Leah",
        looked_after=True,
        date_of_birth=date(2021, 3, 10),
        start_date=date(2024, 9, 2),
        leave_date=date(2025, 7, 18),
    )

    html = client_as(advisor).get(reverse("la:my_settings", args=[home_la.slug])).content

    assert b"Lola" in html
    assert b"Sami" in html
    assert b"Pip" not in html
    assert b"Leah" not in html


# --- LA policy ---------------------------------------------------------------------


def _policy_post(**overrides):
    data = {
        "version": "1",  # the policy as the form showed it: no one has saved it since
        "pep_review_cycle": "six_monthly",
        "termly_cut_off_dates": "",
        "pep_day_count": "working",
        "initial_pep_days": "20",
        "emergency_pep_days": "10",
        "change_of_setting_pep_days": "10",
        "paperwork_lead_days": "5",
        "ey_pep_start_age": "2",
        "ey_pep_start_rule": "at_age",
        "pep_reminder_days": "10",
        "unallocated_key_person_days": "10",
        "safeguarding_training_years": "2",
        "eypp_plan_days": "30",
        "below_good_contact_days": "10",
        "targeted_visit_days": "42",
        "universal_visit_days": "365",
        "maintenance_contact_days": "60",
    }
    return data | overrides


def test_la_admin_sets_a_termly_cycle_with_cut_off_dates(client_as, la_admin, home_la):
    from common.models import AuditEvent

    response = client_as(la_admin).post(
        reverse("la:policy", args=[home_la.slug]),
        _policy_post(pep_review_cycle="termly", termly_cut_off_dates="30/11, 31/3,15/7"),
    )

    assert response.status_code == 302
    home_la.refresh_from_db()
    assert home_la.termly_cut_off_dates == ["03-31", "07-15", "11-30"]
    event = AuditEvent.objects.get(verb="la.policy_changed")
    assert event.changes["pep_review_cycle"] == ["six_monthly", "termly"]


def test_the_policy_page_asks_when_early_years_peps_start_with_radios(
    client_as, la_admin, home_la
):
    client = client_as(la_admin)
    html = client.get(reverse("la:policy", args=[home_la.slug])).content.decode()

    radios = re.findall(r"<input[^>]*govuk-radios__input[^>]*>", html)
    assert any('name="ey_pep_start_rule"' in tag and 'value="term_after"' in tag for tag in radios)
    assert "From the term after the birthday at the start age" in html

    response = client.post(
        reverse("la:policy", args=[home_la.slug]),
        _policy_post(ey_pep_start_rule="term_after", ey_pep_start_age="3"),
    )

    assert response.status_code == 302
    home_la.refresh_from_db()
    assert (home_la.ey_pep_start_rule, home_la.ey_pep_start_age) == ("term_after", 3)
    overview = client.get(reverse("la:overview", args=[home_la.slug])).content.decode()
    assert "Age 3: from the term after the birthday at the start age" in overview


def test_la_admin_sets_the_days_within_which_an_eypp_plan_is_due(client_as, la_admin, home_la):
    client = client_as(la_admin)
    html = client.get(reverse("la:policy", args=[home_la.slug])).content.decode()
    assert 'name="eypp_plan_days"' in html

    response = client.post(
        reverse("la:policy", args=[home_la.slug]), _policy_post(eypp_plan_days="45")
    )

    assert response.status_code == 302
    home_la.refresh_from_db()
    assert home_la.eypp_plan_days == 45


@pytest.mark.parametrize(
    ("typed", "message"),
    [("4", "at least 5"), ("121", "at most 120"), ("thirty", "whole number")],
)
def test_eypp_plan_days_outside_the_range_are_explained(
    client_as, la_admin, home_la, typed, message
):
    response = client_as(la_admin).post(
        reverse("la:policy", args=[home_la.slug]), _policy_post(eypp_plan_days=typed)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    home_la.refresh_from_db()
    assert home_la.eypp_plan_days == 30


def test_a_termly_cycle_without_cut_off_dates_is_explained_and_keeps_what_was_typed(
    client_as, la_admin, home_la
):
    response = client_as(la_admin).post(
        reverse("la:policy", args=[home_la.slug]),
        _policy_post(pep_review_cycle="termly", initial_pep_days="15"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter the cut-off dates for a termly review cycle" in html
    assert 'value="15"' in html
    home_la.refresh_from_db()
    assert home_la.pep_review_cycle == "six_monthly"


def test_a_bad_cut_off_date_or_an_out_of_range_number_is_a_clear_error(
    client_as, la_admin, home_la
):
    response = client_as(la_admin).post(
        reverse("la:policy", args=[home_la.slug]),
        _policy_post(termly_cut_off_dates="31/2", initial_pep_days="400"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "is not one" in html
    assert "must be at most 60" in html


@pytest.mark.parametrize("cut_off", ["1/99999999999999999999", "٣/3", "²/3", "1/3/2026"])
def test_a_hostile_cut_off_date_is_refused_in_words_not_a_crash(
    client_as, la_admin, home_la, cut_off
):
    response = client_as(la_admin).post(
        reverse("la:policy", args=[home_la.slug]),
        _policy_post(pep_review_cycle="termly", termly_cut_off_dates=cut_off),
    )

    assert response.status_code == 200
    assert "Enter each cut-off date as day/month, like 30/11" in response.content.decode()
    home_la.refresh_from_db()
    assert home_la.pep_review_cycle == "six_monthly"
