"""Quality assurance of a PEP: feedback, returning with a reason, signing off, and who may."""

from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from common.models import AuditEvent
from notifications.models import Notification
from pep import hooks
from pep.models import Invitee, Pep, QaReview
from pep.qa.selectors import qa_evidence
from tests.factories.accounts import CareSettingFactory, ChildFactory, LaRoleFactory
from tests.factories.pep import (
    InviteeFactory,
    MeetingFactory,
    PepFactory,
    PepTargetFactory,
    TargetReviewFactory,
)

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def awaiting(key_pep, cic_advisor):
    """The key child's PEP after its meeting: awaiting quality assurance, all evidence in."""
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.AWAITING_QA,
        voice_likes="Splashing in puddles.",
        carer_views="Settling well at home.",
        next_pep_on=timezone.localdate() + timedelta(days=180),
    )
    Invitee.objects.filter(meeting__pep=key_pep).update(attendance=Invitee.Attendance.ATTENDED)
    PepTargetFactory(pep=key_pep, eypp_funded=True, cost="120.00")
    key_pep.refresh_from_db()
    return key_pep


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def qa_url(pep, *, la=None, setting=None):
    if la is not None:
        return reverse("la_pep:qa", args=[la.slug, pep.pk])
    return reverse("settings:pep:qa", args=[(setting or pep.care_setting).slug, pep.pk])


def decision(pep, choice, **extra):
    return {
        "version": str(pep.version),
        "checklist": [key for key, _ in QaReview.CHECKLIST],
        "rag": "green",
        "feedback": "A thorough plan.",
        "decision": choice,
        "reason": "",
        **extra,
    }


@pytest.fixture
def listened():
    """A test listener on ``on_signed_off``, removed afterwards."""
    calls = []

    def listener(**kwargs):
        calls.append(kwargs)

    hooks.on_signed_off.register(listener)
    yield calls
    hooks.on_signed_off._listeners.remove(listener)


# --- The page --------------------------------------------------------------------------


def test_the_qa_page_shows_each_checklist_item_with_the_peps_evidence(
    client_as, cic_advisor, awaiting, home_la
):
    response = client_as(cic_advisor).get(qa_url(awaiting, la=home_la))

    assert response.status_code == 200
    page = unescape(response.content.decode())
    for _key, label in QaReview.CHECKLIST:
        assert label in page
    assert "1 of 9 “More about me” answers filled in." in page
    assert "1 target funded by EYPP, costed at £120.00." in page
    assert "Attendance recorded: 1 attended." in page


def test_the_evidence_finds_unreviewed_previous_targets_and_unspecific_targets(awaiting):
    previous = PepFactory(child=awaiting.child, signed=True)
    reviewed, _unreviewed = PepTargetFactory.create_batch(2, pep=previous)
    Pep.objects.filter(pk=awaiting.pk).update(previous=previous)
    awaiting.refresh_from_db()
    TargetReviewFactory(pep=awaiting, target=reviewed)
    PepTargetFactory(pep=awaiting, who="", by_when=None)

    evidence = {item.key: item for item in qa_evidence(awaiting)}

    assert not evidence["previous_targets"].met
    assert evidence["previous_targets"].says == "1 of 2 previous targets reviewed."
    assert not evidence["smart_targets"].met
    assert "It does not say who will do it." in evidence["smart_targets"].says
    assert evidence["child_voice"].met and evidence["carer_input"].met


@pytest.mark.parametrize("rows", [2, 12])
def test_the_evidence_is_read_in_the_same_number_of_queries_whatever_the_rows(
    rows, awaiting, django_assert_num_queries
):
    previous = PepFactory(child=awaiting.child, signed=True)
    for target in PepTargetFactory.create_batch(rows, pep=previous):
        TargetReviewFactory(pep=awaiting, target=target)
    PepTargetFactory.create_batch(rows, pep=awaiting)
    InviteeFactory.create_batch(rows, meeting=awaiting.meetings.get())
    Pep.objects.filter(pk=awaiting.pk).update(previous=previous)
    awaiting.refresh_from_db()

    # targets, previous targets, reviews, photo count, meetings, invitees
    with django_assert_num_queries(6):
        qa_evidence(awaiting)


# --- Feedback -----------------------------------------------------------------------------


def test_an_improvement_advisor_gives_feedback_and_the_status_stays(client_as, advisor, awaiting):
    response = client_as(advisor).post(
        qa_url(awaiting), decision(awaiting, "feedback", rag="amber")
    )

    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == Pep.Status.AWAITING_QA
    assert (awaiting.rag, awaiting.qa_feedback) == ("amber", "A thorough plan.")
    review = QaReview.objects.get(pep=awaiting)
    assert (review.decision, review.by, review.rag) == ("feedback", advisor, "amber")
    assert review.checklist == {key: True for key, _ in QaReview.CHECKLIST}
    assert AuditEvent.objects.filter(verb="pep.qa_feedback", actor=advisor).count() == 1


@pytest.mark.parametrize("choice", ["returned", "signed_off"])
def test_an_improvement_advisor_cannot_return_or_sign_off(client_as, advisor, awaiting, choice):
    response = client_as(advisor).post(
        qa_url(awaiting), decision(awaiting, choice, reason="Needs the carer's views.")
    )

    assert response.status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == Pep.Status.AWAITING_QA
    assert not QaReview.objects.exists()


def test_the_improvement_advisor_is_offered_feedback_only(client_as, advisor, awaiting):
    page = client_as(advisor).get(qa_url(awaiting)).content.decode()

    assert 'value="feedback"' in page
    assert 'value="signed_off"' not in page
    assert 'value="returned"' not in page


def test_feedback_needs_words(client_as, advisor, awaiting):
    response = client_as(advisor).post(
        qa_url(awaiting), decision(awaiting, "feedback", feedback="  ")
    )

    assert response.status_code == 200
    assert "Enter your feedback to the setting" in unescape(response.content.decode())
    assert not QaReview.objects.exists()


# --- Returning ----------------------------------------------------------------------------


def test_returning_needs_a_reason(client_as, cic_advisor, awaiting):
    response = client_as(cic_advisor).post(
        qa_url(awaiting), decision(awaiting, "returned", rag="red", reason="")
    )

    assert response.status_code == 200
    assert "Enter why the PEP is being returned" in unescape(response.content.decode())
    awaiting.refresh_from_db()
    assert awaiting.status == Pep.Status.AWAITING_QA


def test_returning_tells_the_key_person_and_manager_without_naming_the_child(
    client_as,
    cic_advisor,
    awaiting,
    key_person,
    manager,
    eager,
    django_capture_on_commit_callbacks,
):
    reason = "The carer's views need to say how the home routines have changed."
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(cic_advisor).post(
            qa_url(awaiting), decision(awaiting, "returned", rag="red", reason=reason)
        )

    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.returned_reason, awaiting.rag) == ("returned", reason, "red")
    assert QaReview.objects.get(pep=awaiting).reason == reason
    assert AuditEvent.objects.filter(verb="pep.returned").count() == 1
    told = set(
        Notification.objects.filter(kind="pep.returned").values_list("recipient", flat=True)
    )
    assert told == {key_person.pk, manager.pk}
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [key_person.email, manager.email]
    )
    for email in mail.outbox:
        for text in (email.subject, email.body):
            assert awaiting.child.first_name not in text
            assert awaiting.child.last_name not in text
            assert "routines" not in text
        assert "A PEP has been returned for changes at Acorn Day Nursery" in email.body


def test_only_a_pep_awaiting_qa_can_be_returned(client_as, cic_advisor, key_pep):
    response = client_as(cic_advisor).post(
        qa_url(key_pep), decision(key_pep, "returned", rag="red", reason="Too early.")
    )

    assert response.status_code == 200
    assert "Only a PEP awaiting quality assurance can be returned" in unescape(
        response.content.decode()
    )
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.PAPERWORK_REQUESTED
    assert not QaReview.objects.exists()


# --- Signing off ------------------------------------------------------------------------------


def test_signing_off_locks_the_pep_opens_the_next_cycle_and_queues_the_pack(
    client_as, cic_advisor, awaiting, listened, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_as(cic_advisor).post(qa_url(awaiting), decision(awaiting, "signed_off"))

    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == Pep.Status.SIGNED_OFF
    assert awaiting.is_locked and not awaiting.is_current
    assert (awaiting.signed_off_by, awaiting.signed_off_at) == (cic_advisor, timezone.now())
    assert QaReview.objects.get(pep=awaiting).decision == "signed_off"
    assert AuditEvent.objects.filter(verb="pep.signed_off").count() == 1
    [call] = listened
    assert (call["pep"].pk, call["by"], call["on"]) == (awaiting.pk, cic_advisor, NOW.date())
    # The listener saw the PEP no longer current: it may open the next one.
    assert call["pep"].is_current is False
    assert len(callbacks) == 1


def test_signing_off_opens_the_next_cycle_in_the_same_transaction(
    client_as, cic_advisor, awaiting
):
    """The clock's listener on ``on_signed_off`` opens the review after the signed PEP."""
    response = client_as(cic_advisor).post(qa_url(awaiting), decision(awaiting, "signed_off"))

    assert response.status_code == 302
    current = Pep.objects.get(child=awaiting.child, is_current=True)
    assert current.previous_id == awaiting.pk
    assert current.kind == Pep.Kind.REVIEW


def test_a_red_pep_cannot_be_signed_off(client_as, cic_advisor, awaiting, listened):
    response = client_as(cic_advisor).post(
        qa_url(awaiting), decision(awaiting, "signed_off", rag="red")
    )

    assert response.status_code == 200
    assert "A PEP rated red cannot be signed off" in unescape(response.content.decode())
    awaiting.refresh_from_db()
    assert awaiting.status == Pep.Status.AWAITING_QA
    assert not listened


@pytest.mark.parametrize(
    "status", [Pep.Status.PAPERWORK_REQUESTED, Pep.Status.SUBMITTED, Pep.Status.RETURNED]
)
def test_only_a_pep_awaiting_qa_can_be_signed_off(client_as, cic_advisor, awaiting, status):
    Pep.objects.filter(pk=awaiting.pk).update(status=status)

    response = client_as(cic_advisor).post(qa_url(awaiting), decision(awaiting, "signed_off"))

    assert response.status_code == 200
    assert "Only a PEP awaiting quality assurance can be signed off" in unescape(
        response.content.decode()
    )
    awaiting.refresh_from_db()
    assert awaiting.status == status
    assert not QaReview.objects.exists()


def test_an_la_where_the_child_is_only_placed_cannot_sign_off(client_as, other_la, awaiting):
    """A child in the care of another LA, placed at a setting in this one."""
    placing_la_advisor = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR).user
    placed = ChildFactory(
        care_setting=CareSettingFactory(local_authority=other_la), looked_after=True
    )
    placed.responsible_la = awaiting.responsible_la
    placed.save(update_fields=["responsible_la"])
    pep = PepFactory(child=placed, status=Pep.Status.AWAITING_QA)
    MeetingFactory(pep=pep)
    client = client_as(placing_la_advisor)

    assert client.get(qa_url(pep, la=other_la)).status_code == 200
    response = client.post(qa_url(pep, la=other_la), decision(pep, "signed_off"))

    assert response.status_code == 403
    pep.refresh_from_db()
    assert pep.status == Pep.Status.AWAITING_QA


def test_the_same_sign_off_sent_twice_signs_off_once(client_as, cic_advisor, awaiting, listened):
    client = client_as(cic_advisor)
    page = client.get(qa_url(awaiting)).content.decode()
    token = page.split('name="submission_token" value="')[1].split('"')[0]
    post = decision(awaiting, "signed_off", submission_token=token)

    first = client.post(qa_url(awaiting), post)
    second = client.post(qa_url(awaiting), post, follow=True)

    assert first.status_code == 302
    assert "This form was sent more than once: it has been saved once." in (
        unescape(second.content.decode())
    )
    assert QaReview.objects.filter(pep=awaiting).count() == 1
    assert len(listened) == 1


def test_a_decision_on_a_pep_changed_since_it_was_read_is_explained_not_saved(
    client_as, cic_advisor, awaiting
):
    post = decision(awaiting, "signed_off")
    Pep.objects.filter(pk=awaiting.pk).update(carer_views="Changed meanwhile.", version=99)

    response = client_as(cic_advisor).post(qa_url(awaiting), post)

    assert response.status_code == 200
    assert "Someone changed this PEP after you opened it" in unescape(response.content.decode())
    awaiting.refresh_from_db()
    assert awaiting.status == Pep.Status.AWAITING_QA
    assert 'name="version" value="99"' in unescape(response.content.decode())


def test_the_pep_returned_rule_writes_nothing_more_when_swept_again(
    client_as, cic_advisor, awaiting, manager
):
    from notifications import services
    from notifications.rules import RULES

    client_as(cic_advisor).post(
        qa_url(awaiting), decision(awaiting, "returned", rag="amber", reason="Add the dates.")
    )

    written = Notification.objects.count()
    assert written == 2
    assert services.sweep(today=NOW.date(), rules={"pep.returned": RULES["pep.returned"]}) == {
        "pep.returned": 0
    }


def test_the_qa_panel_shows_when_the_pep_was_returned_and_its_rating(
    client_as, cic_advisor, awaiting, key_person
):
    from django.template.loader import render_to_string

    from accounts.permissions import setting_access_for
    from pep.panels import _PANELS, pep_panels

    reason = "Add what the carer said about bedtime."
    client_as(cic_advisor).post(
        qa_url(awaiting), decision(awaiting, "returned", rag="amber", reason=reason)
    )
    awaiting.refresh_from_db()
    access = setting_access_for(key_person, awaiting.care_setting.slug)

    [(panel, context)] = [(p, c) for p, c in pep_panels(access, awaiting) if p.key == "qa"]
    # As the PEP page includes it: ``{% include panel.template with panel=... pep=... %}``.
    html = unescape(render_to_string(panel.template, {"panel": context, "pep": awaiting}))

    assert "qa" in _PANELS
    assert "Returned for changes" in html
    assert reason in html
    assert "Rated" not in html and "Amber" in html
    assert "Quality-assure this PEP" not in html


def test_reading_the_qa_page_is_written_to_the_pep_trail(client_as, advisor, awaiting):
    assert client_as(advisor).get(qa_url(awaiting)).status_code == 200

    read = AuditEvent.objects.get(verb="pep.viewed", actor=advisor)
    assert read.restricted_to == "view_pep"
    assert read.target_id == str(awaiting.pk)
