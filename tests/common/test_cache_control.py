"""Nothing about a child is kept in a browser's or a proxy's cache; static files still are."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory

NO_STORE = "private, no-store"


def test_a_signed_in_page_is_neither_shared_nor_stored(client_as, manager, care_setting):
    response = client_as(manager).get(reverse("settings:overview", args=[care_setting.slug]))

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_a_csv_export_of_children_is_neither_shared_nor_stored(
    client_as, manager, care_setting, key_child
):
    response = client_as(manager).get(
        reverse("settings:children:export", args=[care_setting.slug])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.parametrize("url_name", ["settings:children:detail", "settings:learning:tracker"])
def test_a_childs_pages_are_neither_shared_nor_stored(
    client_as, manager, care_setting, key_child, url_name
):
    response = client_as(manager).get(reverse(url_name, args=[care_setting.slug, key_child.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_a_refusal_to_a_signed_in_person_is_not_stored_either(client_as, key_person, care_setting):
    response = client_as(key_person).get(reverse("settings:staff", args=[care_setting.slug]))

    assert response.status_code == 403
    assert response["Cache-Control"] == NO_STORE


def test_a_progress_check_pdf_keeps_its_own_private_no_store(
    client_as, manager, care_setting, key_child
):
    response = client_as(manager).get(
        reverse("settings:learning:leaving_pdf", args=[care_setting.slug, key_child.pk])
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_a_childs_photo_is_not_kept_by_any_cache(client_as, key_person, key_child, care_setting):
    observation = ObservationFactory(
        care_setting=care_setting, author=key_person, children=[key_child]
    )
    photo = ObservationPhotoFactory(observation=observation)

    response = client_as(key_person).get(
        reverse("settings:learning:photo", args=[care_setting.slug, photo.pk])
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_static_files_keep_their_public_caching(client_as, manager):
    for client in (Client(), client_as(manager)):
        response = client.get("/static/css/application.css")

        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
        assert "public" in response["Cache-Control"]
