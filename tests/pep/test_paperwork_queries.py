"""The PEP page and its sections read in a fixed number of queries, however many rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from children.models import Child, Consent
from learning.models import Area
from pep import panels
from pep.models import Pep, TargetReview
from tests.factories.children import ConsentFactory
from tests.factories.learning import AssessmentPeriodFactory, TrackerJudgementFactory
from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory
from tests.factories.pep import PepTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_paperwork(monkeypatch):
    """The page without other parts' panels: each part counts its own panel's queries."""
    monkeypatch.setattr(panels, "_PANELS", {})


def rows_of_everything(pep, previous, rows, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    Pep.objects.filter(pk=pep.pk).update(previous=previous)
    ConsentFactory(child=pep.child, kind=Consent.Kind.PHOTOGRAPHS)
    today = timezone.localdate()
    # Every period falls inside the child's time at the setting: the tracker shows them all.
    Child.objects.filter(pk=pep.child_id).update(
        date_of_birth=today - timedelta(days=1100),
        start_date=today - timedelta(days=800),
        entered_care_on=today - timedelta(days=700),
    )
    pep.child.refresh_from_db()
    areas = list(Area.objects.order_by("order"))
    for number in range(rows):
        PepTargetFactory(pep=pep, area=areas[number % len(areas)])
        earlier = PepTargetFactory(pep=previous)
        TargetReview.objects.create(pep=pep, target=earlier, outcome="achieved")
        observation = ObservationFactory(care_setting=pep.care_setting, children=[pep.child])
        pep.voice_photos.add(ObservationPhotoFactory(observation=observation))
        period = AssessmentPeriodFactory(
            care_setting=pep.care_setting,
            name=f"Term {number}",
            starts_on=today - timedelta(days=400 - number * 30),
            ends_on=today - timedelta(days=371 - number * 30),
        )
        TrackerJudgementFactory(child=pep.child, period=period, area=areas[number % 7])


@pytest.mark.parametrize("rows", [2, 12])
def test_the_pep_page_reads_in_a_fixed_number_of_queries(
    rows,
    client_as,
    key_person,
    key_pep,
    signed_pep,
    tmp_path,
    settings,
    only_paperwork,
    django_assert_num_queries,
):
    rows_of_everything(key_pep, signed_pep, rows, tmp_path, settings)
    client = client_as(key_person)
    url = reverse("settings:pep:detail", args=[key_pep.care_setting.slug, key_pep.pk])
    client.get(url)

    # session, user; the setting, membership and LA roles (the access); the PEP with its
    # child, setting and LA; the read written to the audit trail; the previous targets,
    # this PEP's reviews, the chosen photos' ids; the PEP's targets with their areas;
    # the tracker: policy, scale, periods, judgements, scale points, areas, early
    # assessment; the previous PEP's snapshot; unread notifications; the session saved
    # (savepoint, update, release).
    with django_assert_num_queries(23):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_a_submitted_pep_page_reads_the_snapshot_not_the_tracker(
    rows,
    client_as,
    key_person,
    key_pep,
    signed_pep,
    tmp_path,
    settings,
    only_paperwork,
    django_assert_num_queries,
):
    rows_of_everything(key_pep, signed_pep, rows, tmp_path, settings)
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.SUBMITTED, progress_snapshot={"areas": [], "chart": {}}
    )
    client = client_as(key_person)
    url = reverse("settings:pep:detail", args=[key_pep.care_setting.slug, key_pep.pk])
    client.get(url)

    # As above without the tracker's seven reads and the previous PEP's snapshot.
    with django_assert_num_queries(15):
        client.get(url)


@pytest.mark.parametrize("rows", [2, 12])
def test_a_section_page_reads_in_a_fixed_number_of_queries(
    rows,
    client_as,
    key_person,
    key_pep,
    signed_pep,
    tmp_path,
    settings,
    django_assert_num_queries,
):
    rows_of_everything(key_pep, signed_pep, rows, tmp_path, settings)
    client = client_as(key_person)
    url = reverse(
        "settings:pep:section", args=[key_pep.care_setting.slug, key_pep.pk, "more-about-me"]
    )
    client.get(url)

    # session, user; setting, membership, LA roles; the PEP; the read audited; previous
    # targets, reviews, chosen photos' ids; photo consent; the photos offered; unread
    # notifications; the session saved (savepoint, update, release).
    with django_assert_num_queries(16):
        client.get(url)
