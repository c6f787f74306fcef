"""Submitting the paperwork: refused naming each missing section, the snapshot frozen, once."""

import importlib
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEvent
from learning.models import TrackerJudgement
from pep.models import Meeting, Pep, TargetReview
from pep.paperwork import eypp
from pep.paperwork import services as paperwork
from pep.paperwork.eypp import EyppPlan
from tests.factories.learning import (
    DM_AHEAD,
    DM_AT_RISK,
    DM_TYPICAL,
    AssessmentPeriodFactory,
    TrackerJudgementFactory,
    area,
    point,
)
from tests.factories.pep import PepFactory, PepTargetFactory

pytestmark = pytest.mark.django_db

COMPLETE = {
    "voice_likes": "I like the water tray.",
    "voice_happy": "Bubbles.",
    "voice_how_i_show_it": "I clap.",
    "carer_views": "Settled well at home.",
    "carer_views_source": "Told to the key person at collection.",
    "social_worker_views": "Placement stable.",
    "social_worker_views_source": "By e-mail to the advisor.",
    "sessions_offered": 30,
    "sessions_attended": 28,
    "funded_hours": 15,
    "health": "Well; hearing test due.",
    "sen_support": "No SEN",
    "progress_notes": "Good progress in speaking.",
}


def complete(pep, **more):
    Pep.objects.filter(pk=pep.pk).update(**{**COMPLETE, **more})
    pep.refresh_from_db()


def submit_url(pep):
    return reverse("settings:pep:submit", args=[pep.care_setting.slug, pep.pk])


def detail_url(pep):
    return reverse("settings:pep:detail", args=[pep.care_setting.slug, pep.pk])


def a_term(child):
    today = timezone.localdate()
    return AssessmentPeriodFactory(
        care_setting=child.care_setting,
        name="This term",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=30),
    )


def test_submission_is_refused_naming_each_missing_section(client_as, key_person, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(carer_views="Half done.")

    response = client_as(key_person).post(submit_url(key_pep), {"version": 1})

    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    section = reverse("settings:pep:section", args=[key_pep.care_setting.slug, key_pep.pk, "x"])
    base = section.rsplit("x/", 1)[0]
    assert f'<a href="{base}more-about-me/">Complete “More about me”' in summary
    assert (
        f'<a href="{base}views/">Complete “Carer&#x27;s and social worker&#x27;s views”' in summary
    )
    assert f'<a href="{base}attendance-health/">' in summary
    assert f'<a href="{base}progress/">' in summary
    # Not needed: no EYPP plans on the portal, no previous targets.
    assert "eypp/" not in summary
    assert "previous-targets/" not in summary
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.PAPERWORK_REQUESTED
    assert key_pep.carer_views == "Half done."
    assert key_pep.progress_snapshot is None


def test_a_complete_pep_is_submitted_and_the_snapshot_frozen(client_as, key_person, key_pep):
    complete(key_pep)
    TrackerJudgementFactory(child=key_pep.child, period=a_term(key_pep.child))

    response = client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})

    assert response.status_code == 302
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.SUBMITTED
    assert key_pep.submitted_by == key_person
    assert key_pep.submitted_at is not None
    cl = next(row for row in key_pep.progress_snapshot["areas"] if row["code"] == "CL")
    assert cl["judgement"] == point("dm", DM_TYPICAL).label
    assert cl["period"] == "This term"
    assert cl["change"] == "No earlier PEP to compare with"
    assert AuditEvent.objects.filter(verb="pep.submitted").count() == 1


def test_a_tracker_edit_after_submission_does_not_change_the_pep(client_as, key_person, key_pep):
    complete(key_pep)
    judgement = TrackerJudgementFactory(child=key_pep.child, period=a_term(key_pep.child))
    client = client_as(key_person)
    client.post(submit_url(key_pep), {"version": key_pep.version})
    typical, ahead = point("dm", DM_TYPICAL).label, point("dm", DM_AHEAD).label

    TrackerJudgement.objects.filter(pk=judgement.pk).update(point=point("dm", DM_AHEAD))
    html = client.get(detail_url(key_pep)).content.decode()
    progress = client.get(
        reverse("settings:pep:section", args=[key_pep.care_setting.slug, key_pep.pk, "progress"])
    ).content.decode()

    table = html.split('id="progress-summary"')[1].split("</table>")[0]
    assert typical in table
    assert ahead not in table
    assert "As the tracker stood when the paperwork was submitted" in progress
    latest = progress.split("Latest judgement per area")[1].split("</table>")[0]
    assert typical in latest
    assert ahead not in latest


def test_an_open_pep_reads_the_tracker_live(client_as, key_person, key_pep):
    judgement = TrackerJudgementFactory(child=key_pep.child, period=a_term(key_pep.child))
    TrackerJudgement.objects.filter(pk=judgement.pk).update(point=point("dm", DM_AHEAD))

    html = client_as(key_person).get(detail_url(key_pep)).content.decode()

    assert point("dm", DM_AHEAD).label in html.split('id="progress-summary"')[1]


def test_the_change_since_the_last_pep_compares_with_its_snapshot(key_pep, signed_pep):
    Pep.objects.filter(pk=signed_pep.pk).update(
        progress_snapshot={
            "areas": [
                {
                    "code": "CL",
                    "judgement": point("dm", DM_AT_RISK).label,
                    "point_order": point("dm", DM_AT_RISK).order,
                    "scale": point("dm", DM_AT_RISK).scale_id,
                },
                {"code": "PD", "judgement": "", "point_order": None, "scale": None},
            ]
        }
    )
    Pep.objects.filter(pk=key_pep.pk).update(previous=signed_pep)
    key_pep.refresh_from_db()
    term = a_term(key_pep.child)
    TrackerJudgementFactory(child=key_pep.child, period=term)
    TrackerJudgementFactory(child=key_pep.child, period=term, area=area("PD"))
    TrackerJudgementFactory(child=key_pep.child, period=term, area=area("PSED"))

    snapshot = paperwork.selectors.progress_snapshot_of(key_pep)

    changes = {row["code"]: row["change"] for row in snapshot["areas"]}
    assert changes["CL"] == f"Moved up from {point('dm', DM_AT_RISK).label}"
    assert changes["PD"] == "Not judged at the last PEP"
    assert changes["PSED"] == "Not judged at the last PEP"
    assert changes["M"] == ""


def test_submission_after_the_meeting_goes_to_quality_assurance(client_as, key_person, key_pep):
    complete(key_pep)
    Meeting.objects.filter(pep=key_pep).update(status=Meeting.Status.HELD)

    client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})

    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.AWAITING_QA


def test_a_returned_pep_resubmitted_before_the_meeting_is_submitted(
    client_as, key_person, key_pep
):
    complete(key_pep, status=Pep.Status.RETURNED, returned_reason="Add the carer's views.")

    client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})

    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.SUBMITTED


def test_a_returned_pep_resubmitted_after_the_meeting_awaits_qa(client_as, key_person, key_pep):
    complete(key_pep, status=Pep.Status.RETURNED, returned_reason="Add the carer's views.")
    Meeting.objects.filter(pep=key_pep).update(status=Meeting.Status.HELD)

    client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})

    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.AWAITING_QA


def test_a_stale_submission_is_explained_and_nothing_is_submitted(client_as, key_person, key_pep):
    complete(key_pep)

    response = client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version - 1})

    assert response.status_code == 200
    assert "Someone changed this PEP&#x27;s paperwork" in response.content.decode()
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.PAPERWORK_REQUESTED


def test_the_same_form_sent_twice_submits_once(client_as, key_person, key_pep):
    complete(key_pep)
    client = client_as(key_person)

    first = client.post(submit_url(key_pep), {"version": key_pep.version})
    second = client.post(submit_url(key_pep), {"version": key_pep.version})

    assert first.status_code == second.status_code == 302
    assert AuditEvent.objects.filter(verb="pep.submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one(key_person, key_child, cic_advisor):
    # An earlier transactional test may have emptied the shipped framework data (the
    # submission freezes the tracker, which reads the scale): put it back.
    importlib.import_module("learning.migrations.0002_framework_data").ship(apps, None)
    pep = PepFactory(child=key_child, status=Pep.Status.PAPERWORK_REQUESTED)
    complete(pep)
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            paperwork.pep_submit(
                pep=Pep.objects.get(pk=pep.pk), by=key_person, version=pep.version
            )
            outcomes.append("submitted")
        except paperwork.AlreadySubmitted:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already", "submitted"]
    assert AuditEvent.objects.filter(verb="pep.submitted").count() == 1


def test_previous_targets_must_each_be_reviewed(client_as, key_person, key_pep, signed_pep):
    complete(key_pep, previous=signed_pep)
    target = signed_pep.targets.get()

    refused = client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})
    assert "Review of the previous targets" in refused.content.decode()

    section = reverse(
        "settings:pep:section",
        args=[key_pep.care_setting.slug, key_pep.pk, "previous-targets"],
    )
    saved = client_as(key_person).post(
        section,
        {
            "version": key_pep.version,
            f"outcome_{target.pk}": "partly",
            f"evidence_{target.pk}": "Two-word phrases at snack, not yet at play.",
        },
    )
    assert saved.status_code == 302
    review = TargetReview.objects.get(pep=key_pep)
    assert review.target == target
    assert review.outcome == "partly"
    signed_pep.refresh_from_db()
    assert signed_pep.version == 1

    key_pep.refresh_from_db()
    client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.SUBMITTED


def test_evidence_without_an_outcome_is_refused(client_as, key_person, key_pep, signed_pep):
    Pep.objects.filter(pk=key_pep.pk).update(previous=signed_pep)
    target = signed_pep.targets.get()
    section = reverse(
        "settings:pep:section",
        args=[key_pep.care_setting.slug, key_pep.pk, "previous-targets"],
    )

    response = client_as(key_person).post(
        section, {"version": 1, f"evidence_{target.pk}": "Seen at snack."}
    )

    assert response.status_code == 200
    assert "Select how target 1 went" in response.content.decode()
    assert "Seen at snack." in response.content.decode()
    assert not TargetReview.objects.exists()


@pytest.fixture
def eypp_provider():
    plans = {}
    eypp.register_eypp_plan(lambda pep, access: plans.get(pep.pk))
    yield plans
    eypp.unregister_eypp_plan()


def test_with_an_eypp_provider_the_plan_must_be_ready(
    client_as, key_person, key_pep, eypp_provider
):
    complete(key_pep)
    client = client_as(key_person)

    refused = client.post(submit_url(key_pep), {"version": key_pep.version})
    assert "Complete “EYPP plan”" in refused.content.decode()

    eypp_provider[key_pep.pk] = EyppPlan(status_label="Approved", is_ready=True, summary="Books")
    page = client.get(
        reverse("settings:pep:section", args=[key_pep.care_setting.slug, key_pep.pk, "eypp"])
    )
    assert "Approved" in page.content.decode()
    client.post(submit_url(key_pep), {"version": key_pep.version})
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.SUBMITTED


def test_only_edit_pep_holders_submit(client_as, dsl, cic_advisor, home_la, key_pep):
    complete(key_pep)

    assert client_as(dsl).post(submit_url(key_pep), {"version": 1}).status_code == 403
    assert client_as(cic_advisor).post(submit_url(key_pep), {"version": 1}).status_code == 403
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.PAPERWORK_REQUESTED


def test_targets_are_not_needed_to_submit(client_as, key_person, key_pep):
    complete(key_pep)
    PepTargetFactory(pep=key_pep, who="", by_when=None)

    client_as(key_person).post(submit_url(key_pep), {"version": key_pep.version})

    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.SUBMITTED
