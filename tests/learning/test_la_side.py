"""The LA side of a child's progress: read-only, through the same door, out of county too.

The child here is looked after by the home LA (Northshire) and placed at a setting of the
other LA (Westvale): out of county. The home LA's children in care advisor follows them
from "Children I follow" and reads their learning journey, tracker, early assessment,
progress check and PDFs under /la/<la_slug>/children/<child_id>/. Westvale's children in
care advisor follows them too (placed in their LA, as the DESIGN.md table says); everyone
else on the LA side gets 404. Drafts stay invisible, and nothing on these pages writes.
"""

import re

import pytest
from django.urls import reverse

from accounts.models import LaRole
from tests.factories.accounts import ChildFactory, LaRoleFactory
from tests.factories.learning import (
    AssessmentPeriodFactory,
    EarlyAssessmentFactory,
    TrackerJudgementFactory,
    area,
)
from tests.factories.learning_check import ProgressCheckFactory
from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory

PAGES = ("journey", "tracker", "assessment", "check", "check_pdf", "leaving_pdf")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def placed_child(other_setting, home_la, other_manager):
    """Looked after by Northshire, placed at a Westvale setting, with records of every kind."""
    child = ChildFactory(
        care_setting=other_setting,
        looked_after=True,
        responsible_la=home_la,
        first_name="Ola",
        last_name="Placed",
    )
    ProgressCheckFactory(child=child, strengths="Loves stories about boats.")
    EarlyAssessmentFactory(child=child)
    TrackerJudgementFactory(child=child)
    ObservationFactory(
        care_setting=other_setting,
        author=other_manager,
        children=[child],
        text="Ola built a tower of ten bricks.",
    )
    ObservationFactory(
        care_setting=other_setting,
        author=other_manager,
        children=[child],
        text="Draft: not finished yet.",
        status="draft",
    )
    return child


@pytest.fixture
def westvale_cic_advisor(other_la):
    return LaRoleFactory(
        user__full_name="Wes Virtual-School",
        local_authority=other_la,
        role=LaRole.Role.CIC_ADVISOR,
    ).user


def la_url(page: str, la, child) -> str:
    return reverse(f"la_learning:{page}", args=[la.slug, child.pk])


def test_the_cic_advisor_reads_every_progress_page_of_an_out_of_county_child(
    client_as, cic_advisor, home_la, placed_child
):
    client = client_as(cic_advisor)

    for page in PAGES:
        response = client.get(la_url(page, home_la, placed_child))
        assert response.status_code == 200, page

    assert client.get(la_url("check_pdf", home_la, placed_child))["Content-Type"] == (
        "application/pdf"
    )


def test_the_cic_advisor_reaches_the_progress_pages_from_the_la_side_hub(
    client_as, cic_advisor, home_la, placed_child
):
    client = client_as(cic_advisor)
    follow = client.get(reverse("la:my_settings", args=[home_la.slug])).content.decode()
    hub_url = reverse("la_children:detail", args=[home_la.slug, placed_child.pk])
    assert f'href="{hub_url}"' in follow

    hub = client.get(hub_url).content.decode()
    tracker = client.get(la_url("tracker", home_la, placed_child)).content.decode()
    check = client.get(la_url("check", home_la, placed_child)).content.decode()

    for page in ("journey", "tracker", "check", "leaving_pdf"):
        assert f'href="{la_url(page, home_la, placed_child)}"' in hub, page
    assert f'href="{la_url("assessment", home_la, placed_child)}"' in tracker
    assert f'href="{la_url("check_pdf", home_la, placed_child)}"' in check
    for html in (tracker, check):
        assert f'href="{hub_url}" class="govuk-back-link"' in html


def test_the_placing_las_cic_advisor_follows_the_child_too(
    client_as, westvale_cic_advisor, other_la, placed_child
):
    client = client_as(westvale_cic_advisor)

    for page in PAGES:
        assert client.get(la_url(page, other_la, placed_child)).status_code == 200, page


@pytest.mark.parametrize(
    "persona",
    ["other_manager", "other_la_admin", "la_admin", "advisor", "outsider_advisor", "manager"],
)
def test_nobody_else_reaches_the_la_side_of_an_out_of_county_child(
    request, client_as, persona, home_la, other_la, placed_child
):
    client = client_as(request.getfixturevalue(persona))

    for la in (home_la, other_la):
        for page in PAGES:
            assert client.get(la_url(page, la, placed_child)).status_code == 404, (la, page)


def test_the_la_side_pages_are_read_only(client_as, cic_advisor, home_la, placed_child):
    client = client_as(cic_advisor)

    for page in ("journey", "tracker", "assessment", "check"):
        html = client.get(la_url(page, home_la, placed_child)).content.decode()
        forms = re.findall(r'<form[^>]*method="post"[^>]*>', html)
        assert all("accounts/sign-out" in form for form in forms), page
        # Every link stays on the LA side: nothing leads to the setting's own pages.
        assert "/settings/" not in html, page
        for words in ("Record judgements", "Record an observation", "Change the", "Record the"):
            assert words not in html, (page, words)


def test_drafts_stay_invisible_to_advisors(client_as, cic_advisor, home_la, placed_child):
    html = client_as(cic_advisor).get(la_url("journey", home_la, placed_child)).content.decode()

    assert "Ola built a tower of ten bricks." in html
    assert "Draft: not finished yet." not in html


def test_photos_are_served_on_the_la_side_only_from_published_observations(
    client_as, cic_advisor, home_la, other_setting, other_manager, placed_child
):
    published = placed_child.observations.get(status="published")
    draft = placed_child.observations.get(status="draft")
    shown = ObservationPhotoFactory(observation=published)
    hidden = ObservationPhotoFactory(observation=draft)
    stranger = ObservationPhotoFactory(
        observation=ObservationFactory(
            care_setting=other_setting,
            author=other_manager,
            children=[ChildFactory(care_setting=other_setting)],
        )
    )
    client = client_as(cic_advisor)
    journey = client.get(la_url("journey", home_la, placed_child)).content.decode()

    photo_url = reverse("la_learning:photo", args=[home_la.slug, shown.pk])
    assert f'src="{photo_url}"' in journey
    assert client.get(photo_url).status_code == 200
    for photo in (hidden, stranger):
        url = reverse("la_learning:photo", args=[home_la.slug, photo.pk])
        assert client.get(url).status_code == 404


def test_the_advisors_la_side_shows_only_children_in_their_scope(
    client_as, advisor, home_la, key_child, care_setting
):
    unshared = ChildFactory(care_setting=care_setting)
    client = client_as(advisor)

    assert client.get(la_url("journey", home_la, key_child)).status_code == 200
    assert client.get(la_url("journey", home_la, unshared)).status_code == 404


# --- Query counts: the LA side's list pages stay flat (2 rows or 22) -----------------------

ROWS = [2, 22]


@pytest.mark.parametrize("rows", ROWS)
def test_la_side_journey_queries_are_flat(
    rows, client_as, cic_advisor, home_la, placed_child, other_manager, django_assert_num_queries
):
    for n in range(rows):
        observation = ObservationFactory(
            care_setting=placed_child.care_setting,
            author=other_manager,
            children=[placed_child, ChildFactory(care_setting=placed_child.care_setting)],
            status="draft" if n % 3 == 0 else "published",
        )
        ObservationPhotoFactory(observation=observation)
    client = client_as(cic_advisor)
    # session, user, LA, LA roles, child with setting, LAs and key person, child in scope,
    # areas, count of observations, page of observations with authors, their children,
    # areas, photos, child in scope (for the link back), unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(17):
        assert client.get(la_url("journey", home_la, placed_child)).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_la_side_tracker_queries_are_flat(
    rows, client_as, cic_advisor, home_la, placed_child, django_assert_num_queries
):
    for _ in range(rows):
        period = AssessmentPeriodFactory(care_setting=placed_child.care_setting)
        TrackerJudgementFactory(child=placed_child, period=period, area=area("PSED"))
        TrackerJudgementFactory(child=placed_child, period=period, area=area("PD"))
    client = client_as(cic_advisor)
    # session, user, LA, LA roles, child with setting, LAs and key person, child in scope,
    # policy, default scale, periods, judgements (+ point, by), extra periods, early
    # assessment (+ by), its areas, their points, their areas, scale points, areas,
    # the pathway, unread notifications, savepoint, session save, release
    with django_assert_num_queries(22):
        assert client.get(la_url("tracker", home_la, placed_child)).status_code == 200
