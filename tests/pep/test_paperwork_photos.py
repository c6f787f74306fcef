"""Photos for "More about me": offered from the learning journey only with photo consent."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from children.models import Consent
from learning.models import Observation
from tests.factories.children import ConsentFactory
from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def about_me(pep):
    return reverse("settings:pep:section", args=[pep.care_setting.slug, pep.pk, "more-about-me"])


def photo_of(pep, *, status=Observation.Status.PUBLISHED, caption="At the water tray"):
    observation = ObservationFactory(
        care_setting=pep.care_setting, children=[pep.child], status=status
    )
    return ObservationPhotoFactory(observation=observation, caption=caption)


def test_photos_of_published_observations_are_offered_with_consent(client_as, key_person, key_pep):
    ConsentFactory(child=key_pep.child, kind=Consent.Kind.PHOTOGRAPHS)
    published = photo_of(key_pep)
    draft = photo_of(key_pep, status=Observation.Status.DRAFT, caption="A draft")

    html = client_as(key_person).get(about_me(key_pep)).content.decode()

    assert f'name="voice_photos" type="checkbox" value="{published.pk}"' in html
    assert f'value="{draft.pk}"' not in html
    photo_url = reverse("settings:learning:photo", args=[key_pep.care_setting.slug, published.pk])
    assert f'src="{photo_url}"' in html


def test_no_photos_are_offered_without_consent(client_as, key_person, key_pep):
    photo = photo_of(key_pep)

    html = client_as(key_person).get(about_me(key_pep)).content.decode()

    assert 'name="voice_photos"' not in html
    assert "There is no photo consent in force" in html

    client_as(key_person).post(
        about_me(key_pep), {"version": 1, "voice_likes": "Sand.", "voice_photos": [photo.pk]}
    )
    key_pep.refresh_from_db()
    assert key_pep.voice_likes == "Sand."
    assert list(key_pep.voice_photos.all()) == []


def test_withdrawn_consent_offers_no_photos(client_as, key_person, key_pep):
    ConsentFactory(
        child=key_pep.child,
        kind=Consent.Kind.PHOTOGRAPHS,
        withdrawn_on=timezone.localdate() - timedelta(days=1),
    )
    photo_of(key_pep)

    html = client_as(key_person).get(about_me(key_pep)).content.decode()

    assert 'name="voice_photos"' not in html


def test_chosen_photos_are_saved_and_shown_to_readers(client_as, key_person, dsl, key_pep):
    ConsentFactory(child=key_pep.child, kind=Consent.Kind.PHOTOGRAPHS)
    chosen = photo_of(key_pep)
    photo_of(key_pep, caption="Painting")

    response = client_as(key_person).post(
        about_me(key_pep), {"version": 1, "voice_photos": [chosen.pk]}
    )

    assert response.status_code == 302
    assert list(key_pep.voice_photos.all()) == [chosen]
    html = client_as(dsl).get(about_me(key_pep)).content.decode()
    assert "At the water tray" in html
    assert "Painting" not in html


def test_a_photo_not_offered_cannot_be_chosen(client_as, key_person, key_pep, other_child):
    ConsentFactory(child=key_pep.child, kind=Consent.Kind.PHOTOGRAPHS)
    photo_of(key_pep)
    stranger = ObservationPhotoFactory(
        observation=ObservationFactory(
            care_setting=other_child.care_setting, children=[other_child]
        )
    )

    response = client_as(key_person).post(
        about_me(key_pep), {"version": 1, "voice_photos": [stranger.pk]}
    )

    assert response.status_code == 200
    assert "Select only the choices shown" in response.content.decode()
    assert not key_pep.voice_photos.exists()
