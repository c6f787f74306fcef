"""A signed or closed PEP: every write is refused with a clear message, nothing changes."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from common.models import AuditEvent
from pep.models import Pep, PepTarget, TargetReview
from pep.paperwork.sections import SECTIONS
from pep.paperwork.services import target_fingerprint
from tests.factories.learning import area

pytestmark = pytest.mark.django_db

LOCKED = "Signed off: this PEP can no longer be changed"


def write_urls(pep, target):
    slug = pep.care_setting.slug
    urls = [
        reverse("settings:pep:section", args=[slug, pep.pk, section.slug])
        for section in SECTIONS
        if section.form is not None
    ]
    return [
        *urls,
        reverse("settings:pep:submit", args=[slug, pep.pk]),
        reverse("settings:pep:target_add", args=[slug, pep.pk]),
        reverse("settings:pep:target_edit", args=[slug, pep.pk, target.pk]),
        reverse("settings:pep:target_delete", args=[slug, pep.pk, target.pk]),
    ]


def state(pep):
    pep = Pep.objects.get(pk=pep.pk)
    return (
        model_to_dict(pep, exclude=["voice_photos"]),
        list(PepTarget.objects.filter(pep=pep).values()),
        TargetReview.objects.count(),
        AuditEvent.objects.count(),
    )


def a_post(pep, target):
    return {
        "version": pep.version,
        "voice_likes": "Changed",
        "carer_views": "Changed",
        "progress_notes": "Changed",
        "health": "Changed",
        "area": area("CL").pk,
        "target": "Changed",
        "loaded": target_fingerprint(target),
    }


@pytest.mark.parametrize("persona", ["manager", "key_person"])
def test_every_write_to_a_signed_pep_is_refused_and_changes_nothing(
    request, client_as, persona, signed_pep
):
    client = client_as(request.getfixturevalue(persona))
    target = signed_pep.targets.get()
    before = state(signed_pep)

    for url in write_urls(signed_pep, target):
        response = client.post(url, a_post(signed_pep, target))
        assert response.status_code == 409, url
        assert LOCKED in response.content.decode(), url

    assert state(signed_pep) == before


def test_the_write_pages_of_a_signed_pep_say_why_they_cannot_be_used(
    client_as, manager, signed_pep
):
    client = client_as(manager)
    target = signed_pep.targets.get()

    for url in write_urls(signed_pep, target)[-4:]:
        response = client.get(url)
        assert response.status_code == 409, url
        assert LOCKED in response.content.decode(), url


def test_a_signed_peps_sections_read_without_a_form(client_as, manager, signed_pep):
    url = reverse(
        "settings:pep:section", args=[signed_pep.care_setting.slug, signed_pep.pk, "views"]
    )

    html = client_as(manager).get(url).content.decode()

    assert LOCKED in html
    assert "<textarea" not in html


def test_the_organiser_is_refused_on_a_signed_pep_too(client_as, cic_advisor, home_la, signed_pep):
    target = signed_pep.targets.get()
    client = client_as(cic_advisor)
    before = state(signed_pep)

    for name, args in (
        ("la_pep:section", [signed_pep.pk, "views"]),
        ("la_pep:target_add", [signed_pep.pk]),
        ("la_pep:target_edit", [signed_pep.pk, target.pk]),
        ("la_pep:target_delete", [signed_pep.pk, target.pk]),
    ):
        response = client.post(
            reverse(name, args=[home_la.slug, *args]), a_post(signed_pep, target)
        )
        assert response.status_code == 409, name

    assert state(signed_pep) == before


def test_a_closed_pep_is_refused_as_closed(client_as, key_person, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.CLOSED, closed_reason=Pep.ClosedReason.LEFT_CARE, is_current=False
    )
    url = reverse("settings:pep:section", args=[key_pep.care_setting.slug, key_pep.pk, "views"])

    response = client_as(key_person).post(url, {"version": 1, "carer_views": "x"})

    assert response.status_code == 409
    assert "This PEP is closed" in response.content.decode()
