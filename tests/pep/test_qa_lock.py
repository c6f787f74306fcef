"""A signed PEP is locked: every write of quality assurance is refused; a correction keeps it."""

from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse

from common.models import AuditEvent, SubmissionToken
from notifications.models import Notification
from pep import hooks
from pep.models import Pep, PepPack, PepTarget, QaReview, TargetReview
from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory
from tests.factories.pep import PepFactory, PepTargetFactory, TargetReviewFactory

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))
WATCHED = (
    Pep,
    PepPack,
    PepTarget,
    TargetReview,
    QaReview,
    AuditEvent,
    Notification,
    SubmissionToken,
)


def snapshot():
    """Return every row of the tables a PEP's quality assurance could write."""
    return {model.__name__: sorted(map(repr, model.objects.values())) for model in WATCHED}


def changed_tables(before, after):
    return sorted(name for name in before if before[name] != after[name])


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed(signed_pep, settings, tmp_path, key_person, key_child):
    """The signed PEP with a stored pack, a chosen photo and a review of earlier targets."""
    settings.MEDIA_ROOT = str(tmp_path)
    earlier = PepFactory(child=key_child, signed=True)
    Pep.objects.filter(pk=signed_pep.pk).update(previous=earlier, voice_likes="Sand play.")
    signed_pep.refresh_from_db()
    TargetReviewFactory(pep=signed_pep, target=PepTargetFactory(pep=earlier))
    photo = ObservationPhotoFactory(
        observation=ObservationFactory(
            care_setting=key_child.care_setting, author=key_person, children=[key_child]
        )
    )
    signed_pep.voice_photos.add(photo)
    pack = PepPack(pep=signed_pep, sha256="0" * 64, size=8)
    pack.pdf.save("pack.pdf", ContentFile(b"%PDF-1.7"), save=True)
    return signed_pep


@pytest.fixture
def listened():
    calls = []

    def listener(**kwargs):
        calls.append(kwargs)

    hooks.on_signed_off.register(listener)
    yield calls
    hooks.on_signed_off._listeners.remove(listener)


def qa_url(pep):
    return reverse("settings:pep:qa", args=[pep.care_setting.slug, pep.pk])


def correction_url(pep):
    return reverse("settings:pep:correction", args=[pep.care_setting.slug, pep.pk])


def decision(pep, choice, **extra):
    return {
        "version": str(pep.version),
        "checklist": ["child_voice"],
        "rag": "green",
        "feedback": "Fine.",
        "decision": choice,
        "reason": "Needs changes.",
        **extra,
    }


@pytest.mark.parametrize("choice", ["feedback", "returned", "signed_off"])
def test_every_qa_decision_on_a_signed_pep_is_refused_and_changes_nothing(
    client_as, cic_advisor, signed, choice
):
    client = client_as(cic_advisor)
    before = snapshot()

    response = client.post(qa_url(signed), decision(signed, choice))

    assert response.status_code == 409
    assert "This PEP has been signed off and is locked" in unescape(response.content.decode())
    assert changed_tables(before, snapshot()) == []


def test_a_closed_pep_is_locked_too(client_as, cic_advisor, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.CLOSED, closed_reason=Pep.ClosedReason.LEFT_CARE
    )
    client = client_as(cic_advisor)
    before = snapshot()

    response = client.post(qa_url(key_pep), decision(key_pep, "feedback"))

    assert response.status_code == 409
    assert "This PEP is closed" in response.content.decode()
    assert changed_tables(before, snapshot()) == []


def test_the_qa_page_of_a_signed_pep_offers_no_decision_but_a_correction(
    client_as, cic_advisor, advisor, signed
):
    page = client_as(cic_advisor).get(qa_url(signed)).content.decode()

    assert 'name="decision"' not in page
    assert correction_url(signed) in page
    assert "Download the PEP pack" in page
    assert correction_url(signed) not in client_as(advisor).get(qa_url(signed)).content.decode()


def test_a_correction_copies_the_signed_pep_and_keeps_it_and_its_pack(
    client_as, cic_advisor, signed, key_person, manager
):
    before = model_to_dict(Pep.objects.get(pk=signed.pk))
    pack_before = model_to_dict(PepPack.objects.get(pep=signed))

    response = client_as(cic_advisor).post(
        correction_url(signed),
        {"version": str(signed.version), "reason": "The next PEP date was wrong."},
    )

    assert response.status_code == 302
    correction = Pep.objects.get(corrects=signed)
    assert response["Location"] == qa_url(correction)
    assert model_to_dict(Pep.objects.get(pk=signed.pk)) == before
    assert model_to_dict(PepPack.objects.get(pep=signed)) == pack_before
    assert correction.document_version == 2
    assert correction.status == Pep.Status.RETURNED and not correction.is_current
    assert correction.correction_reason == "The next PEP date was wrong."
    assert correction.returned_reason == "The next PEP date was wrong."
    assert correction.voice_likes == "Sand play."
    assert correction.previous_id == signed.previous_id
    assert list(correction.voice_photos.all()) == list(signed.voice_photos.all())
    assert [t.target for t in PepTarget.objects.filter(pep=correction)] == [
        t.target for t in PepTarget.objects.filter(pep=signed)
    ]
    assert list(TargetReview.objects.filter(pep=correction).values_list("target", "outcome")) == (
        list(TargetReview.objects.filter(pep=signed).values_list("target", "outcome"))
    )
    assert QaReview.objects.get(pep=correction).decision == "returned"
    assert AuditEvent.objects.filter(verb="pep.correction_opened").count() == 1
    told = set(
        Notification.objects.filter(kind="pep.returned").values_list("recipient", flat=True)
    )
    assert told == {key_person.pk, manager.pk}


def test_a_correction_needs_a_reason(client_as, cic_advisor, signed):
    client = client_as(cic_advisor)
    before = snapshot()

    response = client.post(correction_url(signed), {"version": str(signed.version), "reason": " "})

    assert response.status_code == 200
    assert "Enter why the signed PEP needs correcting" in response.content.decode()
    assert changed_tables(before, snapshot()) == []


def test_only_a_signed_pep_can_be_corrected(client_as, cic_advisor, key_pep):
    client = client_as(cic_advisor)
    before = snapshot()

    response = client.post(
        correction_url(key_pep), {"version": str(key_pep.version), "reason": "Wrong date."}
    )

    assert response.status_code == 409
    assert "Only a signed-off PEP can be corrected" in response.content.decode()
    assert changed_tables(before, snapshot()) == []


def test_a_pep_is_corrected_once_then_its_correction_is(client_as, cic_advisor, signed):
    client = client_as(cic_advisor)
    post = {"version": str(signed.version), "reason": "Wrong date."}
    client.post(correction_url(signed), post)
    before = snapshot()

    response = client.post(correction_url(signed), post)

    assert response.status_code == 409
    assert "already has a correction (version 2)" in response.content.decode()
    assert changed_tables(before, snapshot()) == []


def test_an_improvement_advisor_cannot_correct(client_as, advisor, signed):
    response = client_as(advisor).post(
        correction_url(signed), {"version": str(signed.version), "reason": "Wrong date."}
    )

    assert response.status_code == 403
    assert not Pep.objects.filter(corrects=signed).exists()


def test_signing_off_a_correction_opens_no_new_cycle(
    client_as, cic_advisor, signed, listened, django_capture_on_commit_callbacks
):
    client = client_as(cic_advisor)
    client.post(correction_url(signed), {"version": str(signed.version), "reason": "Wrong date."})
    correction = Pep.objects.get(corrects=signed)
    Pep.objects.filter(pk=correction.pk).update(status=Pep.Status.AWAITING_QA)
    correction.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(qa_url(correction), decision(correction, "signed_off"))

    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == Pep.Status.SIGNED_OFF
    assert listened == []
    assert len(callbacks) == 1  # its own pack
    signed.refresh_from_db()
    assert signed.status == Pep.Status.SIGNED_OFF


def test_the_panel_links_a_signed_pep_and_its_correction_both_ways(
    client_as, cic_advisor, signed, key_person
):
    from accounts.permissions import setting_access_for
    from pep.qa.register import qa_panel

    client_as(cic_advisor).post(
        correction_url(signed), {"version": str(signed.version), "reason": "Wrong date."}
    )
    correction = Pep.objects.get(corrects=signed)
    access = setting_access_for(key_person, signed.care_setting.slug)

    old = qa_panel(access, Pep.objects.get(pk=signed.pk))
    new = qa_panel(access, correction)

    assert [row["version"] for row in old["corrections"]] == [2]
    assert old["pack_url"] == reverse(
        "settings:pep:pack_pdf", args=[signed.care_setting.slug, signed.pk]
    )
    assert new["corrects"]["version"] == 1
    assert new["returned_reason"] == "Wrong date."
    assert new["qa_url"] == ""  # the key person does not quality-assure
