"""Two people at the same moment on the accounts forms: no 500, no duplicate, no lost change.

Invitations and new settings meet unique indexes (e-mail, role, Ofsted URN, address) when
two are sent at once: the second is told, as if it had come a moment later. The LA policy
carries a version: a save over someone else's is refused and explained. The same render of
a form sent twice (a double click) saves once.
"""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import CareSetting, LaRole, LocalAuthority, Membership, User
from common.models import AuditEvent
from tests.concurrency import committed_during, needs_postgres, post_together, rendered_fields
from tests.conftest import MODEL_BACKEND
from tests.factories.accounts import (
    CareSettingFactory,
    LaRoleFactory,
    MembershipFactory,
    UserFactory,
)

ROUNDS = 4  # a race is likely, not certain, in one round: several make it near certain


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def invite_form(**overrides: str) -> dict[str, str]:
    return {
        "full_name": "Poppy Newstarter",
        "email": "poppy.newstarter@example.test",
        "role": Membership.Role.PRACTITIONER,
        "job_title": "Nursery nurse",
        **overrides,
    }


def setting_form(**overrides: str) -> dict[str, str]:
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


def outcomes(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


@pytest.fixture
def eager_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def second_manager(care_setting) -> User:
    return MembershipFactory(
        user__full_name="Morgan Deputy", care_setting=care_setting, manager=True
    ).user


@pytest.fixture
def second_la_admin(home_la) -> User:
    return LaRoleFactory(
        user__full_name="Sam Second-Admin", local_authority=home_la, role=LaRole.Role.LA_ADMIN
    ).user


# --- Item: simultaneous invitations and settings are told, never a 500 ------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_inviting_the_same_person_at_once_make_one_membership_and_tell_the_second(
    manager, second_manager, care_setting, eager_tasks
):
    url = reverse("settings:staff_invite", args=[care_setting.slug])
    first, second = signed_in(manager), signed_in(second_manager)
    for round_ in range(ROUNDS):
        email = f"new.starter{round_}@example.test"
        mail.outbox.clear()
        posts = [
            (client, url, {**rendered_fields(client, url), **invite_form(email=email)})
            for client in (first, second)
        ]

        responses = post_together(posts)

        assert outcomes(responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200).content.decode()
        assert "This person is already a member of staff at this setting" in refused
        assert f'value="{email}"' in refused
        assert User.objects.filter(email=email).count() == 1
        assert Membership.objects.filter(user__email=email, care_setting=care_setting).count() == 1
        assert [message.to for message in mail.outbox] == [[email]]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_la_admins_inviting_the_same_colleague_at_once_make_one_role_and_tell_the_second(
    la_admin, second_la_admin, home_la, eager_tasks
):
    url = reverse("la:invite", args=[home_la.slug])
    first, second = signed_in(la_admin), signed_in(second_la_admin)
    for round_ in range(ROUNDS):
        email = f"ivy{round_}@northshire.example"
        data = {
            "full_name": "Ivy Improvement",
            "email": email,
            "role": LaRole.Role.IMPROVEMENT_ADVISOR,
        }
        posts = [
            (client, url, {**rendered_fields(client, url), **data}) for client in (first, second)
        ]

        responses = post_together(posts)

        assert outcomes(responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200).content.decode()
        assert "This person already has that role at this local authority" in refused
        assert LaRole.objects.filter(user__email=email).count() == 1
        assert User.objects.filter(email=email).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_la_admins_adding_the_same_setting_at_once_add_it_once_and_tell_the_second(
    la_admin, second_la_admin, home_la
):
    url = reverse("la:setting_add", args=[home_la.slug])
    first, second = signed_in(la_admin), signed_in(second_la_admin)
    for round_ in range(ROUNDS):
        data = setting_form(ofsted_urn=f"EY65432{round_}", name=f"Buttercups {round_}")
        posts = [
            (client, url, {**rendered_fields(client, url), **data}) for client in (first, second)
        ]

        responses = post_together(posts)

        assert outcomes(responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200).content.decode()
        assert "A setting with this Ofsted URN is already on the portal" in refused
        assert f'value="Buttercups {round_}"' in refused
        assert CareSetting.objects.filter(ofsted_urn=f"EY65432{round_}").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_settings_of_the_same_name_added_at_once_each_get_their_own_address(
    la_admin, second_la_admin, home_la
):
    url = reverse("la:setting_add", args=[home_la.slug])
    first, second = signed_in(la_admin), signed_in(second_la_admin)
    for round_ in range(ROUNDS):
        name = f"Little Acorns {round_}"
        posts = [
            (
                client,
                url,
                {**rendered_fields(client, url), **setting_form(name=name, ofsted_urn=urn)},
            )
            for client, urn in ((first, f"EY70000{round_}"), (second, f"EY80000{round_}"))
        ]

        responses = post_together(posts)

        assert outcomes(responses) == [302, 302]
        slugs = set(CareSetting.objects.filter(name=name).values_list("slug", flat=True))
        assert slugs == {f"little-acorns-{round_}", f"little-acorns-{round_}-2"}


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_account_created_between_the_check_and_the_insert_is_the_one_invited(
    manager, care_setting
):
    email = "late.arrival@example.test"

    with committed_during(lambda: UserFactory(email=email, full_name="Late Arrival")):
        membership = services.staff_invite(
            by=manager,
            care_setting=care_setting,
            full_name="Late Arrival",
            email=email,
            role=Membership.Role.PRACTITIONER,
        )

    assert membership.user == User.objects.get(email=email)
    assert Membership.objects.filter(user__email=email).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_membership_created_between_the_check_and_the_insert_is_refused_as_already_staff(
    manager, care_setting
):
    email = "late.arrival@example.test"

    def invited_meanwhile() -> None:
        MembershipFactory(user__email=email, care_setting=care_setting)

    with committed_during(invited_meanwhile), pytest.raises(ValidationError) as refused:
        services.staff_invite(
            by=manager,
            care_setting=care_setting,
            full_name="Late Arrival",
            email=email,
            role=Membership.Role.PRACTITIONER,
        )

    assert refused.value.message_dict == {
        "email": ["This person is already a member of staff at this setting"]
    }
    assert Membership.objects.filter(user__email=email).count() == 1
    assert not AuditEvent.objects.filter(verb="staff.invited").exists()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_la_role_given_between_the_check_and_the_insert_is_refused_as_already_held(
    la_admin, home_la
):
    email = "late.arrival@example.test"

    def given_meanwhile() -> None:
        LaRoleFactory(user__email=email, local_authority=home_la, role=LaRole.Role.CIC_ADVISOR)

    with committed_during(given_meanwhile), pytest.raises(ValidationError) as refused:
        services.la_staff_invite(
            by=la_admin,
            local_authority=home_la,
            full_name="Late Arrival",
            email=email,
            role=LaRole.Role.CIC_ADVISOR,
        )

    assert refused.value.message_dict == {
        "email": ["This person already has that role at this local authority"]
    }
    assert LaRole.objects.filter(user__email=email).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_setting_added_between_the_check_and_the_insert_is_refused_or_renamed(la_admin, home_la):
    fields = {
        "name": "Buttercups",
        "kind": CareSetting.Kind.PRESCHOOL,
        "address_line_1": "1 Church Lane",
        "town": "Little Snoring",
        "postcode": "NR21 0AB",
    }
    with (
        committed_during(lambda: CareSettingFactory(ofsted_urn="EY111111")),
        pytest.raises(ValidationError) as refused,
    ):
        services.care_setting_create(
            by=la_admin, local_authority=home_la, ofsted_urn="EY111111", **fields
        )
    assert refused.value.message_dict == {
        "ofsted_urn": ["A setting with this Ofsted URN is already on the portal"]
    }

    with committed_during(lambda: CareSettingFactory(slug="buttercups", ofsted_urn="EY222222")):
        added = services.care_setting_create(
            by=la_admin, local_authority=home_la, ofsted_urn="EY333333", **fields
        )
    assert added.slug == "buttercups-2"


# --- Item: the LA policy is never overwritten without a word ------------------------------


def policy_form(**overrides: str) -> dict[str, str]:
    return {
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
        **overrides,
    }


def test_a_policy_saved_over_someone_elses_save_is_refused_and_keeps_what_was_typed(
    client_as, la_admin, second_la_admin, home_la
):
    url = reverse("la:policy", args=[home_la.slug])
    first, second = client_as(la_admin), client_as(second_la_admin)
    seen_by_first = rendered_fields(first, url)
    seen_by_second = rendered_fields(second, url)
    assert seen_by_first["version"] == seen_by_second["version"] == "1"

    saved = first.post(url, {**seen_by_first, **policy_form(initial_pep_days="15")})
    late = second.post(url, {**seen_by_second, **policy_form(paperwork_lead_days="7")})

    assert saved.status_code == 302
    assert late.status_code == 200
    html = " ".join(late.content.decode().split())
    assert "Someone else changed this record while you were editing it." in html
    # What the record says now, next to what was typed; the typed change is still there.
    assert "Initial PEP deadline (days)" in html
    assert 'name="paperwork_lead_days" value="7"' in html
    assert 'name="version" value="2"' in html
    home_la.refresh_from_db()
    assert (home_la.initial_pep_days, home_la.paperwork_lead_days, home_la.version) == (15, 5, 2)
    assert AuditEvent.objects.filter(verb="la.policy_changed").count() == 1


def test_the_policy_saved_again_from_the_conflict_page_is_a_deliberate_save(
    client_as, la_admin, home_la
):
    url = reverse("la:policy", args=[home_la.slug])
    client = client_as(la_admin)
    LocalAuthority.objects.filter(pk=home_la.pk).update(initial_pep_days=15, version=2)

    refused = client.post(url, {"version": "1", **policy_form(paperwork_lead_days="7")})
    again = client.post(url, {"version": "2", **policy_form(paperwork_lead_days="7")})

    assert refused.status_code == 200
    assert again.status_code == 302
    home_la.refresh_from_db()
    assert (home_la.initial_pep_days, home_la.paperwork_lead_days, home_la.version) == (20, 7, 3)


def test_the_same_policy_form_sent_twice_saves_once_without_a_conflict(
    client_as, la_admin, home_la
):
    url = reverse("la:policy", args=[home_la.slug])
    client = client_as(la_admin)
    data = {**rendered_fields(client, url), **policy_form(initial_pep_days="15")}

    responses = [client.post(url, data), client.post(url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    home_la.refresh_from_db()
    assert (home_la.initial_pep_days, home_la.version) == (15, 2)


# --- Item: the same invitation or setting sent twice is saved once --------------------------


def test_an_invitation_sent_twice_from_the_same_page_invites_once(
    client_as, manager, care_setting, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    url = reverse("settings:staff_invite", args=[care_setting.slug])
    client = client_as(manager)
    data = {**rendered_fields(client, url), **invite_form()}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        again = client.post(url, data)

    assert path_of(first) == path_of(again) == reverse("settings:staff", args=[care_setting.slug])
    assert Membership.objects.filter(user__email="poppy.newstarter@example.test").count() == 1
    assert len(mail.outbox) == 1
    page = client.get(path_of(again)).content.decode()
    assert "This form was sent more than once: it has been saved once." in page


def test_a_colleague_invitation_and_a_setting_sent_twice_are_saved_once(
    client_as, la_admin, home_la
):
    client = client_as(la_admin)
    invite_url = reverse("la:invite", args=[home_la.slug])
    add_url = reverse("la:setting_add", args=[home_la.slug])
    invitation = {
        **rendered_fields(client, invite_url),
        "full_name": "Ivy Improvement",
        "email": "ivy@northshire.example",
        "role": LaRole.Role.IMPROVEMENT_ADVISOR,
    }
    setting = {**rendered_fields(client, add_url), **setting_form()}

    responses = [
        client.post(invite_url, invitation),
        client.post(invite_url, invitation),
        client.post(add_url, setting),
        client.post(add_url, setting),
    ]

    overview = reverse("la:overview", args=[home_la.slug])
    assert [path_of(response) for response in responses] == [overview] * 4
    assert LaRole.objects.filter(user__email="ivy@northshire.example").count() == 1
    assert CareSetting.objects.filter(ofsted_urn="EY654321").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_send_invitation_invites_once(manager, care_setting, eager_tasks):
    url = reverse("settings:staff_invite", args=[care_setting.slug])
    first_tab, second_tab = signed_in(manager), signed_in(manager)
    for round_ in range(ROUNDS):
        email = f"double.click{round_}@example.test"
        mail.outbox.clear()
        data = {**rendered_fields(first_tab, url), **invite_form(email=email)}

        responses = post_together([(first_tab, url, data), (second_tab, url, data)])

        assert outcomes(responses) == [302, 302]
        assert Membership.objects.filter(user__email=email).count() == 1
        assert len(mail.outbox) == 1
