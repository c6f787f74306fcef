"""The DSL's triage: the list, the log, the outcome (versioned), the category, related concerns."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from safeguarding.models import Concern, ConcernAction
from tests.children.helpers import date_parts
from tests.factories.safeguarding import ConcernFactory

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def url(name, concern, *args):
    return reverse(f"settings:safeguarding:{name}", args=[concern.care_setting.slug, concern.pk])


def list_url(care_setting, query=""):
    return reverse("settings:safeguarding:concern_list", args=[care_setting.slug]) + query


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_open_concerns_oldest_waiting_first_and_says_which_are_overdue(
    client_as, dsl, key_child
):
    late = ConcernFactory(child=key_child, raised_at=NOW - timedelta(hours=30))
    fresh = ConcernFactory(child=key_child, raised_at=NOW - timedelta(hours=2))
    reviewing = ConcernFactory(child=key_child, raised_at=NOW - timedelta(hours=50), reviewed=True)
    closed = ConcernFactory(child=key_child, referred=True)

    html = client_as(dsl).get(list_url(key_child.care_setting)).content.decode()

    assert (
        html.index(late.reference) < html.index(fresh.reference) < html.index(reviewing.reference)
    )
    assert closed.reference not in html
    assert (
        "Overdue for review" in html and "Waiting 30 hours" in html and "Waiting 2 hours" in html
    )
    closed_only = client_as(dsl).get(list_url(key_child.care_setting, "?state=closed"))
    assert closed.reference in closed_only.content.decode()
    assert late.reference not in closed_only.content.decode()


def test_the_list_filters_by_category_and_child_and_ignores_bad_filters(
    client_as, dsl, key_child, care_setting
):
    neglect = ConcernFactory(child=key_child, category="neglect")
    physical = ConcernFactory(child=key_child, category="physical")
    other = ConcernFactory(child__care_setting=care_setting, category="neglect")
    client = client_as(dsl)

    by_category = client.get(list_url(care_setting, "?category=neglect")).content.decode()
    assert neglect.reference in by_category and physical.reference not in by_category
    by_child = client.get(list_url(care_setting, f"?child={key_child.pk}")).content.decode()
    assert other.reference not in by_child and physical.reference in by_child
    hostile = client.get(list_url(care_setting, "?child=²&state=x&category=<b>&page=-1"))
    assert hostile.status_code == 200 and other.reference in hostile.content.decode()


def test_starting_the_review_and_adding_to_the_log_saves_once(client_as, dsl, key_child):
    concern = ConcernFactory(child=key_child)
    client = client_as(dsl)
    client.post(url("concern_acknowledge", concern))
    data = {
        "submission_token": str(uuid.uuid4()),
        "kind": "contact",
        **date_parts("taken_on", concern.raised_at.date()),
        "text": "Rang the front door for advice.",
    }

    first = client.post(url("concern_action_add", concern), data)
    second = client.post(url("concern_action_add", concern), data)

    assert first.status_code == second.status_code == 302
    [entry] = ConcernAction.objects.all()
    assert entry.kind == "contact" and entry.by == dsl
    assert "Rang the front door" in client.get(url("concern_detail", concern)).content.decode()
    assert AuditEvent.objects.filter(verb="concern.action_added").count() == 1


def test_a_referral_needs_its_reference_and_the_reasons_are_kept(client_as, dsl, key_child):
    concern = ConcernFactory(child=key_child)
    data = {"version": concern.version, "outcome": "police", "outcome_notes": "Reasons kept"}

    response = client_as(dsl).post(url("concern_outcome", concern), data)

    html = response.content.decode()
    assert response.status_code == 200 and "Enter the reference of the referral" in html
    assert "Reasons kept" in html
    concern.refresh_from_db()
    assert concern.outcome == ""


def test_recording_the_outcome_closes_the_concern_and_changing_it_is_audited(
    client_as, dsl, key_child
):
    concern = ConcernFactory(child=key_child)
    client = client_as(dsl)

    client.post(
        url("concern_outcome", concern),
        {
            "version": concern.version,
            "outcome": "csc_referral",
            "outcome_reference": "MASH-1",
            "outcome_notes": "Bruising with an account from the child.",
        },
    )
    concern.refresh_from_db()
    assert concern.state == "closed" and concern.acknowledged_by == dsl
    client.post(
        url("concern_outcome", concern),
        {"version": concern.version, "outcome": "monitor", "outcome_notes": "CSC: NFA, monitor."},
    )

    concern.refresh_from_db()
    assert concern.outcome == "monitor" and concern.outcome_reference == ""
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="concern.outcome").values_list(
            "verb", "restricted_to"
        )
    )
    assert sorted(verbs) == [
        ("concern.outcome_changed", "view_concerns"),
        ("concern.outcome_recorded", "view_concerns"),
    ]


def test_an_outcome_saved_over_someone_elses_is_refused_with_what_was_typed(
    client_as, dsl, manager, key_child
):
    concern = ConcernFactory(child=key_child)
    stale = concern.version
    client_as(manager).post(
        url("concern_outcome", concern),
        {"version": stale, "outcome": "monitor", "outcome_notes": "Manager's view"},
    )

    response = client_as(dsl).post(
        url("concern_outcome", concern),
        {"version": stale, "outcome": "early_help", "outcome_notes": "DSL's view"},
    )

    html = response.content.decode()
    assert response.status_code == 200 and "Someone changed this concern" in html
    assert "DSL&#x27;s view" in html or "DSL's view" in html
    concern.refresh_from_db()
    assert concern.outcome == "monitor"


def test_the_dsl_sets_the_category_versioned(client_as, dsl, key_child):
    concern = ConcernFactory(child=key_child, category="")

    client_as(dsl).post(
        url("concern_category", concern), {"version": concern.version, "category": "neglect"}
    )
    stale = client_as(dsl).post(
        url("concern_category", concern), {"version": concern.version, "category": "online"}
    )

    concern.refresh_from_db()
    assert concern.category == "neglect"
    assert "Someone changed this concern" in stale.content.decode()


def test_related_concerns_are_linked_both_ways_and_unlinked(client_as, dsl, key_child):
    concern = ConcernFactory(child=key_child)
    earlier = ConcernFactory(child=key_child)
    client = client_as(dsl)

    client.post(
        url("concern_link", concern), {"version": concern.version, "related": [earlier.pk]}
    )

    assert list(earlier.related.all()) == [concern]
    assert earlier.reference in client.get(url("concern_detail", concern)).content.decode()
    concern.refresh_from_db()
    client.post(url("concern_link", concern), {"version": concern.version})
    assert not earlier.related.exists()
    assert AuditEvent.objects.filter(verb="concern.related_changed").count() == 2


def test_a_concern_of_another_setting_cannot_be_linked(client_as, dsl, key_child, other_child):
    concern = ConcernFactory(child=key_child)
    elsewhere = ConcernFactory(child=other_child)

    response = client_as(dsl).post(
        url("concern_link", concern), {"version": concern.version, "related": [elsewhere.pk]}
    )

    assert response.status_code == 200 and not concern.related.exists()


LOG_PAGES = [
    "concern_detail",
    "concern_action_add",
    "concern_outcome",
    "concern_category",
    "concern_link",
]


@pytest.mark.parametrize("name", LOG_PAGES)
@pytest.mark.parametrize("person", ["practitioner", "key_person"])
def test_practitioners_get_404_on_every_page_of_the_log(
    request, client_as, person, name, key_child
):
    user = request.getfixturevalue(person)
    concern = ConcernFactory(child=key_child, raised_by=user)

    assert client_as(user).get(url(name, concern)).status_code == 404
    if name != "concern_detail":  # read only: a POST is 405 for everyone
        assert client_as(user).post(url(name, concern), {"version": 1}).status_code == 404
    assert not Concern.objects.exclude(outcome="").exists()


def test_the_manager_sets_the_hours_and_the_dsl_may_not(client_as, manager, dsl, care_setting):
    settings_url = reverse("settings:safeguarding:review_settings", args=[care_setting.slug])

    assert client_as(dsl).get(settings_url).status_code == 403
    response = client_as(manager).post(
        settings_url, {"version": care_setting.version, "concern_review_hours": "8"}
    )
    refused = client_as(manager).post(
        settings_url, {"version": care_setting.version + 1, "concern_review_hours": "999"}
    )

    assert response.status_code == 302
    care_setting.refresh_from_db()
    assert care_setting.concern_review_hours == 8
    assert "168 or fewer" in refused.content.decode()
    assert AuditEvent.objects.filter(verb="concern.review_hours_changed").count() == 1
