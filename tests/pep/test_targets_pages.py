"""SMART targets: added, changed and removed by the key person, manager or organiser."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from common.models import AuditEvent
from pep.models import PepTarget
from pep.paperwork.services import target_fingerprint
from tests.factories.accounts import LaRoleFactory
from tests.factories.learning import area
from tests.factories.pep import PepFactory, PepTargetFactory

pytestmark = pytest.mark.django_db


def add_url(pep, la=None):
    if la is not None:
        return reverse("la_pep:target_add", args=[la.slug, pep.pk])
    return reverse("settings:pep:target_add", args=[pep.care_setting.slug, pep.pk])


def edit_url(target):
    pep = target.pep
    return reverse("settings:pep:target_edit", args=[pep.care_setting.slug, pep.pk, target.pk])


def delete_url(target):
    pep = target.pep
    return reverse("settings:pep:target_delete", args=[pep.care_setting.slug, pep.pk, target.pk])


def a_target(**more):
    by_when = timezone.localdate() + timedelta(days=60)
    return {
        "area": area("PSED").pk,
        "target": "Join a small group game for five minutes.",
        "actions": "Short turn-taking games each morning.",
        "who": "Key person",
        "by_when_0": str(by_when.day),
        "by_when_1": str(by_when.month),
        "by_when_2": str(by_when.year),
        "success_measure": "Stays in the game for five minutes, three days in a week.",
        **more,
    }


def test_the_key_person_adds_a_smart_target(client_as, key_person, key_pep):
    response = client_as(key_person).post(add_url(key_pep), a_target(), follow=True)

    target = PepTarget.objects.get(pep=key_pep)
    assert target.area == area("PSED")
    assert target.smart_warnings() == []
    assert "The target has been added." in response.content.decode()
    assert AuditEvent.objects.filter(verb="pep.target_added").count() == 1


def test_a_target_that_is_not_specific_is_saved_with_a_warning(client_as, key_person, key_pep):
    data = a_target(who="", success_measure="", by_when_0="", by_when_1="", by_when_2="")

    response = client_as(key_person).post(add_url(key_pep), data, follow=True)

    html = response.content.decode()
    assert PepTarget.objects.filter(pep=key_pep).count() == 1
    assert "It is not yet specific" in html  # after saving
    assert "govuk-warning-text" in html  # and on the page, beside the target
    assert "It has no date to be achieved by." in html
    assert "It does not say who will do it." in html
    assert "It does not say how success will be measured." in html


def test_an_eypp_funded_target_needs_its_cost(client_as, key_person, key_pep):
    response = client_as(key_person).post(add_url(key_pep), a_target(eypp_funded="on"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the cost, as the target is funded by EYPP" in html
    assert "Join a small group game for five minutes." in html
    assert not PepTarget.objects.exists()

    client_as(key_person).post(add_url(key_pep), a_target(eypp_funded="on", cost="£120.50"))
    assert str(PepTarget.objects.get().cost) == "120.50"


def test_the_same_target_form_sent_twice_adds_one_target(client_as, key_person, key_pep):
    client = client_as(key_person)
    page = client.get(add_url(key_pep)).content.decode()
    token = page.split('name="submission_token" value="')[1].split('"')[0]

    client.post(add_url(key_pep), a_target(submission_token=token))
    again = client.post(add_url(key_pep), a_target(submission_token=token), follow=True)

    assert PepTarget.objects.filter(pep=key_pep).count() == 1
    assert "sent more than once" in again.content.decode()


def test_the_organiser_adds_targets_under_the_la(client_as, cic_advisor, home_la, key_pep):
    response = client_as(cic_advisor).post(add_url(key_pep, la=home_la), a_target())

    assert response.status_code == 302
    assert response["Location"].startswith(f"/la/{home_la.slug}/pep/{key_pep.pk}/")
    assert PepTarget.objects.filter(pep=key_pep).count() == 1


@pytest.mark.parametrize("persona", ["practitioner", "dsl", "advisor"])
def test_readers_and_others_cannot_add_targets(request, client_as, persona, key_pep):
    user = request.getfixturevalue(persona)

    assert client_as(user).post(add_url(key_pep), a_target()).status_code == 403
    assert not PepTarget.objects.exists()


def test_only_the_responsible_las_advisor_adds_targets(
    client_as, cic_advisor, key_pep, home_la, other_la
):
    responsible = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR).user
    key_pep.child.responsible_la = other_la
    key_pep.child.save(update_fields=["responsible_la"])

    # The LA where the child is placed reads the PEP; the responsible LA organises it.
    placed = client_as(cic_advisor).post(add_url(key_pep, la=home_la), a_target())
    organised = client_as(responsible).post(
        reverse("la_pep:target_add", args=[other_la.slug, key_pep.pk]), a_target()
    )

    assert placed.status_code == 403
    assert organised.status_code == 302
    assert PepTarget.objects.count() == 1


def test_a_target_is_changed(client_as, key_person, key_pep):
    target = PepTargetFactory(pep=key_pep)
    data = a_target(loaded=target_fingerprint(target), target="Ask for help with two words.")

    response = client_as(key_person).post(edit_url(target), data)

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.target == "Ask for help with two words."
    assert AuditEvent.objects.filter(verb="pep.target_changed").count() == 1


def test_a_target_changed_meanwhile_is_explained_and_what_was_typed_kept(
    client_as, key_person, key_pep
):
    target = PepTargetFactory(pep=key_pep)
    loaded = target_fingerprint(target)
    PepTarget.objects.filter(pk=target.pk).update(who="Carer")

    response = client_as(key_person).post(
        edit_url(target), a_target(loaded=loaded, who="Key person and carer")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this target" in html
    assert "Key person and carer" in html
    assert ">Carer<" in html
    target.refresh_from_db()
    assert target.who == "Carer"


def test_a_target_is_removed_after_confirmation(client_as, key_person, key_pep):
    target = PepTargetFactory(pep=key_pep)
    client = client_as(key_person)

    page = client.get(delete_url(target))
    assert "Are you sure you want to remove this target?" in page.content.decode()
    response = client.post(delete_url(target), {"loaded": target_fingerprint(target)})

    assert response.status_code == 302
    assert not PepTarget.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(verb="pep.target_removed").count() == 1


def test_another_peps_target_is_not_found(client_as, key_person, key_pep, care_setting):
    stranger = PepTargetFactory(pep=PepFactory(child__care_setting=care_setting))
    url = reverse("settings:pep:target_edit", args=[care_setting.slug, key_pep.pk, stranger.pk])

    assert client_as(key_person).get(url).status_code == 404
