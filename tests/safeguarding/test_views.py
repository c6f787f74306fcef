"""The DSL reads and acknowledges the concerns passed to them; nobody else may."""

from django.urls import reverse

from common.models import AuditEvent
from safeguarding.models import Concern
from tests.factories.learning_journey import framework_areas
from tests.factories.safeguarding import ConcernFactory
from tests.learning.test_journey_views import add_url, observation_data


def test_the_dsl_reads_and_starts_the_review_of_a_concern(client_as, dsl, key_child):
    referral = ConcernFactory(child=key_child, text="Came in hungry three days running")
    client = client_as(dsl)
    list_url = reverse("settings:safeguarding:concern_list", args=[key_child.care_setting.slug])
    detail_url = reverse(
        "settings:safeguarding:concern_detail", args=[key_child.care_setting.slug, referral.pk]
    )

    assert referral.reference in client.get(list_url).content.decode()
    assert 'govuk-tag--yellow">Waiting for review' in client.get(list_url).content.decode()
    assert "Came in hungry" in client.get(detail_url).content.decode()
    client.post(
        reverse(
            "settings:safeguarding:concern_acknowledge",
            args=[key_child.care_setting.slug, referral.pk],
        )
    )

    referral.refresh_from_db()
    assert referral.acknowledged_by == dsl and referral.acknowledged_at is not None
    listed = client.get(list_url).content.decode()
    assert 'govuk-tag--blue">Under review' in listed
    assert 'govuk-tag--yellow">Waiting for review' not in listed


def test_a_concerns_audit_events_are_for_readers_who_may_see_concerns(
    client_as, key_person, dsl, key_child
):
    areas = framework_areas()
    data = observation_data([key_child], areas, concern="Flinched when I raised my hand")
    client_as(key_person).post(add_url(key_child.care_setting), data)
    referral = Concern.objects.get()
    client_as(dsl).post(
        reverse(
            "settings:safeguarding:concern_acknowledge",
            args=[key_child.care_setting.slug, referral.pk],
        )
    )

    events = AuditEvent.objects.filter(verb__startswith="concern.")
    assert sorted(events.values_list("verb", "restricted_to")) == [
        ("concern.acknowledged", "view_concerns"),
        ("concern.raised", "view_concerns"),
    ]


def test_other_staff_cannot_start_the_review_of_a_concern(client_as, practitioner, key_child):
    referral = ConcernFactory(child=key_child)
    url = reverse(
        "settings:safeguarding:concern_acknowledge",
        args=[key_child.care_setting.slug, referral.pk],
    )

    assert client_as(practitioner).post(url).status_code == 404
    referral.refresh_from_db()
    assert referral.acknowledged_at is None
