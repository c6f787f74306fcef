"""The impact review of an approved plan: recorded by the setting, with chosen evidence."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import la_access_for, setting_access_for
from common.models import AuditEvent
from eypp.impact.register import impact_panel
from eypp.models import ActionPlan, ImpactReview, LineOutcome
from learning.models import Area, Observation
from tests.factories.eypp import ActionPlanFactory, PlanLineFactory
from tests.factories.learning import TrackerJudgementFactory
from tests.factories.learning_journey import ObservationFactory

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(key_child, key_person):
    plan = ActionPlanFactory(
        child=key_child,
        approved=True,
        created_by=key_person,
        period_start=timezone.localdate() - timedelta(days=80),
        period_end=timezone.localdate() - timedelta(days=1),
    )
    PlanLineFactory(plan=plan, need="Joining group talk", cost=Decimal("120.00"))
    PlanLineFactory(plan=plan, need="Sharing resources", cost=Decimal("80.00"))
    return plan


@pytest.fixture
def rf_access(request, care_setting, home_la):
    """Return the access of a persona: at the setting for its staff, else at the home LA."""

    def access(persona):
        user = request.getfixturevalue(persona)
        if persona in ("cic_advisor", "advisor", "la_admin"):
            return la_access_for(user, home_la.slug)
        return setting_access_for(user, care_setting.slug)

    return access


def url(plan):
    return reverse("settings:eypp:impact", args=[plan.care_setting.slug, plan.pk])


def lines(plan):
    return list(plan.lines.order_by("order", "pk"))


def a_review(plan, **more):
    first, second = lines(plan)
    data = {
        f"outcome_{first.pk}": "achieved",
        f"spent_{first.pk}": "110.00",
        f"notes_{first.pk}": "Ran for ten weeks.",
        f"outcome_{second.pk}": "partly",
        f"spent_{second.pk}": "£80",
        "summary": "Joins group talk most days.",
        "next_steps": "Try a larger group next term.",
        "version": "0",
        "complete": "Record the review",
    }
    data.update(more)
    return data


def published(child, days_ago, text="Took turns in the role-play shop.", **kwargs):
    return ObservationFactory(
        care_setting=child.care_setting,
        children=[child],
        observed_on=timezone.localdate() - timedelta(days=days_ago),
        text=text,
        **kwargs,
    )


def test_the_key_person_records_the_review_with_evidence_chosen(
    client_as, key_person, plan, key_child
):
    inside = published(key_child, 10, areas=[Area.objects.get(code="CL")])
    judgement = TrackerJudgementFactory(
        child=key_child, judged_at=timezone.now() - timedelta(days=5)
    )
    client = client_as(key_person)

    page = client.get(url(plan)).content.decode()
    assert "Took turns in the role-play shop." in page
    assert "Communication and Language" in page or "Communication and language" in page
    assert "Joining group talk" in page
    assert 'name="complete"' in page and 'name="save"' in page

    response = client.post(
        url(plan), a_review(plan, observations=[str(inside.pk)], judgements=[str(judgement.pk)])
    )

    assert response.status_code == 302
    review = ImpactReview.objects.get(plan=plan)
    assert review.completed_at == timezone.now()
    assert review.completed_by == key_person
    assert list(review.observations.all()) == [inside]
    assert list(review.judgements.all()) == [judgement]
    first, second = lines(plan)
    assert LineOutcome.objects.get(line=first).spent == Decimal("110.00")
    assert LineOutcome.objects.get(line=second).outcome == "partly"
    event = AuditEvent.objects.get(verb="eypp.impact_recorded")
    assert event.restricted_to == "view_eypp"
    assert event.subject_id == str(key_child.pk)


def test_a_draft_keeps_what_was_typed_and_is_carried_on(client_as, key_person, plan):
    client = client_as(key_person)
    _, second = lines(plan)
    draft = a_review(plan)
    del draft["complete"]
    draft.update({f"outcome_{second.pk}": "", f"spent_{second.pk}": ""})

    assert client.post(url(plan), draft).status_code == 302

    review = ImpactReview.objects.get(plan=plan)
    assert review.completed_at is None
    assert review.outcomes.count() == 1
    page = client.get(url(plan)).content.decode()
    assert "110.00" in page and "Joins group talk most days." in page
    assert 'name="version" value="1"' in page


@pytest.mark.parametrize(
    "typed, error",
    [
        ("-5", "cannot be negative"),
        ("lots", "must be a number"),
        ("6000", "£5,000.00 or less"),
        ("1e3", "must be a number"),
    ],
)
def test_an_amount_spent_that_is_not_a_sensible_sum_is_refused(
    client_as, key_person, plan, typed, error
):
    first, _ = lines(plan)
    response = client_as(key_person).post(
        url(plan), a_review(plan, **{f"spent_{first.pk}": typed})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and error in page
    assert "Joins group talk most days." in page  # nothing typed is lost
    assert not ImpactReview.objects.exists()


def test_recording_needs_every_need_and_the_difference_made(client_as, key_person, plan):
    _, second = lines(plan)
    data = a_review(plan, summary="", **{f"outcome_{second.pk}": "", f"spent_{second.pk}": ""})

    page = client_as(key_person).post(url(plan), data).content.decode()

    assert "Select the outcome of need 2" in page
    assert "Enter the amount actually spent on need 2" in page
    assert "Enter what difference the funding made" in page
    assert not ImpactReview.objects.exists()


def test_a_save_over_someone_elses_is_refused_and_explained(client_as, key_person, manager, plan):
    data = a_review(plan)
    del data["complete"]
    client_as(manager).post(url(plan), data)
    data["summary"] = "My own words"

    page = client_as(key_person).post(url(plan), data).content.decode()

    assert "Someone else changed this record" in page
    assert ImpactReview.objects.get(plan=plan).summary == "Joins group talk most days."


def test_a_recorded_review_is_final(client_as, key_person, plan):
    client = client_as(key_person)
    client.post(url(plan), a_review(plan))
    review = ImpactReview.objects.get(plan=plan)

    response = client.post(
        url(plan), a_review(plan, summary="Changed", version=str(review.version))
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.summary == "Joins group talk most days."
    page = client.get(url(plan)).content.decode()
    assert "Joins group talk most days." in page and "Record the review" not in page


def test_a_plan_not_approved_has_no_review(client_as, key_person, key_child):
    draft = ActionPlanFactory(child=key_child, created_by=key_person)
    PlanLineFactory(plan=draft)

    client = client_as(key_person)
    assert "once the plan is approved" in client.get(url(draft)).content.decode()
    client.post(url(draft), {"version": "0", "summary": "x"})
    assert not ImpactReview.objects.exists()


def test_only_the_childs_published_evidence_of_the_period_is_offered(
    client_as, key_person, plan, key_child, care_setting
):
    published(key_child, 200, text="Long before the plan began.")
    published(key_child, 5, text="A draft note.", status=Observation.Status.DRAFT)
    other = published(
        ActionPlanFactory(child__care_setting=care_setting).child, 5, text="Another child."
    )
    client = client_as(key_person)

    page = client.get(url(plan)).content.decode()
    for hidden in ("Long before the plan began.", "A draft note.", "Another child."):
        assert hidden not in page
    page = client.post(url(plan), a_review(plan, observations=[str(other.pk)])).content.decode()
    assert "Select only the observations shown" in page
    assert not ImpactReview.objects.exists()


def test_the_practitioner_and_the_la_cannot_record_it(client_as, practitioner, cic_advisor, plan):
    client_as(practitioner).post(url(plan), a_review(plan))
    la_url = f"/settings/{plan.care_setting.slug}/eypp/plans/{plan.pk}/impact/"
    client_as(cic_advisor).post(la_url, a_review(plan))
    assert not ImpactReview.objects.exists()


@pytest.mark.parametrize("rows", [2, 12])
def test_the_form_page_reads_in_the_same_queries_whatever_the_evidence(
    rows, client_as, key_person, plan, key_child, django_assert_num_queries
):
    for index in range(rows):
        published(key_child, 2 + index, areas=[Area.objects.get(code="CL")])
        TrackerJudgementFactory(child=key_child, judged_at=timezone.now() - timedelta(days=5))
    client = client_as(key_person)
    client.get(url(plan))
    with django_assert_num_queries(FORM_QUERIES):
        assert client.get(url(plan)).status_code == 200


# The session, the user, the setting, the membership, the LA roles; the plan; the review;
# the lines; the observations, their areas; the judgements; the unread notifications; the
# session saved (savepoint, update, release).
FORM_QUERIES = 15


# --- The panel on the plan page ---------------------------------------------------------------


def test_the_panel_offers_to_record_the_review_when_due(rf_access, plan):
    panel = impact_panel(rf_access("key_person"), plan)

    assert panel["record_url"].endswith(f"/eypp/plans/{plan.pk}/impact/")
    assert panel["is_due"] and panel["due_on"] == plan.period_end
    assert panel["report"] is None


def test_the_la_sees_a_recorded_review_only(rf_access, client_as, key_person, plan):
    draft = a_review(plan)
    del draft["complete"]
    client_as(key_person).post(url(plan), draft)

    assert impact_panel(rf_access("cic_advisor"), plan)["report"] is None
    assert impact_panel(rf_access("key_person"), plan)["report"] is not None

    review = ImpactReview.objects.get(plan=plan)
    client_as(key_person).post(url(plan), a_review(plan, version=str(review.version)))
    panel = impact_panel(rf_access("cic_advisor"), plan)
    assert panel["recorded"] and panel["record_url"] == ""
    assert panel["report"].spent_money == "£190.00"
    assert panel["report"].planned_money == "£200.00"


def test_a_draft_plan_has_no_impact_panel(rf_access, key_child, key_person):
    draft = ActionPlanFactory(child=key_child, created_by=key_person)
    assert impact_panel(rf_access("manager"), draft) is None
    assert ActionPlan.objects.count() == 1


def test_the_plan_page_shows_the_impact_and_document_panels(client_as, key_person, plan):
    page = client_as(key_person).get(
        reverse("settings:eypp:plan", args=[plan.care_setting.slug, plan.pk])
    )

    html = page.content.decode()
    assert "Record the impact review" in html
    assert url(plan) in html
    assert "Download the plan (PDF)" in html


def test_the_la_reads_the_recorded_review_on_the_plan_page(
    client_as, key_person, cic_advisor, home_la, plan
):
    client_as(key_person).post(url(plan), a_review(plan))

    html = (
        client_as(cic_advisor)
        .get(reverse("la_eypp:plan", args=[home_la.slug, plan.pk]))
        .content.decode()
    )

    assert "Joins group talk most days." in html
    assert "£190.00" in html
    assert "Record the impact review" not in html


def test_a_group_observation_is_not_quoted_in_the_review_report(key_plan, key_person, manager):
    """The report reaches the LA and the PDF: other children's names stay at the setting."""
    from django.utils import timezone

    from eypp.impact.selectors import report_for
    from eypp.models import ActionPlan, ImpactReview
    from tests.factories.accounts import ChildFactory
    from tests.factories.learning_journey import ObservationFactory

    ActionPlan.objects.filter(pk=key_plan.pk).update(status=ActionPlan.Status.APPROVED)
    friend = ChildFactory(care_setting=key_plan.care_setting, first_name="Zebedee")
    group = ObservationFactory(
        children=[key_plan.child, friend],
        text="Zebedee and Kai built a tower together.",
        observed_on=timezone.localdate(),
    )
    alone = ObservationFactory(
        children=[key_plan.child],
        text="Kai counted five blocks.",
        observed_on=timezone.localdate(),
    )
    review = ImpactReview.objects.create(plan=key_plan, summary="Went well.")
    review.observations.set([group, alone])

    labels = [item.label for item in report_for(key_plan, review=review).observations]

    assert not any("Zebedee" in label for label in labels)
    assert any("a group observation with 1 other child" in label for label in labels)
    assert any("Kai counted five blocks." in label for label in labels)
