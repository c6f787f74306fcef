"""Recording observations (with photos and worries), the journey and photos.

The concerns page the DSL reads worries on is tested in tests/safeguarding/."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.audit import audit_record
from common.models import AuditEvent
from learning.models import Observation, ObservationPhoto
from safeguarding.models import Concern
from tests.factories.accounts import ChildFactory
from tests.factories.children import ConsentFactory
from tests.factories.learning_journey import (
    ObservationFactory,
    ObservationPhotoFactory,
    framework_areas,
    huge_png,
    image_bytes,
)
from tests.factories.safeguarding import ConcernFactory


@pytest.fixture
def areas(db):
    return framework_areas()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def observation_data(children, area_map, **overrides):
    data = {
        "children": [str(child.pk) for child in children],
        **date_parts("observed_on", timezone.localdate()),
        "text": "Poured water between jugs and said 'more, more!'",
        "areas": [str(area_map["CL"].pk), str(area_map["M"].pk)],
        "next_steps": "Offer jugs of different sizes.",
        "status": "published",
        "visible_to_carers": "on",
    }
    data.update(overrides)
    return data


def a_photo(name="sand.png"):
    return SimpleUploadedFile(name, image_bytes("PNG", (120, 90)), content_type="image/png")


def add_url(care_setting):
    return reverse("settings:learning:observation_add", args=[care_setting.slug])


def journey_url(child, **query):
    url = reverse("settings:learning:journey", args=[child.care_setting.slug, child.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


# --- Recording ---------------------------------------------------------------------------


def test_the_form_lists_key_children_first_then_rooms(client_as, key_person, key_child, areas):
    ChildFactory(care_setting=key_child.care_setting, room="Butterflies", first_name="Bea")
    ChildFactory(care_setting=key_child.care_setting, room="Caterpillars", first_name="Cal")

    response = client_as(key_person).get(
        add_url(key_child.care_setting) + f"?child={key_child.pk}"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Your key children") < html.index("Butterflies") < html.index("Caterpillars")
    assert (
        f'id="id_children_1" name="children" type="checkbox" value="{key_child.pk}" checked'
        in html
    )
    assert 'type="file"' in html and "multiple" in html and 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize("child", ["²", "٣", "99999999999999999999", "-1", "1.0", "a\x00"])
def test_a_child_in_the_query_string_that_is_not_an_id_is_ignored(
    client_as, key_person, key_child, areas, child
):
    response = client_as(key_person).get(add_url(key_child.care_setting), {"child": child})

    assert response.status_code == 200
    assert " checked" not in response.content.decode().split('name="children"', 1)[1][:80]


def test_a_group_observation_with_a_photo_is_recorded_for_every_child(
    client_as, key_person, key_child, areas, private_media
):
    friend = ChildFactory(care_setting=key_child.care_setting)
    for child in (key_child, friend):
        ConsentFactory(child=child)

    response = client_as(key_person).post(
        add_url(key_child.care_setting),
        {**observation_data([key_child, friend], areas), "photos": [a_photo(), a_photo("b.png")]},
    )

    assert response.status_code == 302
    observation = Observation.objects.get()
    assert set(observation.children.all()) == {key_child, friend}
    assert observation.author == key_person
    assert {a.code for a in observation.areas.all()} == {"CL", "M"}
    assert observation.visible_to_carers and observation.status == "published"
    photos = list(observation.photos.all())
    assert len(photos) == 2
    assert photos[0].image.name.startswith(f"observations/{observation.pk}/")
    assert (private_media / photos[0].image.name).exists()
    events = AuditEvent.objects.filter(verb="observation.recorded")
    assert sorted(int(e.subject_id) for e in events) == sorted([key_child.pk, friend.pk])


def test_a_photo_of_a_child_without_consent_is_refused_and_the_typing_kept(
    client_as, key_person, key_child, areas
):
    ConsentFactory(child=key_child)
    ava = ChildFactory(care_setting=key_child.care_setting, first_name="Ava", last_name="Bailey")
    data = observation_data([key_child, ava], areas, text="Shared the spades nicely")

    response = client_as(key_person).post(
        add_url(key_child.care_setting), {**data, "photos": [a_photo()]}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ava Bailey has no photo consent: remove the photo or the child" in html
    assert "Choose the photo again" in html
    assert "Shared the spades nicely" in html
    assert "<title>Error:" in html
    assert not Observation.objects.exists()
    assert not ObservationPhoto.objects.exists()


def test_withdrawn_consent_counts_on_the_observed_date(client_as, key_person, key_child, areas):
    today = timezone.localdate()
    ConsentFactory(
        child=key_child,
        given_on=today - timedelta(days=60),
        withdrawn_on=today - timedelta(days=5),
    )
    client = client_as(key_person)

    before = observation_data(
        [key_child], areas, **date_parts("observed_on", today - timedelta(days=10))
    )
    after = observation_data([key_child], areas)

    assert (
        client.post(add_url(key_child.care_setting), {**before, "photos": [a_photo()]}).status_code
        == 302
    )
    refused = client.post(add_url(key_child.care_setting), {**after, "photos": [a_photo()]})
    assert "has no photo consent" in refused.content.decode()


def test_a_fake_image_is_refused_with_a_gov_uk_error(client_as, key_person, key_child, areas):
    ConsentFactory(child=key_child)
    fake = SimpleUploadedFile("cat.png", b"not an image at all", content_type="image/png")

    response = client_as(key_person).post(
        add_url(key_child.care_setting), {**observation_data([key_child], areas), "photos": [fake]}
    )

    html = response.content.decode()
    assert "The photo cat.png must be a JPG, PNG or WebP image" in html
    assert "govuk-error-summary" in html
    assert not Observation.objects.exists()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_photo_of_huge_dimensions_is_refused_in_words_and_the_typing_kept(
    client_as, key_person, key_child, areas
):
    ConsentFactory(child=key_child)
    bomb = SimpleUploadedFile("bomb.png", huge_png(13_000, 13_000), content_type="image/png")
    data = observation_data([key_child], areas, text="Built a tower of ten bricks")

    response = client_as(key_person).post(
        add_url(key_child.care_setting), {**data, "photos": [bomb]}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert (
        "The photo bomb.png is 13,000 by 13,000 pixels: it must be no more than 40 megapixels, "
        "like 7,700 by 5,100 pixels. Choose the photo again if you still want to add it."
    ) in html
    assert "Built a tower of ten bricks" in html
    assert not Observation.objects.exists()


def test_a_future_date_and_missing_answers_are_explained(client_as, key_person, key_child, areas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = observation_data([], areas, text="", areas=[], **date_parts("observed_on", tomorrow))

    response = client_as(key_person).post(add_url(key_child.care_setting), data)

    html = response.content.decode()
    for message in (
        "Select the children the observation is about",
        "Date of the observation must be today or in the past",
        "Enter what you saw and heard",
        "Select at least one area of learning",
    ):
        assert message in html
    assert 'href="#id_children_1"' in html


def test_a_child_of_another_setting_cannot_be_chosen(
    client_as, key_person, key_child, other_child, areas
):
    response = client_as(key_person).post(
        add_url(key_child.care_setting), observation_data([other_child], areas)
    )

    assert response.status_code == 200
    assert not Observation.objects.exists()


def test_a_worry_goes_to_the_dsl_for_each_child_and_not_into_the_observation(
    client_as, key_person, key_child, areas
):
    friend = ChildFactory(care_setting=key_child.care_setting)
    data = observation_data([key_child, friend], areas, concern="Flinched when I raised my hand")

    client_as(key_person).post(add_url(key_child.care_setting), data)

    observation = Observation.objects.get()
    assert "Flinched" not in observation.text + observation.next_steps
    referrals = Concern.objects.order_by("child_id")
    assert [r.child_id for r in referrals] == sorted([key_child.pk, friend.pk])
    assert all(r.observation == observation and r.raised_by == key_person for r in referrals)
    assert AuditEvent.objects.filter(verb="concern.raised").count() == 2
    assert not AuditEvent.objects.filter(changes__icontains="Flinched").exists()


# --- Photos ------------------------------------------------------------------------------


@pytest.fixture
def photo(key_child, key_person):
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )
    return ObservationPhotoFactory(observation=observation)


def photo_url(photo, slug=None):
    return reverse(
        "settings:learning:photo", args=[slug or photo.observation.care_setting.slug, photo.pk]
    )


def test_the_photo_is_served_privately_to_staff(client_as, practitioner, photo):
    response = client_as(practitioner).get(photo_url(photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_the_photo_sends_the_signed_out_to_sign_in(client, photo):
    response = client.get(photo_url(photo))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_photo_is_not_found_from_another_setting(
    client_as, other_manager, other_setting, photo
):
    assert client_as(other_manager).get(photo_url(photo)).status_code == 404
    assert client_as(other_manager).get(photo_url(photo, other_setting.slug)).status_code == 404


def test_a_photo_of_an_unshared_child_is_not_found_for_the_advisor(
    client_as, advisor, care_setting
):
    child = ChildFactory(care_setting=care_setting)  # not looked after, not shared
    observation = ObservationFactory(care_setting=care_setting, children=[child])
    photo = ObservationPhotoFactory(observation=observation)

    assert client_as(advisor).get(photo_url(photo)).status_code == 404


def test_a_photo_on_someone_elses_draft_is_not_found(
    client_as, practitioner, key_child, key_person
):
    draft = ObservationFactory(
        care_setting=key_child.care_setting,
        author=key_person,
        children=[key_child],
        status="draft",
    )
    photo = ObservationPhotoFactory(observation=draft)

    assert client_as(practitioner).get(photo_url(photo)).status_code == 404
    assert client_as(key_person).get(photo_url(photo)).status_code == 200


def test_media_has_no_public_url(settings):
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


# --- The journey -------------------------------------------------------------------------


def test_the_journey_filters_by_area_and_hides_others_drafts(
    client_as, key_person, practitioner, manager, key_child, areas
):
    setting = key_child.care_setting
    ObservationFactory(
        care_setting=setting, children=[key_child], areas=[areas["CL"]], text="Talking tale"
    )
    ObservationFactory(
        care_setting=setting, children=[key_child], areas=[areas["PD"]], text="Climbing tale"
    )
    ObservationFactory(
        care_setting=setting,
        children=[key_child],
        author=key_person,
        status="draft",
        text="Draft tale",
    )

    by_area = client_as(practitioner).get(journey_url(key_child, area="CL")).content.decode()
    practitioners = client_as(practitioner).get(journey_url(key_child)).content.decode()
    authors = client_as(key_person).get(journey_url(key_child)).content.decode()
    managers = client_as(manager).get(journey_url(key_child)).content.decode()

    assert "Talking tale" in by_area and "Climbing tale" not in by_area
    assert "Draft tale" not in practitioners and "Climbing tale" in practitioners
    assert "Draft tale" in authors and "Draft tale" in managers
    assert "Shared with carers" not in practitioners


def test_the_journey_shows_photos_with_alt_text_and_group_children(
    client_as, key_person, key_child, photo
):
    friend = ChildFactory(care_setting=key_child.care_setting, first_name="Zed", last_name="Quinn")
    photo.observation.children.add(friend)

    html = client_as(key_person).get(journey_url(key_child)).content.decode()

    assert photo_url(photo) in html
    assert f"Photo from the observation on {photo.observation.observed_on:%-d %B %Y}" in html
    assert "with Zed Quinn" in html


def test_the_journey_newest_first(client_as, key_person, key_child):
    today = timezone.localdate()
    ObservationFactory(
        care_setting=key_child.care_setting,
        children=[key_child],
        text="Older one",
        observed_on=today - timedelta(days=9),
    )
    ObservationFactory(
        care_setting=key_child.care_setting,
        children=[key_child],
        text="Newer one",
        observed_on=today - timedelta(days=1),
    )

    html = client_as(key_person).get(journey_url(key_child)).content.decode()

    assert html.index("Newer one") < html.index("Older one")


# --- Changing and publishing -------------------------------------------------------------


def edit_data(observation, areas, **overrides):
    data = {
        "version": str(observation.version),
        **date_parts("observed_on", observation.observed_on),
        "text": "Changed text",
        "areas": [str(areas["EAD"].pk)],
        "next_steps": "",
        "status": "published",
    }
    data.update(overrides)
    return data


def edit_url(observation):
    return reverse(
        "settings:learning:observation_edit", args=[observation.care_setting.slug, observation.pk]
    )


def test_the_author_changes_an_observation(client_as, key_person, key_child, areas):
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )

    response = client_as(key_person).post(edit_url(observation), edit_data(observation, areas))

    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.text == "Changed text" and observation.version == 2
    assert [a.code for a in observation.areas.all()] == ["EAD"]
    assert AuditEvent.objects.filter(
        verb="observation.updated", subject_id=str(key_child.pk)
    ).exists()


def test_a_concurrent_change_is_explained_not_overwritten(
    client_as, key_person, manager, key_child, areas
):
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )
    stale = edit_data(observation, areas, text="Key person's version")
    client_as(manager).post(
        edit_url(observation), edit_data(observation, areas, text="Manager's version")
    )

    response = client_as(key_person).post(edit_url(observation), stale)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this observation" in html
    assert "Key person&#x27;s version" in html
    observation.refresh_from_db()
    assert observation.text == "Manager's version"


def test_another_practitioner_cannot_change_a_published_observation(
    client_as, practitioner, key_person, key_child, areas
):
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )

    assert (
        client_as(practitioner)
        .post(edit_url(observation), edit_data(observation, areas))
        .status_code
        == 403
    )


def test_publishing_a_draft(client_as, key_person, key_child):
    draft = ObservationFactory(
        care_setting=key_child.care_setting,
        author=key_person,
        children=[key_child],
        status="draft",
    )
    url = reverse(
        "settings:learning:observation_publish", args=[key_child.care_setting.slug, draft.pk]
    )

    response = client_as(key_person).post(url)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    assert AuditEvent.objects.filter(verb="observation.published").count() == 1


@pytest.mark.parametrize("persona", ["advisor", "cic_advisor", "practitioner"])
def test_someone_elses_draft_is_not_found_even_for_those_who_follow_the_child(
    request, client_as, persona, key_person, key_child
):
    draft = ObservationFactory(
        care_setting=key_child.care_setting,
        author=key_person,
        children=[key_child],
        status="draft",
    )
    client = client_as(request.getfixturevalue(persona))
    slug = key_child.care_setting.slug

    publish = client.post(reverse("settings:learning:observation_publish", args=[slug, draft.pk]))
    edit = client.get(edit_url(draft))

    assert (publish.status_code, edit.status_code) == (404, 404)
    draft.refresh_from_db()
    assert draft.status == "draft"


# --- Worries recorded before concerns moved to safeguarding ---------------------------


def test_worry_events_recorded_before_the_restriction_are_restricted_by_the_migration(
    key_person, key_child
):
    migration = importlib.import_module("learning.migrations.0005_restrict_worry_audit_events")
    referral = ConcernFactory(child=key_child)
    old = [
        audit_record(actor=key_person, verb=verb, target=referral, subject=key_child)
        for verb in ("dsl_referral.raised", "dsl_referral.acknowledged")
    ]
    other = audit_record(actor=key_person, verb="child.updated", target=key_child)

    migration.restrict_worry_events(django_apps, None)

    assert [AuditEvent.objects.get(pk=event.pk).restricted_to for event in [*old, other]] == [
        "view_dsl_referrals",
        "view_dsl_referrals",
        "",
    ]


def test_more_than_four_photos_are_refused(client_as, key_person, key_child, areas):
    ConsentFactory(child=key_child)
    photos = [a_photo(f"p{n}.png") for n in range(5)]

    response = client_as(key_person).post(
        add_url(key_child.care_setting), {**observation_data([key_child], areas), "photos": photos}
    )

    assert "Choose no more than 4 photos" in response.content.decode()
    assert not Observation.objects.exists()


def test_editing_adds_photos_up_to_four_in_all(client_as, key_person, key_child, areas, photo):
    ConsentFactory(child=key_child)
    observation = photo.observation
    three = [a_photo(f"p{n}.png") for n in range(3)]

    response = client_as(key_person).post(
        edit_url(observation), {**edit_data(observation, areas), "photos": three}
    )

    assert response.status_code == 302
    assert observation.photos.count() == 4
