"""Two managers (or one double click) at the same moment on key persons and training.

The allocation form says which key person and buddy it was rendered with: an allocation made
by someone else in between is explained, not silently replaced. The same render of the
allocation or training form sent twice saves once.
"""

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from children.models import Child
from keypersons import services
from keypersons.models import KeyPersonAllocation, TrainingRecord
from tests.concurrency import needs_postgres, post_together, rendered_fields
from tests.conftest import MODEL_BACKEND
from tests.factories.accounts import ChildFactory, MembershipFactory

Kind = KeyPersonAllocation.Kind
ROUNDS = 4


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def url(name: str, care_setting, *args) -> str:
    return reverse(f"settings:keypersons:{name}", args=[care_setting.slug, *args])


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def deputy(care_setting) -> User:
    """A second manager at the setting."""
    return MembershipFactory(
        user__full_name="Morgan Deputy", care_setting=care_setting, manager=True
    ).user


# --- Item: two allocations of the same child at once: the second is told ------------------


def test_an_allocation_made_while_the_form_was_open_is_explained_not_replaced(
    client_as, manager, deputy, care_setting, key_person, practitioner
):
    child = ChildFactory(care_setting=care_setting, first_name="Amara")
    client = client_as(manager)
    allocate_url = url("allocate", care_setting, child.pk)
    seen = rendered_fields(client, allocate_url)
    services.key_person_allocate(by=deputy, child=child, staff=key_person)

    response = client.post(
        allocate_url,
        {**seen, "kind": Kind.KEY_PERSON, "staff": practitioner.pk, "reason": "Settling in"},
    )

    assert response.status_code == 200
    page = text_of(response)
    assert (
        "Kim Keyperson was allocated as Amara&#x27;s key person by Morgan Deputy a moment ago"
        in page
    )
    assert 'value="Settling in"' in page
    assert Child.objects.get(pk=child.pk).key_person == key_person
    assert KeyPersonAllocation.objects.filter(child=child).count() == 1
    # The page now shows the new allocation, and saving again is a deliberate change.
    again = client.post(
        allocate_url,
        {
            **rendered_fields(client, allocate_url),
            "kind": Kind.KEY_PERSON,
            "staff": practitioner.pk,
            "reason": "Settling in",
        },
    )
    assert again.status_code == 302
    assert Child.objects.get(pk=child.pk).key_person == practitioner


def test_an_allocation_ended_while_the_form_was_open_is_explained(
    client_as, manager, deputy, care_setting, key_person, practitioner
):
    child = ChildFactory(care_setting=care_setting, first_name="Amara")
    services.key_person_allocate(by=manager, child=child, staff=key_person)
    client = client_as(manager)
    allocate_url = url("allocate", care_setting, child.pk)
    seen = rendered_fields(client, allocate_url)
    services.key_person_end(by=deputy, child=child, reason="Left")

    response = client.post(
        allocate_url,
        {**seen, "kind": Kind.KEY_PERSON, "staff": practitioner.pk, "reason": "Cover"},
    )

    assert response.status_code == 200
    assert "Amara&#x27;s key person was ended a moment ago" in text_of(response)
    assert Child.objects.get(pk=child.pk).key_person is None


def test_the_service_refuses_an_allocation_over_one_it_did_not_see(
    manager, deputy, care_setting, key_person, practitioner
):
    child = ChildFactory(care_setting=care_setting, first_name="Amara")
    services.key_person_allocate(by=deputy, child=child, staff=key_person)

    with pytest.raises(ValidationError) as refused:
        services.key_person_allocate(
            by=manager,
            child=child,
            staff=practitioner,
            reason="Cover",
            seen=services.Seen(allocation_id=None),
        )

    assert refused.value.code == "changed"
    assert Child.objects.get(pk=child.pk).key_person == key_person


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_allocating_the_same_child_at_once_the_second_is_told(
    manager, deputy, care_setting, key_person, practitioner
):
    first, second = signed_in(manager), signed_in(deputy)
    for round_ in range(ROUNDS):
        child = ChildFactory(care_setting=care_setting, first_name=f"Amara{round_}")
        allocate_url = url("allocate", care_setting, child.pk)
        posts = [
            (
                client,
                allocate_url,
                {
                    **rendered_fields(client, allocate_url),
                    "kind": Kind.KEY_PERSON,
                    "staff": staff.pk,
                    "reason": "Settling in",
                },
            )
            for client, staff in ((first, key_person), (second, practitioner))
        ]

        responses = post_together(posts)

        assert sorted(response.status_code for response in responses) == [200, 302]
        refused = text_of(next(r for r in responses if r.status_code == 200))
        assert f"as Amara{round_}&#x27;s key person by" in refused
        assert "a moment ago" in refused
        assert KeyPersonAllocation.objects.filter(child=child).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_save_allocation_allocates_once(manager, care_setting, key_person):
    first_tab, second_tab = signed_in(manager), signed_in(manager)
    for round_ in range(ROUNDS):
        child = ChildFactory(care_setting=care_setting, first_name=f"Amara{round_}")
        allocate_url = url("allocate", care_setting, child.pk)
        data = {
            **rendered_fields(first_tab, allocate_url),
            "kind": Kind.KEY_PERSON,
            "staff": key_person.pk,
            "reason": "",
        }

        responses = post_together(
            [(first_tab, allocate_url, data), (second_tab, allocate_url, data)]
        )

        assert {path_of(response) for response in responses} == {allocate_url}
        assert KeyPersonAllocation.objects.filter(child=child).count() == 1


def test_an_allocation_sent_twice_from_the_same_page_allocates_once(
    client_as, manager, care_setting, key_person
):
    child = ChildFactory(care_setting=care_setting)
    client = client_as(manager)
    allocate_url = url("allocate", care_setting, child.pk)
    data = {
        **rendered_fields(client, allocate_url),
        "kind": Kind.KEY_PERSON,
        "staff": key_person.pk,
        "reason": "",
    }

    responses = [client.post(allocate_url, data), client.post(allocate_url, data)]

    assert [path_of(response) for response in responses] == [allocate_url, allocate_url]
    assert KeyPersonAllocation.objects.filter(child=child).count() == 1


# --- Item: the same training record sent twice is saved once -------------------------------


def training_form(**overrides: str) -> dict[str, str]:
    return {
        "course": TrainingRecord.Course.PAEDIATRIC_FIRST_AID,
        "completed_on_0": "2",
        "completed_on_1": "2",
        "completed_on_2": "2026",
        "provider": "St John Ambulance",
        **overrides,
    }


def test_a_training_record_sent_twice_from_the_same_page_is_saved_once(
    client_as, manager, care_setting, key_person
):
    client = client_as(manager)
    add_url = url("training_add", care_setting, key_person.pk)
    data = {**rendered_fields(client, add_url), **training_form()}

    responses = [client.post(add_url, data), client.post(add_url, data)]

    assert {path_of(response) for response in responses} == {url("training", care_setting)}
    assert TrainingRecord.objects.filter(staff=key_person).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_save_training_record_saves_once(manager, care_setting, key_person):
    add_url = url("training_add", care_setting, key_person.pk)
    first_tab, second_tab = signed_in(manager), signed_in(manager)
    for round_ in range(ROUNDS):
        data = {**rendered_fields(first_tab, add_url), **training_form(provider=f"Round {round_}")}

        responses = post_together([(first_tab, add_url, data), (second_tab, add_url, data)])

        assert [response.status_code for response in responses] == [302, 302]
        assert TrainingRecord.objects.filter(provider=f"Round {round_}").count() == 1
